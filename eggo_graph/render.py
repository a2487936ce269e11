"""Results to text: the one family of output formats and the one writer. No logic lives here.

A command builds a ``Result`` (rows, the columns of each format, a title) with a library
function, and ``emit`` prints it as a rich table for people, or CSV, JSON or Markdown for
programs. Text that is already in its format (Turtle, DOT, a CSV template) goes through
``write``; prose for people through ``say``. Nothing else in eggo prints results.

Tables are made for 80 columns, also when piped: a ``Result`` names the few columns the table
shows (CSV and JSON keep them all), the columns whose cells may wrap (names, text), and the
one whose cells are cut to one line (long text, in full with an option or in CSV/JSON). Every
other cell (codes, figures, statuses, headers) is never cut.

rich is imported where a table or prose is printed, so a command printing CSV or JSON does not
pay for it at start-up.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.table import Table


class OutputFormat(StrEnum):
    """Every format an eggo command prints; each command accepts the ones that fit its results."""

    table = "table"  # a rich table, for people
    text = "text"  # prose, for people (eggo validate's findings)
    csv = "csv"
    json = "json"
    md = "md"  # a Markdown table
    dot = "dot"  # Graphviz
    ttl = "ttl"  # Turtle
    trig = "trig"
    jsonld = "jsonld"
    nt = "nt"  # N-Triples
    qb = "qb"  # a W3C RDF Data Cube, in Turtle


@dataclass
class Result:
    """What a command prints: rows, and how each format shows them.

    columns: the CSV columns, in order (JSON has every key of the rows, or json).
    table_columns, md_columns: the columns of the table for people and of the Markdown table
    (default: columns).
    wrap: table columns whose cells may wrap over lines (names, text).
    cut: a table column whose cells are cut to one line with "…" (long text).
    """

    rows: Sequence[Mapping[str, Any]]
    columns: Sequence[str]
    title: str | None = None
    caption: str | None = None
    table_columns: Sequence[str] | None = None
    md_columns: Sequence[str] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    justify_right: Sequence[str] = ()
    wrap: Sequence[str] = ()
    cut: str | None = None
    weights: dict[str, float] = field(default_factory=dict)
    sections_by: str | None = None
    json: Any = None
    empty: str | None = None  # said instead of an empty table
    note: str | None = None  # a line under the table and the Markdown table
    prose: str | None = None  # text for people that replaces the table (e.g. --explain)


def console(stderr: bool = False) -> Console:
    """The console for results (stdout) or progress (stderr); 80 columns when piped."""
    from rich.console import Console

    return Console(highlight=False, emoji=False, stderr=stderr)


def to_csv(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """CSV with a header row and exactly these columns."""
    buf = io.StringIO()
    writer = csv.DictWriter(
        buf, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow({c: _cell(row.get(c, "")) for c in columns})
    return buf.getvalue()


def to_json(data: Any) -> str:
    """Pretty JSON, UTF-8 as is."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def to_markdown(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """A Markdown (GitHub) table with these columns; pipes in cells are escaped."""

    def cell(v: object) -> str:
        return _cell(v).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(r.get(c, "")) for c in columns) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def _cell(value: object) -> str:
    """A cell as text: lists joined with "; ", None as empty."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(map(str, value))
    return str(value)


def table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    *,
    title: str | None = None,
    headers: dict[str, str] | None = None,
    sections_by: str | None = None,
    justify_right: Sequence[str] = (),
    caption: str | None = None,
    wrap: Sequence[str] = (),
    cut: str | None = None,
    weights: dict[str, float] | None = None,
    width: int | None = None,
) -> Table:
    """A rich table of the rows; a rule separates rows whose sections_by value changes.

    Every column but the wrap and cut ones is as wide as its widest cell and never cut; the
    wrap and cut columns share what is left of ``width`` (the console's), so the table fits:
    narrow ones keep their width, wide ones give way (a column of weight 2 keeps twice the
    width of one of weight 1).
    """
    names = {c: (headers or {}).get(c, c) for c in columns}
    cells = [[_cell(row.get(c, "")) for c in columns] for row in rows]
    flexible = [c for c in columns if c in wrap or c == cut]
    natural = {
        c: max([len(names[c]), *(_longest_line(r[i]) for r in cells)])
        for i, c in enumerate(columns)
    }
    fixed = {c: w for c, w in natural.items() if c not in flexible}
    gap = 2  # one space of padding and one of the (blank) separator between columns
    left = (width or console().width) - sum(fixed.values()) - gap * (len(columns) - 1)
    weight = {c: (weights or {}).get(c, 1.0) for c in flexible}
    level = _water_level([(natural[c], weight[c]) for c in flexible], left)
    from rich import box
    from rich.table import Table

    t = Table(
        title=title,
        caption=caption,
        title_justify="left",
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
        min_width=min(len(title or ""), width or console().width),
    )
    for c in columns:
        t.add_column(
            names[c],
            justify="right" if c in justify_right else "left",
            no_wrap=c not in wrap,
            overflow="ellipsis" if c == cut else "fold",
            width=fixed.get(c),
            max_width=min(natural[c], int(level * weight[c])) if c in flexible else None,
        )
    previous = None
    for i, row in enumerate(rows):
        if sections_by and i and row.get(sections_by) != previous:
            t.add_section()
        previous = row.get(sections_by) if sections_by else None
        t.add_row(*cells[i])
    return t


def _water_level(columns: list[tuple[int, float]], room: int, least: int = 8) -> int:
    """The largest level such that the columns (width, weight), each cut to level × weight, fit
    in room; never below least."""
    if not columns:
        return 0
    level = max(width for width, _ in columns)
    while level > least and sum(min(w, int(level * k)) for w, k in columns) > room:
        level -= 1
    return level


def _longest_line(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


def write(content: str | bytes) -> None:
    """Write a result that is already in its format (Turtle, DOT, CSV) to stdout, as is."""
    if isinstance(content, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(content)
        sys.stdout.flush()


def say(*lines: RenderableType, markup: bool = False, wrap: bool = False) -> None:
    """Print text or a rich renderable for people on stdout: text as is (no rich markup unless
    asked; long lines left whole for the terminal, unless wrap), tables at the console's width."""
    out = console()
    for line in lines:
        out.print(line, markup=markup, soft_wrap=isinstance(line, str) and not wrap)


def emit(result: Result, fmt: OutputFormat | str) -> None:
    """Print a result in one of the tabular formats: table, csv, json or md."""
    fmt = OutputFormat(fmt)
    if fmt is OutputFormat.csv:
        write(to_csv(result.rows, result.columns))
    elif fmt is OutputFormat.json:
        write(to_json(list(result.rows) if result.json is None else result.json))
    elif fmt is OutputFormat.md:
        write(to_markdown(result.rows, result.md_columns or result.columns))
        if result.note:
            write(f"\n{result.note}\n")
    elif fmt is OutputFormat.table:
        if result.prose is not None:
            say(result.prose)
            return
        if not result.rows and result.empty:
            say(result.empty)
            return
        say(
            table(
                result.rows,
                result.table_columns or result.columns,
                title=result.title,
                headers=result.headers,
                sections_by=result.sections_by,
                justify_right=result.justify_right,
                caption=result.caption,
                wrap=result.wrap,
                cut=result.cut,
                weights=result.weights,
            )
        )
        if result.note:
            say(result.note)
    else:
        raise ValueError(f"{fmt} is not a tabular format")
