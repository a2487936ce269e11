"""`eggo score`: dimension, area and overall scores."""

from __future__ import annotations

from typing import Annotated

import typer

from ..assessments import select_assessment
from ..connection import connect
from ..errors import InputError
from ..render import OutputFormat, Result, emit
from ..scores import dimension_ranking, score_all, score_table
from .common import (
    AssessmentOption,
    DataOption,
    EndpointOption,
    FormatOption,
    NoEmbeddedOption,
    handle_errors,
)

SCORE_COLUMNS = ["level", "code", "name", "progress", "foresight", "status"]
TABLE_COLUMNS = ["code", "name", "area", "progress", "foresight", "status", "trend"]
RANK_COLUMNS = ["rank", "code", "name", "progress", "foresight"]


EXAMPLES = """Examples:

  eggo score

  eggo score --format csv

  eggo score --ranked --data my-assessment.ttl --assessment MD-2024

  eggo score --all --data md-2024.ttl --format csv
"""


@handle_errors
def score(
    data: DataOption = None,
    assessment: AssessmentOption = None,
    ranked: Annotated[
        bool, typer.Option("--ranked", help="Rank the dimensions by progress, weakest first.")
    ] = False,
    all_assessments: Annotated[
        bool,
        typer.Option(
            "--all", help="Score every loaded assessment (one table, an assessment column)."
        ),
    ] = False,
    fmt: FormatOption = OutputFormat.table,
    no_embedded: NoEmbeddedOption = False,
    endpoint: EndpointOption = None,
) -> None:
    """Score an assessment: dimensions, areas and the overall mean.

    Each dimension's progress and foresight is the mean of its benchmarks' ratings (red 0, amber
    50, green 100), with its reformer status and trend; each area is the mean of its dimensions,
    and the overall row the mean of all dimensions. Scores are computed by the SPARQL queries in
    queries/, rounded half up to one decimal.
    """
    store = connect(endpoint, data or [], embedded=not no_embedded)
    if all_assessments:
        if ranked or assessment:
            raise InputError(
                "--all scores every assessment", "--all", "leave out --ranked and --assessment"
            )
        rows = [{"assessment": a.id, **r.as_dict()} for a, table in score_all(store) for r in table]
        result = Result(
            rows,
            ["assessment", *SCORE_COLUMNS],
            table_columns=["assessment", *TABLE_COLUMNS],
            title=f"eGGO scores: {len({r['assessment'] for r in rows})} assessments",
            headers={"code": ""},
            sections_by="assessment",
            justify_right=["code", "progress", "foresight"],
            wrap=["name"],
        )
        emit(result, fmt)
        return
    chosen = select_assessment(store, assessment)
    if ranked:
        rows = [vars(r) for r in dimension_ranking(store, chosen)]
        result = Result(
            rows,
            RANK_COLUMNS,
            title=f"Dimensions ranked by progress: {chosen.label or chosen.id}",
            justify_right=["rank", "code", "progress", "foresight"],
            wrap=["name"],
        )
        emit(result, fmt)
        return
    rows = [r.as_dict() for r in score_table(store, chosen)]
    result = Result(
        rows,
        SCORE_COLUMNS,
        table_columns=TABLE_COLUMNS,
        title=f"eGGO scores: {chosen.label or chosen.id} ({chosen.id})",
        headers={"code": ""},
        sections_by="level",
        justify_right=["code", "progress", "foresight"],
        wrap=["name"],
        caption="Trend: ↑ foresight above progress, ! no improvement planned, ⚑ progress full. "
        "Status is by progress: beginner ≤ 25 < follower ≤ 50 < performer ≤ 75 < frontier.",
    )
    emit(result, fmt)
