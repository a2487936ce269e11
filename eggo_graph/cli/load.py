"""`eggo load --endpoint STORE-URL`: push the dataset to a triple store, graph by graph; or
`eggo load --store DIR`: write it to a store on disk that every command can read."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress

from ..dataset import open_dataset
from ..errors import InputError
from ..remote import PASSWORD_VARIABLE, credentials, push_graphs
from ..render import OutputFormat, Result, console, emit
from .common import DataOption, FormatOption, NoEmbeddedOption, handle_errors

EXAMPLES = """Examples:

  eggo load --endpoint http://localhost:7878/store

  eggo load --endpoint http://localhost:3030/eggo/data --data my-assessment.ttl

  EGGO_ENDPOINT_PASSWORD=dba eggo load -e http://localhost:8890/sparql-graph-crud-auth -u dba

  eggo load --store eggo-store --data synthetic/ --force

  eggo score --store eggo-store --assessment XAA-2018
"""


@handle_errors
def load(
    endpoint: Annotated[
        str | None,
        typer.Option(
            "--endpoint",
            "-e",
            metavar="STORE-URL",
            help="The SPARQL 1.1 Graph Store Protocol URL: Oxigraph's /store, Fuseki's "
            "/DATASET/data, GraphDB's /repositories/REPO/rdf-graphs/service, Virtuoso's "
            "/sparql-graph-crud-auth.",
            show_default=False,
        ),
    ] = None,
    store: Annotated[
        Path | None,
        typer.Option(
            "--store",
            metavar="DIR",
            help="Write an Oxigraph store on disk to this folder instead, with a manifest of "
            "the files and the eggo version; read it with --store DIR on any reading command. "
            "A --data folder loads every RDF file in it.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the store at --store.")] = False,
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

    With --store DIR the files are parsed once into a store on disk, and the assessments and the
    integrity check are recorded with it; score, show, deps, simulate, recommend, query, report
    and compare then read it with --store DIR (or EGGO_STORE=DIR). A store whose files changed
    since, or written by another eggo version, is refused with one line saying how to rebuild it.
    """
    if endpoint is None and store is not None:
        _write_store(store, data or [], not no_embedded, force, fmt)
        return
    if endpoint is None or store is not None:
        raise InputError(
            "say where to load: --endpoint STORE-URL or --store DIR", "eggo load", "give one"
        )
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


def _write_store(
    store: Path, data: list[Path], embedded: bool, force: bool, fmt: OutputFormat
) -> None:
    from ..disk_store import write_store
    from ..load import FORMATS

    files: list[Path] = []
    for path in data:  # a folder: every RDF file in it
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix.lower() in FORMATS)
        else:
            files.append(path)
    with Progress(console=console(stderr=True), transient=True) as bar:
        task = bar.add_task("Loading files", total=None)
        manifest = write_store(
            store, files, embedded=embedded, force=force, progress=lambda _p: bar.advance(task)
        )
    rows = [
        {"file": f.path, "graphs": len(f.graphs), "shipped": "yes" if f.shipped else ""}
        for f in manifest.files
    ]
    result = Result(
        rows,
        ["file", "graphs", "shipped"],
        title=f"Wrote the store {store}: {len(rows)} files, {manifest.assessments} assessments, "
        f"{manifest.problems} integrity problems",
        justify_right=["graphs"],
        wrap=["file"],
    )
    emit(result, fmt)
