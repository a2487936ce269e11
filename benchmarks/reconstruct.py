"""Time the reconstruction model on the embedded assessment: reading the model from the graph,
checking the given ratings, enumerating every block, the full report (forced/free for 230
ratings), one benchmark as `eggo show` asks, and the ranking over N reconstructions.

Usage: python benchmarks/reconstruct.py [--draws 50]
Prints a table; it asserts nothing (timings belong here, not in tests).
"""

from __future__ import annotations

import argparse
import time

from rich.console import Console
from rich.table import Table

from eggo_graph import reconstruction as R
from eggo_graph.assessments import select_assessment
from eggo_graph.recommend import read_ranking_inputs
from eggo_graph.store import open_store


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=50)
    args = parser.parse_args()
    store = open_store([])
    assessment = select_assessment(store, None)
    problem, t_build = timed(lambda: R.build_problem(store, assessment))
    _, t_check = timed(lambda: R.check_given(problem))
    solution, t_solve = timed(lambda: R.solve(problem))
    _, t_report = timed(lambda: R.reconstruct(store, assessment))
    _, t_show = timed(lambda: R.rating_latitude(store, assessment, "6.4"))
    inputs = read_ranking_inputs(store, assessment)
    _, t_rank = timed(
        lambda: R.stability_over_reconstructions(store, assessment, inputs, args.draws)
    )
    solutions = sum(len(b.solutions) for g in solution.groups for b in g.blocks)
    rows = [
        ("read the model (3 queries)", f"{len(problem.constraints)} constraints", t_build),
        ("check the given ratings", f"{len(problem.ratings)} ratings", t_check),
        ("enumerate every block", f"{solutions:,} block solutions", t_solve),
        ("full report (forced/free, counts)", "18 dimensions", t_report),
        ("one benchmark (eggo show 6.4)", "its tied group", t_show),
        (f"ranking over {args.draws} reconstructions", f"{solution.count:.3g} feasible", t_rank),
    ]
    table = Table(title="eggo reconstruct on UA-2018")
    for column in ("step", "size", "seconds"):
        table.add_column(column, justify="right" if column == "seconds" else "left")
    for step, size, seconds in rows:
        table.add_row(step, size, f"{seconds:.2f}")
    Console().print(table)


if __name__ == "__main__":
    main()
