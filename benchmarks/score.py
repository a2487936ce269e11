"""Time loading and scoring: the embedded data, then N synthetic assessments side by side.

Usage: python benchmarks/score.py [--sizes 1,10,100]
Prints a table; it asserts nothing (timings belong here, not in tests).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.progress import track
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from assessment_factory import assessment_graph, benchmark_dimensions

from eggo_graph.assessments import list_assessments, select_assessment
from eggo_graph.scores import score_table
from eggo_graph.store import open_store


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,10,100")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    table = Table(title="eggo: load and score (Oxigraph, in memory)")
    for col in (
        "assessments",
        "triples",
        "load s",
        "score one s",
        "score all s",
        "per assessment ms",
    ):
        table.add_column(col, justify="right")

    store, load = timed(open_store)
    _, one = timed(lambda: score_table(store, select_assessment(store)))
    table.add_row(
        "1 (embedded UA-2018)", "-", f"{load:.3f}", f"{one:.3f}", f"{one:.3f}", f"{one * 1000:.1f}"
    )

    codes = list(benchmark_dimensions())
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"synthetic-{n}.ttl"
            g = None
            for i in track(range(n), description=f"generating {n} assessments", transient=True):
                ratings = {
                    c: (p, max(p, rng.randint(0, 2))) for c in codes for p in [rng.randint(0, 2)]
                }
                part = assessment_graph(f"S{i}", 2000 + i % 25, ratings)
                g = part if g is None else g + part
            g.serialize(path, format="nt", encoding="utf-8")
            triples = len(g)
            store, load = timed(lambda path=path: open_store([path], embedded=False))
            found = list_assessments(store)
            _, first = timed(lambda store=store, found=found: score_table(store, found[0]))
            _, total = timed(
                lambda store=store, found=found: [score_table(store, a) for a in found]
            )
            table.add_row(
                str(n),
                f"{triples:,}",
                f"{load:.3f}",
                f"{first:.3f}",
                f"{total:.3f}",
                f"{total / n * 1000:.1f}",
            )
    Console().print(table)


if __name__ == "__main__":
    main()
