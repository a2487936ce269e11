"""`eggo simulate`: the report's foresight scenarios and your own what-ifs."""

from __future__ import annotations

from typing import Annotated

import typer

from ..assessments import select_assessment
from ..connection import connect
from ..errors import InputError
from ..render import OutputFormat, Result, emit, say
from ..scenarios import adopt
from ..scenarios import simulate as run_scenarios
from .common import (
    AssessmentOption,
    DataOption,
    EndpointOption,
    FormatOption,
    NoEmbeddedOption,
    handle_errors,
)

COLUMNS = ["scenario", "name", "average", "status"]
ADOPT_COLUMNS = [
    "code", "name", "progress", "new_progress", "progress_change",
    "foresight", "new_foresight", "foresight_change", "status", "new_status",
]  # fmt: skip
ADOPT_TABLE = [c for c in ADOPT_COLUMNS if c != "status"]  # the status before is in CSV/JSON


EXAMPLES = """Examples:

  eggo simulate

  eggo simulate --set 13=100 --set 15=100 --format csv

  eggo simulate --adopt 13.S1,6.S2
"""


@handle_errors
def simulate(
    settings: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            "-s",
            metavar="DIMENSION=PERCENT",
            help="A what-if target: DIMENSION=PERCENT sets that dimension's foresight score "
            "(0 to 100). Repeat for more dimensions.",
            show_default=False,
        ),
    ] = None,
    adopt_ids: Annotated[
        list[str] | None,
        typer.Option(
            "--adopt",
            metavar="ID",
            help="Adopt recommendations (ids as in 'eggo recommend', comma-separated or "
            "repeated): the benchmarks they address become green; prints the new dimension "
            "scores, statuses and average, and the change in each.",
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
    assessment: AssessmentOption = None,
    fmt: FormatOption = OutputFormat.table,
    no_embedded: NoEmbeddedOption = False,
    endpoint: EndpointOption = None,
) -> None:
    """Score foresight scenarios, the report's and your own what-ifs.

    A scenario's score is the average of all dimensions' foresight scores when some dimensions
    reach a target, with the resulting reformer status. Lists the assessment's own
    scenarios (for Ukraine 2018, the report's Table 1) and, with --set, your what-if.
    """
    if adopt_ids and settings:
        raise InputError("--set and --adopt are separate what-ifs; give one", "--adopt")
    store = connect(endpoint, data or [], embedded=not no_embedded)
    chosen = select_assessment(store, assessment)
    if adopt_ids:
        result = Result(
            [r.as_dict() for r in adopt(store, chosen, adopt_ids)],
            ADOPT_COLUMNS,
            table_columns=ADOPT_TABLE,
            title=f"Adopting {', '.join(adopt_ids)}: {chosen.label or chosen.id} ({chosen.id})",
            headers={
                "code": "dim",
                "progress": "prog",
                "new_progress": "→",
                "progress_change": "Δ",
                "foresight": "fore",
                "new_foresight": "→ ",
                "foresight_change": "Δ ",
                "new_status": "→ status",
            },
            justify_right=[c for c in ADOPT_COLUMNS if "progress" in c or "foresight" in c]
            + ["code"],
            wrap=["name"],
            caption="The benchmarks the adopted recommendations address count as green for "
            "progress (prog) and foresight (fore). Δ is the change of the scores shown. Status is "
            "by progress.",
        )
        emit(result, fmt)
        return
    rows = [r.as_dict() for r in run_scenarios(store, chosen, settings or [])]
    if not rows and fmt is OutputFormat.table:
        say(f"{chosen.id} has no scenarios of its own; describe one with --set D=PERCENT.")
        return
    result = Result(
        rows,
        COLUMNS,
        wrap=["name"],
        title=f"Foresight scenarios: {chosen.label or chosen.id} ({chosen.id})",
        headers={"average": "average %"},
        justify_right=["average"],
        caption="Each scenario gives its dimensions 100% foresight on top of the scenario before"
        " it; a what-if starts from the status quo.",
    )
    emit(result, fmt)
