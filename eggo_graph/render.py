"""Results to text: rich tables for people, CSV and JSON for programs. No logic lives here.

rich (and rdflib) are imported where they are used, so a command printing CSV or JSON, or
printing no IRI, does not pay for them at start-up.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


class OutputFormat(StrEnum):
    """How a command prints its results."""

    table = "table"
    csv = "csv"
    json = "json"


def console() -> Console:
    """The console for results (stdout). Soft-wraps nothing: long cells fold inside the table."""
    from rich.console import Console

    return Console(highlight=False)


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """CSV with a header row and exactly these columns."""
    buf = io.StringIO()
    writer = csv.DictWriter(
        buf, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in columns})
    return buf.getvalue()


def to_json(data: Any) -> str:
    """Pretty JSON, UTF-8 as is."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def table(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    *,
    title: str | None = None,
    headers: dict[str, str] | None = None,
    sections_by: str | None = None,
    justify_right: Sequence[str] = (),
    caption: str | None = None,
) -> Table:
    """A rich table of the rows; a rule separates rows whose sections_by value changes."""
    from rich.table import Table

    t = Table(title=title, caption=caption, title_justify="left", caption_justify="left")
    for c in columns:
        t.add_column((headers or {}).get(c, c), justify="right" if c in justify_right else "left")
    previous = None
    for i, row in enumerate(rows):
        if sections_by and i and row.get(sections_by) != previous:
            t.add_section()
        previous = row.get(sections_by) if sections_by else None
        t.add_row(*(str(row.get(c, "")) for c in columns))
    return t


def emit(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    fmt: OutputFormat,
    *,
    json_data: Any = None,
    **table_options: Any,
) -> None:
    """Print rows in the chosen format: table (rich), csv (these columns) or json (all keys)."""
    if fmt is OutputFormat.csv:
        print(to_csv(rows, columns), end="")
    elif fmt is OutputFormat.json:
        print(to_json(rows if json_data is None else json_data), end="")
    else:
        console().print(table(rows, columns, **table_options))
