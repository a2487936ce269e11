"""`eggo report`: one self-contained HTML file with the report's figures, the dependency graph
and the action list."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn

from ..assessments import select_assessment
from ..connection import connect
from ..render import console, say
from ..report import build_report, check_targets, write_report
from .common import AssessmentOption, DataOption, EndpointOption, NoEmbeddedOption, handle_errors

EXAMPLES = """Examples:

  eggo report --out ukraine-2018.html

  eggo report --out what-if.html --set 13=100 --adopt 13.S1 --figures figures/ --force
"""


@handle_errors
def report(
    out: Annotated[
        Path, typer.Option("--out", "-o", metavar="FILE", help="The HTML file to write.")
    ] = Path("report.html"),
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite --out (and the figure files) if they exist.")
    ] = False,
    settings: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            "-s",
            help="A what-if for the scenario table: DIMENSION=PERCENT sets that dimension's "
            "foresight (0 to 100). Repeat for more dimensions.",
            show_default=False,
        ),
    ] = None,
    adopt_ids: Annotated[
        list[str] | None,
        typer.Option(
            "--adopt",
            metavar="ID",
            help="Show the scores if these recommendations were adopted (ids as in "
            "'eggo recommend', comma-separated or repeated).",
            show_default=False,
        ),
    ] = None,
    figures: Annotated[
        Path | None,
        typer.Option(
            "--figures",
            metavar="DIR",
            help="Also write each chart as PNG and SVG into this folder (created if missing; its "
            "parent must exist).",
            show_default=False,
        ),
    ] = None,
    top: Annotated[
        int, typer.Option("--top", "-n", min=1, help="How many recommendations to show.")
    ] = 10,
    data: DataOption = None,
    assessment: AssessmentOption = None,
    no_embedded: NoEmbeddedOption = False,
    endpoint: EndpointOption = None,
) -> None:
    """Write a self-contained HTML report of an assessment, with charts.

    Headline, areas, dimensions, the ranking, scenarios, the dependency graph, the top
    recommendations, validation findings and all benchmarks.

    The file needs no network: styles, script and charts are inline. Hover over an edge of the
    dependency graph for the passage that supports it.
    """
    check_targets(out, figures, force)
    store = connect(endpoint, data or [], embedded=not no_embedded)
    chosen = select_assessment(store, assessment)
    err = console(stderr=True)
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), console=err, transient=True
    ) as progress:
        task = progress.add_task("report", total=None)
        built = build_report(
            store,
            chosen,
            settings=settings or [],
            adopt_ids=adopt_ids or [],
            top=top,
            png=figures is not None,
            step=lambda what: progress.update(task, description=f"report: {what}"),
        )
        progress.update(task, description="report: writing")
        written = write_report(built, out, figures_dir=figures, force=force)
    say(f"Wrote {written[0]} ({written[0].stat().st_size // 1024} KiB)")
    if figures is not None:
        say(f"Wrote {len(written) - 1} figure files to {figures}")
