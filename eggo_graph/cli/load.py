"""`eggo load --endpoint STORE-URL`: push the dataset to a triple store, graph by graph."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import Progress

from ..dataset import open_dataset
from ..remote import PASSWORD_VARIABLE, credentials, push_graphs
from ..render import OutputFormat, Result, console, emit
from .common import DataOption, FormatOption, NoEmbeddedOption, handle_errors

EXAMPLES = """Examples:

  eggo load --endpoint http://localhost:7878/store

  eggo load --endpoint http://localhost:3030/eggo/data --data my-assessment.ttl

  EGGO_ENDPOINT_PASSWORD=dba eggo load -e http://localhost:8890/sparql-graph-crud-auth -u dba
"""


@handle_errors
def load(
    endpoint: Annotated[
        str,
        typer.Option(
            "--endpoint",
            "-e",
            metavar="STORE-URL",
            help="The SPARQL 1.1 Graph Store Protocol URL: Oxigraph's /store, Fuseki's "
            "/DATASET/data, GraphDB's /repositories/REPO/rdf-graphs/service, Virtuoso's "
            "/sparql-graph-crud-auth.",
            show_default=False,
        ),
    ],
    data: DataOption = None,
    fmt: FormatOption = OutputFormat.table,
    no_embedded: NoEmbeddedOption = False,
    user: Annotated[
        str | None,
        typer.Option(
            "--user",
            "-u",
            metavar="NAME",
            help=f"Log in to the graph store as NAME; the password comes from the environment "
            f"variable {PASSWORD_VARIABLE}, never from a flag. Basic or Digest, as the server "
            "asks (Virtuoso: dba).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Push the dataset to a triple store with the SPARQL 1.1 Graph Store Protocol.

    Each graph (the ontology, the framework, each assessment, the rules and every --data file)
    is sent with PUT STORE-URL?graph=IRI as N-Triples, replacing what that graph held, so
    loading twice is harmless. Then run any read command with --endpoint QUERY-URL.
    """
    auth = credentials(user)
    dataset = open_dataset(data or [], embedded=not no_embedded)
    graphs = dataset.graphs()
    with Progress(console=console(stderr=True), transient=True) as bar:
        task = bar.add_task("Pushing graphs", total=len(graphs))
        pushed = push_graphs(endpoint, dataset, progress=lambda _g: bar.advance(task), auth=auth)
    rows = [
        {"graph": p.graph, "triples": p.triples, "status": p.status, "seconds": f"{p.seconds:.2f}"}
        for p in pushed
    ]
    result = Result(
        rows,
        ["graph", "triples", "status", "seconds"],
        title=f"Pushed {len(rows)} graphs, {sum(p.triples for p in pushed)} triples, to {endpoint}",
        justify_right=["triples", "status", "seconds"],
        wrap=["graph"],
    )
    emit(result, fmt)
