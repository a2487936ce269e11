"""Time `eggo report`'s steps on the embedded data (scores, scenarios, recommendations,
validation, benchmarks, figures, HTML), in one process, for each dependency graph layout.

Usage: python benchmarks/report.py [--repeat 3]
Prints a table; it asserts nothing (timings belong here, not in tests).
"""

from __future__ import annotations

import argparse
import statistics
import time

from rich.table import Table

from eggo_graph import open_store, select_assessment
from eggo_graph.figures.dimension_graph import dot_available
from eggo_graph.render import console
from eggo_graph.report import build_report, render_html


def timed_build(store, assessment, engine: str, png: bool) -> dict[str, float]:
    times: dict[str, float] = {}
    last = [time.perf_counter(), ""]

    def step(name: str) -> None:
        now = time.perf_counter()
        if last[1]:
            times[last[1]] = now - last[0]
        last[:] = [now, name]

    report = build_report(store, assessment, graph_engine=engine, png=png, step=step)
    step("html")
    render_html(report)
    step("")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    store = open_store()
    assessment = select_assessment(store, "UA-2018")
    engines = ["networkx", *(["graphviz"] if dot_available() else [])]
    runs = {
        (engine, png): [timed_build(store, assessment, engine, png) for _ in range(repeat)]
        for engine in engines
        for png in (False, True)
    }
    steps = list(next(iter(runs.values()))[0])
    table = Table(title=f"eggo report steps, seconds (median of {repeat})")
    table.add_column("step")
    for engine, png in runs:
        table.add_column(f"{engine}{' + PNG' if png else ''}", justify="right")
    for name in [*steps, "total"]:
        cells = []
        for samples in runs.values():
            values = [sum(s.values()) if name == "total" else s[name] for s in samples]
            cells.append(f"{statistics.median(values):.2f}")
        table.add_row(name, *cells)
    console().print(table)


if __name__ == "__main__":
    main()
