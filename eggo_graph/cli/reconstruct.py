"""`eggo reconstruct`: which ratings the published figures and the rules force, which are
judgement, and how many assignments fit each dimension."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import Progress

from ..assessments import Assessment, select_assessment
from ..reconstruction import (
    Report,
    broken_rows,
    check_reconstruction,
    report_graph,
)
from ..reconstruction import reconstruct as solve
from ..render import OutputFormat, Result, console, emit, say, table, to_json, write
from ..store import Store, open_store
from .common import (
    AssessmentOption,
    DataOption,
    NoEmbeddedOption,
    format_option,
    handle_errors,
)

EXAMPLES = """Examples:

  eggo reconstruct --check

  eggo reconstruct --summary

  eggo reconstruct --dimension 13

  eggo reconstruct --format json

  eggo reconstruct --format ttl > latitude.ttl

Exit codes: 0 ok, 1 the given ratings break a published figure or a rule (--check), 2 could
not run.
"""

RATING_COLUMNS = [
    "dimension", "code", "aspect", "level", "forced", "feasible",
    "feasible_without_warnings", "forced_by", "rationale", "dimension_count",
]  # fmt: skip
DIMENSION_COLUMNS = ["dimension", "name", "ratings", "forced", "free", "count", "tied_with"]
BROKEN_COLUMNS = ["severity", "rule", "constraint", "given", "quote", "line"]


def no_figures_note(report_or_figures: int, assessment_id: str) -> str:
    return (
        f"{assessment_id} has no published figures to constrain against (its ratings were "
        "assessed, not reconstructed): only the rules limit them."
        if not report_or_figures
        else ""
    )


@handle_errors
def reconstruct(
    check_only: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Only check that the assessment's ratings meet every published figure and "
            "violation rule; name each broken constraint and exit 1 if one is broken.",
        ),
    ] = False,
    dimension: Annotated[
        str | None,
        typer.Option("--dimension", metavar="CODE", help="Only this dimension, e.g. 13."),
    ] = None,
    summary: Annotated[
        bool,
        typer.Option("--summary", help="Only the table of dimensions (table format)."),
    ] = False,
    data: DataOption = None,
    assessment: AssessmentOption = None,
    fmt: Annotated[
        OutputFormat,
        format_option(
            "table",
            "csv",
            "json",
            "ttl",
            help="table, csv (one row per rating) or json; ttl prints the results as RDF with "
            "their provenance.",
        ),
    ] = OutputFormat.table,
    no_embedded: NoEmbeddedOption = False,
) -> None:
    """Say which ratings the published figures and the rules force, and which are judgement.

    The model (OR-Tools CP-SAT) is read from the graph: each reported dimension score (a mean
    rounded half up to 0.1) and status, each reported trend, and every violation rule of
    rules/ that limits levels. Warnings (foresight below progress) stay soft: a rating lists
    apart the levels that also meet them. For every rating: forced (one feasible level, and the
    constraints that force it) or free (its feasible levels, and the level chosen with its
    rationale). For every dimension: the exact number of feasible assignments of its ratings;
    dimensions tied by cross-dimension rules are enumerated together.
    """
    store = open_store(data or [], embedded=not no_embedded)
    chosen = select_assessment(store, assessment)
    if check_only:
        _check(store, chosen, fmt)
        return
    problem_codes = None
    if dimension is not None:
        from ..reconstruction import build_problem

        problem = build_problem(store, chosen)
        problem_codes = [v.code for v in problem.ratings if v.dimension == dimension]
        if not problem_codes:
            from ..errors import InputError

            raise InputError(
                f"there is no dimension {dimension!r}",
                "--dimension",
                f"use one of {', '.join(problem.dimensions())}",
            )
    err = console(stderr=True)
    with Progress(console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("Solving the ratings", total=None)
        report = solve(store, chosen, codes=problem_codes, progress=lambda: bar.advance(task))
    _print(report, fmt, summary)


def _check(store: Store, chosen: Assessment, fmt: OutputFormat) -> None:
    problem, broken, warnings = check_reconstruction(store, chosen)
    rows = broken_rows(broken, warnings)
    note = no_figures_note(problem.figures, chosen.id)
    verdict = (
        f"The ratings of {chosen.id} meet its {problem.figures} published figures and every "
        f"violation rule ({len(problem.hard)} constraints; {len(warnings)} warnings)."
        if not broken
        else f"The ratings of {chosen.id} break {len(broken)} constraint(s) of {len(problem.hard)}."
    )
    if fmt is OutputFormat.json:
        write(
            to_json(
                {
                    "assessment": chosen.id,
                    "feasible": not broken,
                    "published_figures": problem.figures,
                    "constraints": len(problem.hard),
                    "note": note,
                    "broken": rows,
                }
            )
        )
    elif fmt is OutputFormat.csv:
        emit(Result(rows, BROKEN_COLUMNS), OutputFormat.csv)
    else:
        for r in rows:
            say(
                f"{r['severity'].upper():9} {r['constraint']}  [{r['rule']}]"
                + f"\n  given: {r['given']}"
                + (f"\n  evidence: “{r['quote']}” (line {r['line']})" if r["quote"] else ""),
                wrap=True,
            )
        if note:
            say(note, wrap=True)
        say(verdict, wrap=True)
    if broken:
        raise typer.Exit(1)


def _print(report: Report, fmt: OutputFormat, summary: bool = False) -> None:
    a = report.assessment
    note = no_figures_note(report.problem.figures, a.id)
    if fmt is OutputFormat.ttl:
        write(report_graph(report).serialize(format="turtle").rstrip() + "\n")
        return
    if fmt is OutputFormat.json:
        write(
            to_json(
                {
                    "assessment": a.id,
                    "feasible": report.feasible,
                    "published_figures": report.problem.figures,
                    "note": note,
                    "dimensions": [d.as_dict() for d in report.dimensions],
                }
            )
        )
        return
    if fmt is OutputFormat.csv:
        emit(Result(report.rating_rows(), RATING_COLUMNS), OutputFormat.csv)
        return
    say(
        table(
            report.dimension_rows(),
            DIMENSION_COLUMNS,
            title=f"Feasible reconstructions: {a.label or a.id} ({a.id})",
            headers={"tied_with": "tied with", "dimension": "dim"},
            justify_right=["ratings", "forced", "free", "count"],
            wrap=["name"],
            caption="count: assignments of the dimension's ratings that meet the published "
            "figures and every violation rule (exact).",
        )
    )
    if note:
        say(note, wrap=True)
    if summary:
        return
    say(
        table(
            report.rating_rows(),
            ["code", "aspect", "level", "why"],
            title="Each rating: forced, or free with the level chosen",
            headers={"why": "forced by, or feasible levels and why this one"},
            wrap=["why"],
            sections_by="dimension",
        )
    )
