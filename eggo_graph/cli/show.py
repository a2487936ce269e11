"""`eggo show CODE`: one benchmark with its ratings, rationale and evidence."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from ..assessments import select_assessment
from ..benchmark import benchmark_detail
from ..connection import connect
from ..reconstruction import rating_latitude
from ..render import OutputFormat, console, emit, table, to_json
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
        print(to_json(d.as_dict() | {"latitude": [r.as_dict() for r in latitude]}), end="")
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
        emit(rows, CSV_COLUMNS, fmt)
        return
    out = console()
    out.print(f"[bold]{escape(d.code)} {escape(d.name)}[/bold]")
    out.print(
        f"Dimension {escape(d.dimension_code)} {escape(d.dimension_name)} · area "
        f"{escape(d.area_code)} {escape(d.area_name)} · assessment {escape(d.assessment)}"
    )
    out.print(f"Status: “{escape(d.status_text)}”" if d.status_text else "Status: (none recorded)")
    if d.trend:
        out.print(f"Trend: {d.trend}")
    ratings = [
        {"aspect": r.aspect, "level": r.level, "origin": r.origin, "rationale": r.rationale}
        for r in d.ratings
    ]
    out.print(table(ratings, ["aspect", "level", "origin", "rationale"], title="Ratings"))
    for r in latitude:
        out.print(f"{r.aspect.capitalize()}: {escape(r.sentence())}")
    evidence = [
        {
            "kind": e.kind,
            "claim": e.claim + (f" ({e.indicator}: {e.value} {e.unit})" if e.indicator else ""),
            "quote": f"“{e.quote}”",
            "line": str(e.line or ""),
        }
        for e in d.evidence
    ]
    out.print(
        table(
            evidence, ["kind", "claim", "quote", "line"], title="Evidence", justify_right=["line"]
        )
    )
