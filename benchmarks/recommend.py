"""Time the recommend family of commands on the embedded data, as a user runs them (a fresh
process each time, so start-up and loading count).

Usage: python benchmarks/recommend.py [--repeat 3]
Prints a table; it asserts nothing (timings belong here, not in tests).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

from rich.console import Console
from rich.progress import track
from rich.table import Table

COMMANDS = [
    ["score"],
    ["recommend"],
    ["recommend", "--explain"],
    ["recommend", "--by-dimension"],
    ["recommend", "--institution", "SEGA", "--horizon", "short"],
    ["recommend", "--stability"],
    ["simulate", "--adopt", "13.S1,6.S2"],
    ["deps", "SEGA"],
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    table = Table(title=f"eggo commands on the embedded data (best and median of {repeat})")
    for col in ("command", "best s", "median s"):
        table.add_column(col, justify="left" if col == "command" else "right")
    for args in track(COMMANDS, description="Timing", console=Console(stderr=True)):
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "eggo_graph", *args, "--format", "json"],
                check=True,
                capture_output=True,
            )
            times.append(time.perf_counter() - start)
        table.add_row(
            "eggo " + " ".join(args), f"{min(times):.2f}", f"{statistics.median(times):.2f}"
        )
    Console().print(table)


if __name__ == "__main__":
    main()
