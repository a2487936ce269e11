"""Time `eggo validate`: the embedded data, then N synthetic assessments side by side.

Usage: python benchmarks/validate.py [--sizes 1,10,100] [--reference]
Prints a table; it asserts nothing (timings belong here, not in tests). The synthetic
assessments rate every benchmark with foresight never below progress and one quoted passage per
benchmark, so they conform except where the random ratings break a framework link (a
prerequisite, a shared measure): those findings are part of the work measured.
--reference also times the pure-pySHACL engine on the smallest size (slow: minutes).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.progress import track
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from assessment_factory import assessment_graph, benchmark_dimensions

from eggo_graph.store import open_store
from eggo_graph.validation import validate_store


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def cli_seconds(*args: str, repeat: int = 3) -> float:
    """Best wall time of the real command in a fresh process (start-up and imports included)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "eggo_graph", "validate", *args], capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,10,100")
    parser.add_argument("--reference", action="store_true")
    options = parser.parse_args()
    sizes = [int(s) for s in options.sizes.split(",")]
    table = Table(title="eggo validate: SHACL rules (Core in pySHACL, SHACL-SPARQL on Oxigraph)")
    for col in (
        "data",
        "triples",
        "load s",
        "validate s",
        "per assessment ms",
        "findings",
        "CLI s",
    ):
        table.add_column(col, justify="right")

    store, load = timed(open_store)
    result, seconds = timed(lambda: validate_store(store))
    table.add_row(
        "embedded UA-2018",
        f"{len(store._store):,}",  # type: ignore[attr-defined]
        f"{load:.3f}",
        f"{seconds:.3f}",
        f"{seconds * 1000:.0f}",
        str(len(result.findings)),
        f"{cli_seconds():.2f}",
    )

    codes = list(benchmark_dimensions())
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"synthetic-{n}.nt"
            g = None
            for i in track(range(n), description=f"generating {n} assessments", transient=True):
                ratings = {
                    c: (p, max(p, rng.randint(0, 2))) for c in codes for p in [rng.randint(0, 2)]
                }
                part = assessment_graph(f"S{i}", 2000 + i // 26, ratings, evidence=True)
                g = part if g is None else g + part
            g.serialize(path, format="nt", encoding="utf-8")
            store, load = timed(lambda path=path: open_store([path], embedded=False))
            result, seconds = timed(lambda store=store: validate_store(store))
            cli = cli_seconds("--no-embedded", "--data", str(path), repeat=1)
            table.add_row(
                f"{n} synthetic",
                f"{len(g):,}",
                f"{load:.3f}",
                f"{seconds:.3f}",
                f"{seconds / n * 1000:.0f}",
                str(len(result.findings)),
                f"{cli:.2f}",
            )
            if options.reference and n == min(sizes):
                _, ref = timed(lambda store=store: validate_store(store, engine="pyshacl"))
                table.add_row(f"{n} synthetic, pySHACL only", "", "", f"{ref:.3f}", "", "", "")
    Console().print(table)


if __name__ == "__main__":
    main()
