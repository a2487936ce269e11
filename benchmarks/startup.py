"""Start-up: each eggo command's whole-process wall time next to the floor, in one run.

Usage: python benchmarks/startup.py [--runs 5] [--markdown]

The floor is ``benchmarks/startup_floor.py``: a bare Python process that parses every shipped
Turtle file into pyoxigraph and runs the score query
(``queries/scores.rq``). Each command runs on the
embedded data, with its output thrown away; the runs go round-robin (floor, score, show, ...,
floor, score, ...) so that a busy neighbour slows all of them alike. The table gives each one's
median wall time and its ratio to the floor's (the goal of issue 16 applies to this ratio: 3×
for score, show, deps and simulate; 4× for recommend and validate), and the same for CPU time
(user + system of the process), which is steadier on a shared machine. It asserts nothing and
is not run in CI.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent
FLOOR = [sys.executable, str(HERE / "startup_floor.py")]
# The command and its goal (at most this many times the floor).
COMMANDS: list[tuple[list[str], float]] = [
    (["score"], 3),
    (["show", "6.4"], 3),
    (["deps", "SEGA"], 3),
    (["simulate", "--set", "13=100"], 3),
    (["recommend"], 4),
    (["validate"], 4),
]


def eggo() -> list[str]:
    """The installed eggo script beside this Python, else ``python -m eggo_graph``."""
    script = Path(sys.executable).with_name("eggo")
    if script.exists():
        return [str(script)]
    found = shutil.which("eggo")
    return [found] if found else [sys.executable, "-m", "eggo_graph"]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of argv."""
    cpu, start = children_cpu(), time.perf_counter()
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    took = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(argv)} failed: {proc.stderr.strip()}")
    return took, children_cpu() - cpu


def round_robin(
    argvs: dict[str, list[str]], runs: int
) -> tuple[dict[str, float], dict[str, float]]:
    """Run each command ``runs`` times, in turn (so a busy neighbour slows all alike); the median
    wall and CPU seconds of each, by name."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in argvs}
    with Console(stderr=True).status("timing") as status:
        for i in range(runs):
            for name, argv in argvs.items():
                status.update(f"run {i + 1}/{runs}: {name}")
                times[name].append(timed(argv))
    wall = {n: statistics.median(w for w, _ in t) for n, t in times.items()}
    cpu = {n: statistics.median(c for _, c in t) for n, t in times.items()}
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    base = eggo()
    argvs = {"floor": FLOOR}
    goals: dict[str, float] = {}
    for cmd, goal in COMMANDS:
        name = " ".join(["eggo", *cmd])
        argvs[name], goals[name] = [*base, *cmd], goal
    wall, cpu = round_robin(argvs, args.runs)
    rows = []
    for name in argvs:
        ratio = wall[name] / wall["floor"]
        row = [name, f"{wall[name]:.3f}", f"{ratio:.1f}"]
        row += [f"{cpu[name]:.3f}", f"{cpu[name] / cpu['floor']:.1f}"]
        if name == "floor":
            row += ["", ""]
        else:
            row += [f"≤ {goals[name]:g}", "met" if ratio <= goals[name] else "MISSED"]
        rows.append(row)
    header = ["command", "wall s", "× floor", "CPU s", "CPU × floor", "goal (wall)", ""]
    title = f"Start-up, median of {args.runs} runs each, embedded data"
    if os.environ.get("EGGO_STORE"):
        title += f", EGGO_STORE={os.environ['EGGO_STORE']}"
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|---|---:|---:|---:|---:|---|---|")
        for r in rows:
            print("| " + " | ".join(r) + " |")
        return
    t = Table(title=title, title_justify="left")
    for h in header:
        t.add_column(h, justify="left" if h in ("command", "goal (wall)", "") else "right")
    for r in rows:
        t.add_row(*r)
    Console().print(t)


if __name__ == "__main__":
    main()
