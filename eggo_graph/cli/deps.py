"""`eggo deps`: who depends on whom among institutions, registries, laws and benchmarks."""

from __future__ import annotations

from typing import Annotated

import typer

from ..assessments import select_assessment
from ..connection import connect
from ..errors import InputError
from ..landscape import (
    SECTIONS,
    dependencies,
    find_entity,
    list_entities,
    no_landscape_note,
    role_conflicts,
    to_dot,
)
from ..render import OutputFormat, Result, emit, say, table, to_json, write
from .common import (
    AssessmentOption,
    DataOption,
    EndpointOption,
    NoEmbeddedOption,
    format_option,
    handle_errors,
)

COLUMNS = ["section", "relation", "code", "name", "progress", "foresight", "detail", "via", "line"]
TABLE_COLUMNS = ["relation", "code", "name", "progress", "foresight", "detail", "via"]
CONFLICT_TABLE = ["kind", "institution", "other", "flagged", "quote", "line"]
CONFLICT_COLUMNS = [*CONFLICT_TABLE[:4], "fields", "other_fields", "quote", "line"]
LIST_COLUMNS = ["kind", "code", "label"]

EXAMPLES = """Examples:

  eggo deps SEGA

  eggo deps trembita --format json

  eggo deps 6.6 --format dot > deps.dot && dot -Tsvg deps.dot -o deps.svg

  eggo deps --conflicts

  eggo deps --list
"""


@handle_errors
def deps(
    name: Annotated[
        str | None,
        typer.Argument(
            help="An institution, registry, platform, law, dimension or benchmark: a name, an "
            "abbreviation or a code, in any case (SEGA, Trembita, 5203-VI, 6.6).",
            show_default=False,
        ),
    ] = None,
    conflicts: Annotated[
        bool,
        typer.Option(
            "--conflicts",
            help="List role conflicts: institutions with both policymaking and implementation "
            "mandates, and overlapping mandates.",
        ),
    ] = False,
    list_all: Annotated[
        bool, typer.Option("--list", help="List every name eggo deps knows.")
    ] = False,
    data: DataOption = None,
    assessment: AssessmentOption = None,
    fmt: Annotated[
        OutputFormat,
        format_option(
            "table", "csv", "json", "dot", help="Output format; dot draws NAME's dependencies."
        ),
    ] = OutputFormat.table,
    no_embedded: NoEmbeddedOption = False,
    endpoint: EndpointOption = None,
) -> None:
    """Show who depends on whom around an institution, registry, law or benchmark.

    What NAME holds, runs or regulates; which benchmarks rest on it, with their ratings; which
    recommendations concern it; and what it depends on in turn.

    The institutions, registries, platforms and laws, their mandates and the benchmark links are
    read from the landscape of the assessment's country (data/institutions/), each with a
    verbatim quote; never from another country's.
    """
    if sum((name is not None, conflicts, list_all)) != 1:
        raise InputError(
            "give exactly one of NAME, --conflicts or --list", fix="see 'eggo deps --help'"
        )
    store = connect(endpoint, data or [], embedded=not no_embedded)
    if fmt is OutputFormat.dot and (conflicts or list_all):
        raise InputError("--format dot draws one NAME's dependencies", "--format dot")
    chosen = select_assessment(store, assessment)
    note = no_landscape_note(store, chosen)
    if note:
        typer.echo(note, err=True)
    if list_all:
        known = [
            {"kind": e.kind, "code": e.code, "label": e.label} for e in list_entities(store, chosen)
        ]
        result = Result(
            known, LIST_COLUMNS, title="What eggo deps knows", sections_by="kind", wrap=["label"]
        )
        emit(result, fmt)
        return
    if conflicts:
        result = Result(
            role_conflicts(store, chosen),
            CONFLICT_COLUMNS,
            table_columns=CONFLICT_TABLE,
            wrap=["institution", "other", "quote"],
            title="Role conflicts",
            sections_by="kind",
            caption="A dual role: one institution with both policymaking and implementation "
            "mandates in force. flagged: the source itself calls it a problem. --format csv "
            "adds the fields of each mandate.",
        )
        emit(result, fmt)
        return
    assert name is not None
    entity = find_entity(store, name, chosen)
    rows = dependencies(store, entity, chosen)
    if fmt is OutputFormat.dot:
        write(to_dot(entity, rows))
        return
    if fmt is OutputFormat.json:
        write(
            to_json(
                {
                    "entity": {
                        "iri": entity.iri,
                        "kind": entity.kind,
                        "label": entity.label,
                        "code": entity.code,
                    },
                    "assessment": chosen.id,
                    **{
                        section.replace(" ", "_"): [
                            {k: v for k, v in r.as_dict().items() if k != "section" and v}
                            for r in rows
                            if r.section == section
                        ]
                        for section in SECTIONS
                    },
                }
            )
        )
        return
    if fmt is OutputFormat.csv:
        emit(Result([r.as_dict() for r in rows], COLUMNS), fmt)
        return
    say(f"{entity.title} · ratings of {chosen.id}")
    if not rows:
        say("Nothing in the graph depends on it, and it depends on nothing.")
    for section, heading in SECTIONS.items():
        part = [r.as_dict() for r in rows if r.section == section]
        if part:
            cols = [c for c in TABLE_COLUMNS if any(row[c] for row in part)]
            table_ = table(
                part, cols, title=heading, wrap=["name", "detail", "via"], weights={"name": 2}
            )
            say(table_)
