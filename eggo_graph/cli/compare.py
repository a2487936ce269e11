"""`eggo compare`: two assessments side by side."""

from __future__ import annotations

from typing import Annotated

import typer

from ..assessments import select_assessment
from ..compare import compare_assessments
from ..connection import connect
from ..render import OutputFormat, say, table, to_csv, to_json, write
from .common import DataOption, EndpointOption, FormatOption, NoEmbeddedOption, handle_errors

SCORE_COLUMNS = [
    "level",
    "code",
    "name",
    "progress_a",
    "progress_b",
    "progress_change",
    "foresight_a",
    "foresight_b",
    "foresight_change",
    "status_a",
    "status_b",
]
RATING_COLUMNS = ["code", "name", "aspect", "level_a", "level_b", "change"]
CSV_COLUMNS = ["section", *SCORE_COLUMNS, "aspect", "level_a", "level_b", "change"]

EXAMPLES = """Examples:

  eggo compare UA-2018 UA-2024 --data ua-2024.ttl

  eggo compare MD-2023 MD-2024 --no-embedded --data md-2023.ttl --data md-2024.ttl --format csv
"""


@handle_errors
def compare(
    a: Annotated[str, typer.Argument(metavar="A", help="The reference assessment, e.g. UA-2018.")],
    b: Annotated[str, typer.Argument(metavar="B", help="The assessment to compare with A.")],
    data: DataOption = None,
    fmt: FormatOption = OutputFormat.table,
    no_embedded: NoEmbeddedOption = False,
    endpoint: EndpointOption = None,
) -> None:
    """Compare two assessments: score changes, status changes, changed ratings.

    Every dimension's, area's and the overall progress and foresight in A and in B with the
    change (B minus A), the reformer statuses that changed, and every benchmark whose progress or
    foresight rating changed. CSV has one row per line of both tables, marked by 'section'.
    """
    store = connect(endpoint, data or [], embedded=not no_embedded)
    result = compare_assessments(
        store, select_assessment(store, a, where="A"), select_assessment(store, b, where="B")
    )
    ida, idb = result.a.id, result.b.id
    if fmt is OutputFormat.json:
        write(to_json(result.as_json()))
        return
    if fmt is OutputFormat.csv:
        rows = [{"section": "score", **s.as_dict()} for s in result.scores]
        rows += [{"section": "rating", **r.as_dict()} for r in result.ratings]
        write(to_csv(rows, CSV_COLUMNS))
        return
    shown = [
        {
            "level": s.level,
            "code": s.code,
            "name": s.name,
            "progress": f"{s.progress_a or '–'} → {s.progress_b or '–'}",
            "dp": s.progress_change,
            "foresight": f"{s.foresight_a or '–'} → {s.foresight_b or '–'}",
            "df": s.foresight_change,
            "status": "not scored"
            if not s.scored
            else s.status_b.lower()
            if not s.status_changed
            else f"{s.status_a.lower()} → {s.status_b.lower()}",
        }
        for s in result.scores
    ]
    say(
        table(
            shown,
            ["code", "name", "progress", "dp", "foresight", "df", "status"],
            wrap=["name"],
            title=f"Scores: {ida} → {idb}",
            headers={"code": "", "dp": "Δ", "df": "Δ"},
            sections_by="level",
            justify_right=["code", "progress", "dp", "foresight", "df"],
            caption="Δ is the change of the rounded scores shown, B minus A; – is not scored "
            "yet (a work in progress: 'eggo score' says what is rated).",
        )
    )
    changes = result.status_changes
    say(
        f"Status changes: {len(changes)}"
        + "".join(f"\n  {s.code} {s.name}: {s.status_a} → {s.status_b}" for s in changes)
    )
    if not result.ratings:
        say("No benchmark rating changed.")
        return
    say(
        table(
            [r.as_dict() for r in result.ratings],
            RATING_COLUMNS,
            wrap=["name"],
            title=f"Ratings that changed: {len(result.ratings)}",
            headers={"code": "", "level_a": ida, "level_b": idb},
            justify_right=["change"],
        )
    )
