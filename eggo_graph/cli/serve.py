"""`eggo serve`: a read-only SPARQL 1.1 endpoint over the whole dataset."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import InputError
from ..server import ServeSettings, is_loopback, public_warning
from ..server import serve as run_server
from .common import DataOption, NoEmbeddedOption, handle_errors

EXAMPLES = """Examples:

  eggo serve

  eggo serve --port 8000 --data my-assessment.ttl --timeout 30

  eggo serve --host 0.0.0.0 --public --allow-service https://query.wikidata.org/sparql

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
    allow_service: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-service",
            metavar="URL",
            help="An endpoint that SERVICE clauses may query (federation is off by default). "
            "Repeat for more.",
            show_default=False,
        ),
    ] = None,
    max_queue: Annotated[
        int,
        typer.Option("--max-queue", min=0, help="Queries that may wait for a worker (then 503)."),
    ] = 16,
    per_client: Annotated[
        int | None,
        typer.Option(
            "--per-client",
            min=1,
            help="Queries one client address may have running or waiting (then 429). "
            "Default: half the workers, at least 1.",
            show_default=False,
        ),
    ] = None,
    header_timeout: Annotated[
        float,
        typer.Option("--header-timeout", min=0.1, help="Seconds a client has to send its request."),
    ] = 10.0,
    max_connections: Annotated[
        int,
        typer.Option("--max-connections", min=1, help="Connections open at once (then refused)."),
    ] = 256,
) -> None:
    """Serve the dataset over the SPARQL 1.1 Protocol, read-only.

    The ontology, the framework, each assessment, the rules and every --data file are named
    graphs; the default graph is their union. GET or POST queries at /query; results as JSON,
    XML, CSV or TSV, graphs as Turtle, N-Triples or JSON-LD, chosen by the Accept header (or
    ?format=). Updates are refused (403). A query is stopped at --timeout (503) and a result
    larger than --max-bytes is refused (507). SERVICE is refused unless --allow-service names
    the endpoint (403), and so is a query nested deeper than 64 brackets (400). At most
    --max-queue queries wait for a worker, and --per-client per client address (503 or 429,
    with Retry-After). The data is loaded once, at start. The start page at / has a query box
    and the example queries. SIGTERM or Ctrl-C stops it.
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
        allow_service=tuple(allow_service or ()),
        max_queue=max_queue,
        per_client=per_client,
        header_timeout=header_timeout,
        max_connections=max_connections,
    )
    if not is_loopback(host):
        typer.echo(public_warning(host, port), err=True)
    run_server(settings, host, port, announce=lambda line: typer.echo(line, err=True))
