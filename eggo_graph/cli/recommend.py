"""`eggo recommend`: the recommendations in the order a reform team should act on them."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from ..assessments import select_assessment
from ..connection import connect
from ..errors import InputError
from ..recommend import Source, read_ranking_inputs
from ..recommend_views import (
    dimension_view,
    ranked_view,
    recommendation_rows,
    reconstruction_stability_view,
    stability_view,
)
from ..render import OutputFormat, console, emit
from .common import (
    AssessmentOption,
    DataOption,
    EndpointOption,
    NoEmbeddedOption,
    format_option,
    handle_errors,
)

EXAMPLES = """Examples:

  eggo recommend --top 10

  eggo recommend --explain --top 3

  eggo recommend --institution SEGA --horizon short --format md

  eggo recommend --by-dimension

  eggo recommend --stability --top 15

  eggo recommend --data fd-2025.ttl --assessment FD-2025 --explain --top 3
  eggo recommend --stability --over reconstructions 50 --top 10
"""


class Horizon(StrEnum):
    short = "short"
    medium = "medium"


@handle_errors
def recommend(
    top: Annotated[
        int | None, typer.Option("--top", "-n", min=1, help="Show the first N only.")
    ] = None,
    dimension: Annotated[
        str | None,
        typer.Option("--dimension", metavar="CODE", help="Only this dimension's, e.g. 13."),
    ] = None,
    institution: Annotated[
        str | None,
        typer.Option(
            "--institution",
            metavar="NAME",
            help="Only those that name this institution (name or abbreviation, e.g. SEGA).",
        ),
    ] = None,
    horizon: Annotated[
        Horizon | None, typer.Option("--horizon", help="Only short- or medium-term ones.")
    ] = None,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Print the formula and, for each, the contributions, the dependency paths that "
            "give it leverage and the benchmarks it would lift.",
        ),
    ] = False,
    by_dim: Annotated[
        bool,
        typer.Option(
            "--by-dimension",
            help="Rank the dimensions by gap and leverage, with their role in the dependency "
            "graph (MICMAC, DEMATEL).",
        ),
    ] = False,
    stable: Annotated[
        bool,
        typer.Option(
            "--stability",
            help="Perturb the weights ±20% (300 draws, fixed seed) and report each "
            "recommendation's median rank and 5–95% rank interval.",
        ),
    ] = False,
    full_text: Annotated[
        bool,
        typer.Option(
            "--full-text",
            help="Wrap each recommendation's whole text in the table (cut to one line by default).",
        ),
    ] = False,
    source: Annotated[
        Source | None,
        typer.Option(
            "--source",
            help="Which list: the assessment's own (reported), the one the recommendation rules "
            "generate from its ratings, evidence and landscape (generated), or both (all). "
            "Default: reported where the assessment has its own recommendations, else generated.",
            case_sensitive=False,
        ),
    ] = None,
    over: Annotated[
        tuple[str, int] | None,
        typer.Option(
            "--over",
            metavar="KIND N",
            help="With --stability, what varies and how often: 'weights N' (±20%, default "
            "300 draws) or 'reconstructions N' (N diverse feasible reconstructions of the "
            "ratings, drawn uniformly; generated actions are derived again under each; see "
            "eggo reconstruct).",
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
    assessment: AssessmentOption = None,
    fmt: Annotated[OutputFormat, format_option("table", "csv", "json", "md")] = OutputFormat.table,
    no_embedded: NoEmbeddedOption = False,
    endpoint: EndpointOption = None,
) -> None:
    """List the recommendations in the order a reform team should act on them, and why.

    Each recommendation's score adds up five named contributions: the gap of its dimension
    (the unplanned part weighs more than the planned part), the dimension's leverage (the weak
    capacity it enables downstream in the dimension dependency graph), the risk if not followed,
    the horizon (short-term first) and the headroom of the benchmarks it addresses. --explain
    prints the formula. An assessment without recommendations of its own (e.g. an imported
    questionnaire) gets the ones the recommendation rules generate (--source generated);
    --explain then names the rules that fired and what triggered them.
    """

    if by_dim and stable:
        raise InputError("--by-dimension and --stability are separate views; give one")
    if over is not None and not stable:
        raise InputError("--over only goes with --stability", "--over")
    if over is not None and (over[0] not in ("weights", "reconstructions") or over[1] < 1):
        raise InputError(
            f"cannot vary {over[0]!r} {over[1]} times",
            "--over",
            "write --over weights N or --over reconstructions N, with N at least 1",
        )
    store = connect(endpoint, data or [], embedded=not no_embedded)
    chosen = select_assessment(store, assessment)
    if by_dim:
        emit(dimension_view(store, chosen), fmt)
        return
    inputs = read_ranking_inputs(store, chosen, source)
    rows = recommendation_rows(
        store,
        chosen,
        dimension=dimension,
        institution=institution,
        horizon=horizon.value if horizon else None,
        top=top,
        inputs=inputs,
    )
    if stable and over is not None and over[0] == "reconstructions":
        err = console(stderr=True)
        from rich.progress import Progress

        with Progress(console=err, transient=True, disable=not err.is_terminal) as bar:
            task = bar.add_task("Ranking over feasible reconstructions", total=over[1])
            result = reconstruction_stability_view(
                store, chosen, inputs, top, draws=over[1], progress=lambda: bar.advance(task)
            )
        emit(result, fmt)
        return
    if stable:
        draws = over[1] if over else 300
        from rich.progress import Progress

        with Progress(console=console(stderr=True), transient=True) as bar:
            task = bar.add_task("Perturbing the weights ±20%", total=draws)
            result = stability_view(inputs, top, draws=draws, progress=lambda: bar.advance(task))
        emit(result, fmt)
        return
    view = ranked_view(chosen, rows, explain=explain, full_text=full_text, source=inputs.source)
    emit(view, fmt)
