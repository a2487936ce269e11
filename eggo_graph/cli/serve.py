"""`eggo serve`: a read-only SPARQL 1.1 endpoint over the whole dataset."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import InputError
from ..server import ServeSettings, is_loopback
from ..server import serve as run_server
from .common import DataOption, NoEmbeddedOption, handle_errors

EXAMPLES = """Examples:

  eggo serve

  eggo serve --port 8000 --data my-assessment.ttl --timeout 30

  curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' http://127.0.0.1:7878/query
"""


@handle_errors
def serve(
    host: Annotated[
        str, typer.Option("--host", help="The address to listen on (this machine only by default).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", min=0, max=65535, help="The port.")] = 7878,
    data: DataOption = None,
    no_embedded: NoEmbeddedOption = False,
    timeout: Annotated[
        float,
        typer.Option("--timeout", min=0.1, help="Seconds a query may run before it is stopped."),
    ] = 10.0,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", min=1, help="The largest result a query may return.")
    ] = 10_000_000,
    workers: Annotated[
        int, typer.Option("--workers", min=1, max=16, help="Queries answered at once.")
    ] = 2,
    public: Annotated[
        bool,
        typer.Option("--public", help="Allow a --host that other machines can reach."),
    ] = False,
) -> None:
    """Serve the dataset over the SPARQL 1.1 Protocol, read-only.

    The ontology, the framework, each assessment, the rules and every --data file are named
    graphs; the default graph is their union. GET or POST queries at /query; results as JSON,
    XML, CSV or TSV, graphs as Turtle, N-Triples or JSON-LD, chosen by the Accept header (or
    ?format=). Updates are refused (403). A query is stopped at --timeout (503) and a result
    larger than --max-bytes is refused (507). The start page at / has a query box and the
    example queries.
    """
    if not is_loopback(host) and not public:
        raise InputError(
            f"{host} can be reached from other machines",
            "--host",
            "add --public if you mean it, or keep the default 127.0.0.1",
        )
    settings = ServeSettings(
        data=list(data or []),
        embedded=not no_embedded,
        timeout=timeout,
        max_bytes=max_bytes,
        workers=workers,
    )
    run_server(settings, host, port, announce=lambda line: typer.echo(line, err=True))
