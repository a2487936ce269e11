"""`eggo query`: run a shipped query by name, or any SPARQL SELECT file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..assessments import select_assessment
from ..connection import connect
from ..errors import InputError
from ..queries import catalogue, named_query, parse_bindings, read_query, run
from ..render import OutputFormat, Result, emit
from ..terms import term_text
from .common import (
    AssessmentOption,
    DataOption,
    EndpointOption,
    FormatOption,
    NoEmbeddedOption,
    handle_errors,
)

EXAMPLES = """Examples:

  eggo query --list

  eggo query scores --format csv

  eggo query benchmark-evidence --param code=6.4

  eggo query scores --data md-2024.ttl --assessment MD-2024

  eggo query my-query.rq --data my-assessment.ttl
"""


@handle_errors
def query(
    name: Annotated[
        str | None,
        typer.Argument(
            help="A query name from queries/ (see --list) or a path to a .rq file.",
            show_default=False,
        ),
    ] = None,
    params: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            metavar="NAME=VALUE",
            help="Bind a variable: NAME=VALUE. <IRI> or http(s)/urn "
            "values become IRIs, anything else a plain literal. Repeatable.",
            show_default=False,
        ),
    ] = None,
    list_queries: Annotated[bool, typer.Option("--list", help="List the shipped queries.")] = False,
    data: DataOption = None,
    assessment: AssessmentOption = None,
    fmt: FormatOption = OutputFormat.table,
    no_embedded: NoEmbeddedOption = False,
    endpoint: EndpointOption = None,
) -> None:
    """Run a SPARQL SELECT query: a shipped one by name, or your own file.

    The dataset holds the ontology, the framework and the assessments, each in its named graph;
    the default graph is their union, and eggo's prefixes are predeclared. Values given with
    --param are bound as RDF terms, never pasted into the query text.
    """
    if list_queries or name is None:
        given = [
            o
            for o, v in (
                ("--data", data),
                ("--param", params),
                ("--endpoint", endpoint),
                ("--assessment", assessment),
            )
            if v
        ]
        if given:  # never ignore what the user gave
            raise InputError(
                f"{', '.join(given)} given, but no query to run",
                "eggo query",
                "name a query, e.g. eggo query benchmark-ratings " + " ".join(given),
            )
        rows = [
            {"name": q.name, "summary": q.summary, "params": "; ".join(q.params)}
            for q in catalogue().values()
        ]
        result = Result(
            rows,
            ["name", "summary", "params"],
            table_columns=["name", "summary"],
            title="Shipped queries",
            caption="--format csv adds each query's parameters.",
            wrap=["summary"],
        )
        emit(result, fmt)
        return
    is_path = name.endswith(".rq") or "/" in name or "\\" in name
    q = read_query(Path(name)) if is_path else named_query(name)
    bindings = parse_bindings(params or [])
    if assessment is not None and "assessment" in bindings:
        raise InputError(
            "?assessment is bound twice, by --assessment and by --param",
            "--param",
            "give one of them",
        )
    store = connect(endpoint, data or [], embedded=not no_embedded)
    if assessment is not None:  # binds ?assessment to the one picked, e.g. UA-2018
        bindings["assessment"] = select_assessment(store, assessment).term
    rows = run(store, q, bindings)
    columns = rows.columns
    compact = fmt is OutputFormat.table
    text_rows = [{c: term_text(r.get(c), compact) for c in columns} for r in rows]
    emit(Result(text_rows, columns, title=f"{q.name}: {len(rows)} rows", wrap=columns), fmt)
