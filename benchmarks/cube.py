"""Time the Data Cube export and its integrity constraints for 1..N synthetic assessments.

IC-12 (no duplicate observations) compares every pair of observations as the standard writes
it; the GROUP BY rewrite in tests/test_export.py groups observations by their dimension values.
The quadratic one is skipped above --pairs-limit observations.

Usage: python benchmarks/cube.py [--sizes 1,10,50] [--pairs-limit 2000]
Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from assessment_factory import assessment_graph, benchmark_dimensions
from helpers import IC_DIR, IC_FILES, ic12_grouped, violations

from eggo_graph.export import export_cube
from eggo_graph.store import open_store


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,10,50")
    parser.add_argument("--pairs-limit", type=int, default=2000)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    table = Table(title="eggo export --format qb: export and integrity constraints")
    for col in (
        "assessments",
        "observations",
        "export s",
        "IC-12 as written s",
        "IC-12 GROUP BY s",
        "other ICs s",
        "violations",
    ):
        table.add_column(col, justify="right")
    codes = list(benchmark_dimensions())
    rng = random.Random(7)
    ic12 = IC_DIR / "ic-12-no-duplicate-observations.rq"
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            g = None
            for i in range(n):
                ratings = {
                    c: (p, max(p, rng.randint(0, 2))) for c in codes for p in [rng.randint(0, 2)]
                }
                part = assessment_graph(f"S{i}", 2000 + i % 25, ratings)
                g = part if g is None else g + part
            path = Path(tmp) / f"synthetic-{n}.nt"
            g.serialize(path, format="nt", encoding="utf-8")
            store = open_store([path], embedded=False)
            cube_text, export_s = timed(lambda store=store: export_cube(store))
            cube = ox.Store()
            cube.load(cube_text, format=ox.RdfFormat.TURTLE)
            obs = sum(
                1
                for _ in cube.quads_for_pattern(
                    None, None, ox.NamedNode("http://purl.org/linked-data/cube#Observation")
                )
            )
            if obs <= args.pairs_limit:
                found, written_s = timed(lambda cube=cube: violations(cube, ic12))
                written = f"{written_s:.3f}"
            else:
                found, written = [], "skipped"
            grouped, grouped_s = timed(lambda cube=cube: ic12_grouped(cube))
            others, others_s = timed(
                lambda cube=cube: [v for p in IC_FILES if p != ic12 for v in violations(cube, p)]
            )
            table.add_row(
                str(n),
                f"{obs:,}",
                f"{export_s:.3f}",
                written,
                f"{grouped_s:.3f}",
                f"{others_s:.3f}",
                str(len(found) + int(grouped) + len(others)),
            )
    Console().print(table)


if __name__ == "__main__":
    main()
