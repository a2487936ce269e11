"""`eggo serve`: the dataset over the SPARQL 1.1 Protocol, read-only, with a time limit per query
and a cap on the size of each result.

The engine is pyoxigraph, the same as the embedded store, running in worker processes: a query
that overruns its time limit is stopped by ending its worker process (pyoxigraph cannot cancel a
running query, and the ``oxigraph`` server's ``--timeout-s`` was measured to answer late, with
status 200 and a cut-off body); a fresh worker takes its place. A result is serialised into a
buffer that refuses to grow past the cap, which also stops the evaluation. The HTTP side is a small
Starlette app run by uvicorn.

Routes: ``/`` (an HTML start page with a query box and the shipped example queries), ``/query``
and ``/sparql`` (GET and POST queries), ``/update`` (always refused: the server is read-only).
"""

from __future__ import annotations

import asyncio
import html
import multiprocessing as mp
import socket
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from .namespaces import PREFIXES

# media type -> (short name for ?format=, serialisation)
RESULT_TYPES: dict[str, tuple[str, ox.QueryResultsFormat]] = {
    "application/sparql-results+json": ("json", ox.QueryResultsFormat.JSON),
    "application/sparql-results+xml": ("xml", ox.QueryResultsFormat.XML),
    "text/csv": ("csv", ox.QueryResultsFormat.CSV),
    "text/tab-separated-values": ("tsv", ox.QueryResultsFormat.TSV),
}
GRAPH_TYPES: dict[str, tuple[str, ox.RdfFormat]] = {
    "text/turtle": ("ttl", ox.RdfFormat.TURTLE),
    "application/n-triples": ("nt", ox.RdfFormat.N_TRIPLES),
    "application/ld+json": ("jsonld", ox.RdfFormat.JSON_LD),
}
# Generic types some clients send, mapped to the specific ones above.
ALIASES = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "text/plain": "application/n-triples",
}
MAX_QUERY_CHARS = 1_000_000


@dataclass(frozen=True)
class ServeSettings:
    """What `eggo serve` serves and how."""

    data: list[Path] = field(default_factory=list)
    embedded: bool = True
    timeout: float = 10.0
    max_bytes: int = 10_000_000
    workers: int = 2


# ---------------------------------------------------------------- content negotiation


def accepted(header: str | None) -> list[str]:
    """The media types of an Accept header, best first (by q, then by order)."""
    if not header:
        return ["*/*"]
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(header.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranked.append((-q, i, ALIASES.get(media.lower(), media.lower())))
    return [m for _, _, m in sorted(ranked)] or ["*/*"]


def _choose(wanted: list[str], offered: dict[str, Any], default: str) -> str | None:
    for media in wanted:
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            prefix = media.split("/")[0]
            if media == "*/*" or default.startswith(prefix):
                return default
            return next((m for m in offered if m.startswith(prefix)), None)
    return None


# ---------------------------------------------------------------- the worker process


class _CappedBuffer:
    """A write target that refuses to grow past ``limit`` bytes."""

    def __init__(self, limit: int) -> None:
        self.parts: list[bytes] = []
        self.size = 0
        self.limit = limit
        self.overflow = False

    def write(self, b: bytes) -> int:
        self.size += len(b)
        if self.size > self.limit:
            self.overflow = True
            raise OSError("result size cap reached")
        self.parts.append(bytes(b))
        return len(b)

    def flush(self) -> None:
        pass


def _answer(store: ox.Store, request: dict[str, Any]) -> tuple[int, str, bytes]:
    """Run one query; (status, media type, body)."""
    default, named = request["default"], request["named"]
    try:
        result = store.query(
            request["query"],
            prefixes=PREFIXES,
            use_default_graph_as_union=not default,
            default_graph=[ox.NamedNode(g) for g in default] or None,
            named_graphs=[ox.NamedNode(g) for g in named] or None,
        )
    except SyntaxError as exc:
        return 400, "text/plain", f"SPARQL syntax error: {exc}".encode()
    except (ValueError, OSError, RuntimeError) as exc:
        return 400, "text/plain", f"the query could not run: {exc}".encode()
    if isinstance(result, ox.QueryTriples):
        offered: dict[str, Any] = GRAPH_TYPES
        default_type = "text/turtle"
    else:
        offered = RESULT_TYPES
        default_type = "application/sparql-results+json"
    media = request["format"] or _choose(request["accept"], offered, default_type)
    if media not in offered:
        return (
            406,
            "text/plain",
            ("not acceptable; this result is offered as " + ", ".join(offered)).encode(),
        )
    buffer = _CappedBuffer(request["max_bytes"])
    try:
        if isinstance(result, ox.QueryTriples):
            result.serialize(buffer, GRAPH_TYPES[media][1])
        else:
            result.serialize(buffer, RESULT_TYPES[media][1])
    except OSError as exc:
        if buffer.overflow:
            message = (
                f"the result is larger than the cap of {request['max_bytes']} bytes; add a LIMIT"
            )
            return 507, "text/plain", message.encode()
        return 500, "text/plain", f"the query failed: {exc}".encode()
    except (ValueError, RuntimeError) as exc:
        return 400, "text/plain", f"the query failed: {exc}".encode()
    charset = "; charset=utf-8" if not media.endswith("xml") else ""
    return 200, media + charset, b"".join(buffer.parts)


def _worker_main(conn: Connection, data: list[str], embedded: bool) -> None:
    from .dataset import open_dataset  # the worker builds its own copy of the dataset

    try:
        dataset = open_dataset([Path(p) for p in data], embedded=embedded)
    except Exception as exc:  # reported by the parent as one line
        from .errors import EggoError

        conn.send(("failed", str(exc), isinstance(exc, EggoError)))
        return
    store = dataset.oxigraph
    conn.send(("ready", len(store), dataset.graphs()))
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        conn.send(_answer(store, request))


class _Worker:
    def __init__(self, settings: ServeSettings) -> None:
        ctx = mp.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main,
            args=(child, [str(p) for p in settings.data], settings.embedded),
            daemon=True,
        )
        self.process.start()
        child.close()
        message = self.conn.recv()
        if message[0] != "ready":
            self.process.join()
            from .errors import EggoError

            raise (EggoError if message[2] else RuntimeError)(message[1])
        self.triples, self.graphs = message[1], message[2]

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


class WorkerPool:
    """Worker processes, each with its own copy of the dataset; a query waits for a free one."""

    def __init__(self, settings: ServeSettings) -> None:
        self.settings = settings
        self._all: list[_Worker] = [_Worker(settings) for _ in range(max(1, settings.workers))]
        self.triples, self.graphs = self._all[0].triples, self._all[0].graphs
        self._idle: asyncio.Queue[_Worker] | None = None
        self._pending: set[asyncio.Future] = set()

    def _queue(self) -> asyncio.Queue[_Worker]:
        if self._idle is None:
            self._idle = asyncio.Queue()
            for w in self._all:
                self._idle.put_nowait(w)
        return self._idle

    async def run(self, request: dict[str, Any]) -> tuple[int, str, bytes]:
        idle = self._queue()
        if not self._all and not self._pending:
            return 503, "text/plain", b"the server has no worker left; restart eggo serve"
        worker = await idle.get()
        loop = asyncio.get_running_loop()
        started = time.monotonic()
        try:
            worker.conn.send(request)
            ready = await loop.run_in_executor(None, worker.conn.poll, self.settings.timeout)
            if ready:
                answer = worker.conn.recv()
                idle.put_nowait(worker)
                return answer
        except (EOFError, OSError):
            pass  # the worker died: replace it below
        elapsed = time.monotonic() - started
        worker.stop()
        self._all.remove(worker)
        self._pending.add(task := asyncio.ensure_future(self._replace(loop)))
        task.add_done_callback(self._pending.discard)
        if elapsed >= self.settings.timeout:
            message = f"the query was stopped at the time limit of {self.settings.timeout:g} s"
            return 503, "text/plain", message.encode()
        return 500, "text/plain", b"the query's worker process ended unexpectedly"

    async def _replace(self, loop: asyncio.AbstractEventLoop) -> None:
        try:
            worker = await loop.run_in_executor(None, _Worker, self.settings)
        except Exception as exc:  # e.g. a --data file removed since the start
            print(f"eggo serve: error: cannot start a new worker: {exc}", file=sys.stderr)
            return
        self._all.append(worker)
        self._queue().put_nowait(worker)

    def close(self) -> None:
        for w in self._all:
            w.stop()
        self._all.clear()


# ---------------------------------------------------------------- HTTP


def _examples() -> list[tuple[str, str, str]]:
    from .queries import catalogue

    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    return [(q.name, q.summary, prologue + q.text) for q in catalogue().values()]


START_QUERY = (
    "SELECT ?graph (COUNT(*) AS ?triples)\nWHERE { GRAPH ?graph { ?s ?p ?o } }\nGROUP BY ?graph"
)


def start_page(settings: ServeSettings, pool: WorkerPool, chosen: str | None) -> str:
    """The HTML start page: the dataset, a query box, the example queries."""
    examples = _examples()
    text = next((t for n, _, t in examples if n == chosen), START_QUERY)
    formats = '<option value="">by Accept header (JSON or Turtle)</option>' + "".join(
        f'<option value="{short}">{short} ({media})</option>'
        for media, (short, _) in {**RESULT_TYPES, **GRAPH_TYPES}.items()
    )
    rows = "".join(
        f'<li><a href="/?example={quote(n)}"><code>{html.escape(n)}</code></a> '
        f"{html.escape(s)}</li>"
        for n, s, _ in examples
    )
    graphs = "".join(f"<li><code>{html.escape(g)}</code></li>" for g in pool.graphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>eggo SPARQL endpoint</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}textarea{{width:100%}}</style>
</head><body>
<h1>eggo SPARQL endpoint</h1>
<p>The eGGO knowledge graph over the SPARQL 1.1 Protocol at <code>/query</code> (GET or POST),
read-only, {pool.triples} triples in {len(pool.graphs)} named graphs; the default graph is their
union. Each query may run {settings.timeout:g} s and return {settings.max_bytes} bytes.
eggo's prefixes (<code>{", ".join(PREFIXES)}</code>) are predeclared.</p>
<form action="/query" method="get">
<textarea name="query" rows="18">{html.escape(text)}</textarea>
<p><label>Format <select name="format">{formats}</select></label>
<button type="submit">Run query</button></p>
</form>
<h2>Example queries</h2><ul>{rows}</ul>
<h2>Named graphs</h2><ul>{graphs}</ul>
</body></html>
"""


def _bad(status: int, message: str) -> PlainTextResponse:
    return PlainTextResponse(message + "\n", status_code=status)


def create_app(settings: ServeSettings, pool: WorkerPool) -> Starlette:
    """The Starlette app over a started worker pool."""

    by_short = {short: media for media, (short, _) in {**RESULT_TYPES, **GRAPH_TYPES}.items()}

    async def home(request: Request) -> Response:
        return HTMLResponse(start_page(settings, pool, request.query_params.get("example")))

    async def query(request: Request) -> Response:
        params = request.query_params
        text: str | None = params.get("query")
        default = params.getlist("default-graph-uri")
        named = params.getlist("named-graph-uri")
        if int(request.headers.get("content-length") or 0) > 4 * MAX_QUERY_CHARS:
            return _bad(413, f"the request is longer than {4 * MAX_QUERY_CHARS} bytes")
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype == "application/x-www-form-urlencoded":
                form = parse_qs((await request.body()).decode("utf-8", errors="replace"))
                if "update" in form:
                    return _bad(403, "this endpoint is read-only: SPARQL updates are refused")
                text = (form.get("query") or [None])[0]
                default += form.get("default-graph-uri", [])
                named += form.get("named-graph-uri", [])
            elif ctype == "application/sparql-query":
                text = (await request.body()).decode("utf-8", errors="replace")
            elif ctype == "application/sparql-update":
                return _bad(403, "this endpoint is read-only: SPARQL updates are refused")
            else:
                return _bad(
                    415,
                    "POST a query as application/x-www-form-urlencoded or application/sparql-query",
                )
        if not text:
            return _bad(400, "no query: pass it as the 'query' parameter")
        if len(text) > MAX_QUERY_CHARS:
            return _bad(413, f"the query is longer than {MAX_QUERY_CHARS} characters")
        fmt = params.get("format")
        if fmt and fmt not in by_short:
            return _bad(400, f"unknown format {fmt!r}; use one of {', '.join(by_short)}")
        status, media, body = await pool.run(
            {
                "query": text,
                "default": default,
                "named": named,
                "accept": accepted(request.headers.get("accept")),
                "format": by_short.get(fmt) if fmt else None,
                "max_bytes": settings.max_bytes,
            }
        )
        if media == "text/plain" and not body.endswith(b"\n"):
            body += b"\n"
        return Response(body, status_code=status, media_type=media, headers={"Vary": "Accept"})

    async def update(request: Request) -> Response:
        return _bad(403, "this endpoint is read-only: SPARQL updates are refused")

    return Starlette(
        routes=[
            Route("/", home, methods=["GET"]),
            Route("/query", query, methods=["GET", "POST"]),
            Route("/sparql", query, methods=["GET", "POST"]),
            Route("/update", update, methods=["GET", "POST"]),
        ]
    )


def is_loopback(host: str) -> bool:
    """Whether host names this machine only (127.0.0.0/8, ::1, localhost)."""
    return host in ("localhost", "::1") or host.startswith("127.")


def check_port(host: str, port: int) -> socket.socket:
    """Bind host:port, or raise InputError; the bound socket is handed to uvicorn, so the port
    cannot be taken between this check and the start (uvicorn would then exit with code 3)."""
    from .errors import InputError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind((host, port))
    except OSError as exc:
        s.close()
        raise InputError(
            f"cannot listen on {host}:{port} ({exc.strerror})",
            "--port",
            "pick another port, or stop what uses it",
        ) from None
    return s


def serve(
    settings: ServeSettings,
    host: str = "127.0.0.1",
    port: int = 7878,
    announce: Any = print,
    extra: Iterable[str] = (),
) -> None:
    """Start the workers, then serve until interrupted."""
    import uvicorn

    sock = check_port(host, port)
    try:
        pool = WorkerPool(settings)
    except BaseException:
        sock.close()
        raise
    try:
        app = create_app(settings, pool)
        shown = f"[{host}]" if ":" in host else host
        announce(
            f"Serving {pool.triples} triples in {len(pool.graphs)} named graphs at "
            f"http://{shown}:{port}/ (SPARQL endpoint http://{shown}:{port}/query), read-only, "
            f"{settings.timeout:g} s and {settings.max_bytes} bytes per query. Ctrl-C stops."
        )
        for line in extra:
            announce(line)
        config = uvicorn.Config(app, host=host, port=port, log_level="warning")
        server = uvicorn.Server(config)
        server.run(sockets=[sock])
        if not server.started:
            from .errors import EggoError

            raise EggoError(f"the server at {host}:{port} could not start (see the lines above)")
    finally:
        sock.close()
        pool.close()
