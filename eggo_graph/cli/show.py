"""`eggo show CODE`: one benchmark with its ratings, rationale and evidence."""

from __future__ import annotations

from typing import Annotated

import typer

from ..assessments import select_assessment
from ..benchmark import benchmark_detail
from ..connection import connect
from ..reconstruction import rating_latitude
from ..render import OutputFormat, Result, emit, say, table, to_json, write
from .common import (
    AssessmentOption,
    DataOption,
    EndpointOption,
    FormatOption,
    NoEmbeddedOption,
    handle_errors,
)

CSV_COLUMNS = ["code", "assessment", "item", "kind", "value", "text", "line"]


EXAMPLES = """Examples:

  eggo show 6.4

  eggo show 10.3 --format json
"""


@handle_errors
def show(
    code: Annotated[str, typer.Argument(help="The benchmark code, e.g. 6.4.", show_default=False)],
    data: DataOption = None,
    assessment: AssessmentOption = None,
    fmt: FormatOption = OutputFormat.table,
    no_embedded: NoEmbeddedOption = False,
    endpoint: EndpointOption = None,
) -> None:
    """Show one benchmark with its ratings, rationale and evidence.

    Gives its name, dimension and area, its progress and foresight ratings with
    their rationale and origin (reported, reconstructed or assessed), whether the published
    figures and the rules force each rating or leave it free (see eggo reconstruct), its status
    text, and the evidence quoted verbatim from the source with the line it stands on.
    """
    store = connect(endpoint, data or [], embedded=not no_embedded)
    chosen = select_assessment(store, assessment)
    d = benchmark_detail(store, code, chosen)
    latitude = rating_latitude(store, chosen, d.code)
    if fmt is OutputFormat.json:
        write(to_json(d.as_dict() | {"latitude": [r.as_dict() for r in latitude]}))
        return
    if fmt is OutputFormat.csv:
        rows = (
            [
                {
                    "code": d.code,
                    "assessment": d.assessment,
                    "item": "rating",
                    "kind": r.aspect,
                    "value": r.level,
                    "text": r.rationale,
                    "line": "",
                }
                for r in d.ratings
            ]
            + [
                {
                    "code": d.code,
                    "assessment": d.assessment,
                    "item": "evidence",
                    "kind": e.kind,
                    "value": e.claim,
                    "text": e.quote,
                    "line": e.line or "",
                }
                for e in d.evidence
            ]
            + [
                {
                    "code": d.code,
                    "assessment": d.assessment,
                    "item": "latitude",
                    "kind": r.aspect,
                    "value": " ".join(r.feasible),
                    "text": r.sentence(),
                    "line": "",
                }
                for r in latitude
            ]
        )
        emit(Result(rows, CSV_COLUMNS), fmt)
        return
    say(
        f"{d.code} {d.name}",
        f"Dimension {d.dimension_code} {d.dimension_name} · area {d.area_code} {d.area_name} · "
        f"assessment {d.assessment}",
        f"Status: “{d.status_text}”" if d.status_text else "Status: (none recorded)",
        wrap=True,
    )
    if d.trend:
        say(f"Trend: {d.trend}")
    ratings = [
        {"aspect": r.aspect, "level": r.level, "origin": r.origin, "rationale": r.rationale}
        for r in d.ratings
    ]
    say(
        table(
            ratings, ["aspect", "level", "origin", "rationale"], title="Ratings", wrap=["rationale"]
        )
    )
    for r in latitude:
        say(f"{r.aspect.capitalize()}: {r.sentence()}", wrap=True)
    evidence = [
        {
            "kind": e.kind,
            "claim": e.claim + (f" ({e.indicator}: {e.value} {e.unit})" if e.indicator else ""),
            "quote": f"“{e.quote}”",
            "line": str(e.line or ""),
        }
        for e in d.evidence
    ]
    say(
        table(
            evidence,
            ["kind", "claim", "quote", "line"],
            title="Evidence",
            justify_right=["line"],
            wrap=["claim", "quote"],
        )
    )
