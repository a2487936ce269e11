"""`eggo export`: the dataset in RDF formats, the scores as a W3C Data Cube or CSV."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..connection import connect
from ..dataset import open_dataset
from ..export import EXPORT_FORMATS, export_dataset
from ..render import OutputFormat, write
from ..safe_write import check_target, write_atomic
from .common import DataOption, EndpointOption, NoEmbeddedOption, format_option, handle_errors

if TYPE_CHECKING:
    from ..store import Store

EXAMPLES = """Examples:

  eggo export --format trig --out eggo.trig

  eggo export --format qb --out scores-cube.ttl --force

  eggo export --format csv

  eggo export --format qb --endpoint http://localhost:8890/sparql
"""


@handle_errors
def export(
    fmt: Annotated[
        OutputFormat,
        format_option(
            *EXPORT_FORMATS,
            help="trig or jsonld: the whole dataset with its named graphs; ttl or nt: the "
            "whole dataset merged into one graph; qb: the dimension scores as a W3C RDF Data "
            "Cube (Turtle); csv: the dimension scores as a table.",
        ),
    ] = OutputFormat.trig,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", metavar="FILE", help="Write to FILE (default: standard output)."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    data: DataOption = None,
    no_embedded: NoEmbeddedOption = False,
    endpoint: EndpointOption = None,
) -> None:
    """Export the dataset, or its dimension scores as a W3C Data Cube or CSV.

    The dataset is the ontology, the framework, each assessment, the rules and every --data
    file, each in its own named graph. The Data Cube has one observation per assessment,
    dimension and aspect (progress or foresight) with the score in percent, and passes the
    standard's integrity constraints IC-1 to IC-21. A file is written whole or not at all, and
    never replaced without --force. With --endpoint the scores (qb, csv) are computed there.
    """
    if out is not None:
        check_target(out, force)  # the one-line error before any work
    dataset: Store
    if endpoint is None:
        dataset = open_dataset(data or [], embedded=not no_embedded)
    else:
        dataset = connect(endpoint, data or [], embedded=not no_embedded)
    content = export_dataset(dataset, fmt)
    if out is None:
        write(content)  # render's one writer
    else:
        write_atomic(out, content, force)
