"""`eggo serve`: the dataset over the SPARQL 1.1 Protocol, read-only, with limits on time, size,
depth, waiting and connections, fit to put behind a reverse proxy.

The engine is pyoxigraph, the same as the embedded store, running in worker processes:

- **One snapshot.** The dataset is loaded once, at start, and serialised as N-Quads; every worker,
  and every replacement worker, loads that same snapshot. Deleting or editing a ``--data`` file
  after the start changes nothing the server answers.
- **Time.** A query that overruns its time limit is stopped by ending its worker process
  (pyoxigraph cannot cancel a running query, and the ``oxigraph`` server's ``--timeout-s`` was
  measured to answer late, with status 200 and a cut-off body); a fresh worker takes its place.
  A query whose client hangs up is stopped the same way.
- **Size.** A result is serialised into a buffer that refuses to grow past the cap, which also
  stops the evaluation (507). A request body is counted while it is read, chunked or not (413),
  and parsed in a thread, off the event loop.
- **Waiting.** At most ``max_queue`` queries wait for a worker, each at most ``queue_wait``
  seconds; past that the answer is 503 with ``Retry-After``. One client address may have at most
  ``per_client`` queries running or waiting (429 with ``Retry-After``), so one client cannot
  starve the rest.
- **Connections.** A client must send its request line and headers within ``header_timeout``
  seconds, and at most ``max_connections`` connections are open at once; the server says once,
  not per socket, when it refuses connections.
- **The query's text.** ``query_guard`` refuses, before parsing, queries nested deeper than
  ``query_guard.MAX_DEPTH`` (400) and ``SERVICE`` clauses to endpoints the operator did not allow
  (403: federated queries would let anyone make the server send requests inside its network).
  A query or form that is not UTF-8 is refused (400, or 415 for another charset).
- **The dataset.** Without dataset parameters or clauses the default graph is the union of the
  named graphs; ``FROM``/``FROM NAMED`` in the query, or ``default-graph-uri``/``named-graph-uri``
  in the request (which win over the query's clauses), give exactly the dataset they name.

The HTTP side is a small Starlette app run by uvicorn, which stops cleanly on SIGTERM or Ctrl-C.
Routes: ``/`` (an HTML start page with a query box and the shipped example queries), ``/query``
and ``/sparql`` (GET and POST queries), ``/update`` (always refused: the server is read-only).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import html
import io
import logging
import multiprocessing as mp
import socket
import sys
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote_to_bytes

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from . import query_guard
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
MAX_BODY_BYTES = 4 * MAX_QUERY_CHARS
WORKER_START_SECONDS = 120.0
log = logging.getLogger("eggo.serve")


@dataclass(frozen=True)
class ServeSettings:
    """What `eggo serve` serves and how."""

    data: list[Path] = field(default_factory=list)
    embedded: bool = True
    timeout: float = 10.0
    max_bytes: int = 10_000_000
    workers: int = 2
    allow_service: tuple[str, ...] = ()
    max_queue: int = 16
    queue_wait: float | None = None  # None: the query time limit, at least 10 s
    per_client: int | None = None  # None: half the workers, at least 1
    header_timeout: float = 10.0
    max_connections: int = 256

    @property
    def wait_limit(self) -> float:
        # at least long enough for a stopped worker's replacement to start
        return max(self.timeout, 10.0) if self.queue_wait is None else self.queue_wait

    @property
    def client_limit(self) -> int:
        return self.per_client if self.per_client is not None else max(1, self.workers // 2)


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


# ---------------------------------------------------------------- the snapshot and the workers


@dataclass(frozen=True)
class Snapshot:
    """The dataset as loaded at start: N-Quads every worker loads, and what the start page says."""

    nquads: bytes
    triples: int
    graphs: list[str]


def take_snapshot(settings: ServeSettings) -> Snapshot:
    """Load the dataset once and serialise it (blank node labels are kept, so every worker
    holds the same terms)."""
    from .dataset import open_dataset

    dataset = open_dataset(settings.data, embedded=settings.embedded)
    store = dataset.oxigraph
    nquads = io.BytesIO()
    store.dump(nquads, format=ox.RdfFormat.N_QUADS)
    return Snapshot(nquads.getvalue(), len(store), dataset.graphs())


class _CappedBuffer(io.BytesIO):
    """A write target that refuses to grow past ``limit`` bytes."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.overflow = False

    def write(self, buffer: Any, /) -> int:  # any bytes-like object, as BytesIO takes
        if self.tell() + memoryview(buffer).nbytes > self.limit:
            self.overflow = True
            raise OSError("result size cap reached")
        return super().write(buffer)


def _dataset_options(request: dict[str, Any]) -> dict[str, Any]:
    """pyoxigraph's dataset arguments: the request's dataset parameters win over the query's
    FROM clauses; with neither, the default graph is the union of the named graphs."""
    default, named = request["default"], request["named"]
    if default or named:  # exactly the dataset the request names (possibly no default graph)
        return {
            "default_graph": [ox.NamedNode(g) for g in default],
            "named_graphs": [ox.NamedNode(g) for g in named],
        }
    if request["has_dataset"]:  # FROM / FROM NAMED: the engine takes the query's dataset
        return {}
    return {"use_default_graph_as_union": True}


def _answer(store: ox.Store, request: dict[str, Any]) -> tuple[int, str, bytes]:
    """Run one query; (status, media type, body)."""
    try:
        result = store.query(
            request["query"],
            prefixes=PREFIXES,
            base_iri=request.get("base"),
            **_dataset_options(request),
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
    return 200, media + charset, buffer.getvalue()


def _worker_main(conn: Connection, nquads: bytes) -> None:
    try:
        store = ox.Store()
        store.extend(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
    except Exception as exc:  # reported by the parent as one line
        conn.send(("failed", str(exc)))
        return
    del nquads
    conn.send(("ready",))
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        conn.send(_answer(store, request))


def _context() -> Any:
    """Worker processes start from a fork server that has imported this module once (a spawned
    process would import the whole command line first: seconds per replacement worker)."""
    if "forkserver" not in mp.get_all_start_methods():
        return mp.get_context("spawn")
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload([__name__])
    return ctx


class _Worker:
    def __init__(self, snapshot: Snapshot) -> None:
        ctx = _context()
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, snapshot.nquads), daemon=True)
        self.process.start()
        child.close()
        if not self.conn.poll(WORKER_START_SECONDS):
            self.stop()
            raise RuntimeError(f"a worker did not start within {WORKER_START_SECONDS:g} s")
        message = self.conn.recv()
        if message[0] != "ready":
            self.stop()
            raise RuntimeError(message[1])

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


class Overloaded(Exception):
    """No answer now: 503 (the queue is full or the wait too long) or 429 (too many from one
    client); ``retry_after`` in seconds."""

    def __init__(self, status: int, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.status, self.retry_after = status, retry_after


class WorkerPool:
    """Worker processes, each with a copy of the snapshot; a bounded queue in front of them."""

    def __init__(self, settings: ServeSettings, snapshot: Snapshot) -> None:
        self.settings = settings
        self.snapshot = snapshot
        self.triples, self.graphs = snapshot.triples, snapshot.graphs
        self._all: list[_Worker] = [_Worker(snapshot) for _ in range(max(1, settings.workers))]
        self._idle: list[_Worker] = list(self._all)
        self._waiters: deque[asyncio.Future[_Worker]] = deque()
        self._per_client: dict[str, int] = {}
        self._pending: set[asyncio.Future] = set()

    # -- the queue
    def _retry_after(self) -> int:
        return max(1, round(self.settings.timeout))

    async def _acquire(self) -> _Worker:
        if self._idle:
            return self._idle.pop()
        if len(self._waiters) >= self.settings.max_queue:
            raise Overloaded(
                503,
                f"the server is busy: {len(self._waiters)} queries are waiting already",
                self._retry_after(),
            )
        waiter: asyncio.Future[_Worker] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            return await asyncio.wait_for(asyncio.shield(waiter), self.settings.wait_limit)
        except (TimeoutError, asyncio.CancelledError) as exc:
            if waiter.done() and not waiter.cancelled():  # handed a worker just now: give it on
                self._release(waiter.result())
            else:
                waiter.cancel()
            if isinstance(exc, asyncio.CancelledError):
                raise
            raise Overloaded(
                503,
                f"the server is busy: no worker was free within {self.settings.wait_limit:g} s",
                self._retry_after(),
            ) from None
        finally:
            if waiter in self._waiters:
                self._waiters.remove(waiter)

    def _release(self, worker: _Worker) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(worker)
                return
        self._idle.append(worker)

    # -- one query
    async def run(self, request: dict[str, Any], client: str = "") -> tuple[int, str, bytes]:
        """Answer one query; raises Overloaded when it cannot wait for a worker."""
        if self._per_client.get(client, 0) >= self.settings.client_limit:
            raise Overloaded(
                429,
                f"too many queries from {client or 'this client'} at once "
                f"(at most {self.settings.client_limit}); wait for the others to finish",
                1,
            )
        if not self._all and not self._pending:
            return 503, "text/plain", b"the server has no worker left; restart eggo serve"
        self._per_client[client] = self._per_client.get(client, 0) + 1
        try:
            worker = await self._acquire()
            return await self._on(worker, request)
        finally:
            self._per_client[client] -= 1
            if not self._per_client[client]:
                del self._per_client[client]

    async def _on(self, worker: _Worker, request: dict[str, Any]) -> tuple[int, str, bytes]:
        loop = asyncio.get_running_loop()
        started = time.monotonic()
        ready: asyncio.Future[None] = loop.create_future()
        fd = worker.conn.fileno()

        def answered() -> None:
            if not ready.done():
                ready.set_result(None)

        loop.add_reader(fd, answered)
        answer: tuple[int, str, bytes] | None = None
        try:
            worker.conn.send(request)
            await asyncio.wait_for(ready, self.settings.timeout)
            answer = await loop.run_in_executor(None, worker.conn.recv)
        except (TimeoutError, EOFError, OSError):
            pass  # overran, or the worker died: replace it below
        finally:
            loop.remove_reader(fd)
            if answer is None:  # also when cancelled: the client has gone
                self._retire(worker, loop)
            else:
                self._release(worker)
        if answer is not None:
            return answer
        if time.monotonic() - started >= self.settings.timeout:
            message = f"the query was stopped at the time limit of {self.settings.timeout:g} s"
            return 503, "text/plain", message.encode()
        return 500, "text/plain", b"the query's worker process ended unexpectedly"

    def _retire(self, worker: _Worker, loop: asyncio.AbstractEventLoop) -> None:
        worker.stop()
        self._all.remove(worker)
        task = asyncio.ensure_future(self._replace(loop))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _replace(self, loop: asyncio.AbstractEventLoop) -> None:
        try:
            worker = await loop.run_in_executor(None, _Worker, self.snapshot)
        except Exception as exc:
            print(f"eggo serve: error: cannot start a new worker: {exc}", file=sys.stderr)
            return
        self._all.append(worker)
        self._release(worker)

    def close(self) -> None:
        for w in self._all:
            w.stop()
        self._all.clear()


# ---------------------------------------------------------------- reading requests


class BadRequest(Exception):
    """A request the server cannot take; ``status`` is the HTTP status to answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def parse_form(raw: bytes) -> dict[str, list[str]]:
    """An application/x-www-form-urlencoded body or query string, strictly UTF-8."""
    form: dict[str, list[str]] = {}
    for pair in raw.split(b"&"):
        if not pair:
            continue
        key, _, value = pair.partition(b"=")
        try:
            name = unquote_to_bytes(key.replace(b"+", b" ")).decode("utf-8")
            text = unquote_to_bytes(value.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadRequest(400, f"the request is not valid UTF-8 ({exc.reason})") from None
        form.setdefault(name, []).append(text)
    return form


def _content_type(header: str) -> tuple[str, str | None]:
    media, *params = (p.strip() for p in header.split(";"))
    charset = None
    for p in params:
        name, _, value = p.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.lower(), charset


def read_query(method: str, query_string: bytes, ctype: str, body: bytes) -> dict[str, Any]:
    """The query, its dataset and format from a request (run in a thread: it may be 4 MB)."""
    params = parse_form(query_string)
    queries = params.get("query", [])
    default = params.get("default-graph-uri", [])
    named = params.get("named-graph-uri", [])
    if method == "POST":
        media, charset = _content_type(ctype)
        if charset not in (None, "utf-8", "utf8"):
            raise BadRequest(415, f"the query must be UTF-8, not {charset}")
        if media == "application/x-www-form-urlencoded":
            form = parse_form(body)
            if "update" in form:
                raise BadRequest(403, "this endpoint is read-only: SPARQL updates are refused")
            queries += form.get("query", [])
            default += form.get("default-graph-uri", [])
            named += form.get("named-graph-uri", [])
        elif media == "application/sparql-query":
            if queries:
                raise BadRequest(400, "give the query once: in the body, not also as a parameter")
            try:
                queries = [body.decode("utf-8")]
            except UnicodeDecodeError as exc:
                raise BadRequest(400, f"the query is not valid UTF-8 ({exc.reason})") from None
        elif media == "application/sparql-update":
            raise BadRequest(403, "this endpoint is read-only: SPARQL updates are refused")
        else:
            raise BadRequest(
                415,
                "POST a query as application/x-www-form-urlencoded or application/sparql-query",
            )
    if len(queries) > 1:
        raise BadRequest(400, "give one query per request, not several 'query' parameters")
    text = queries[0] if queries else ""
    if not text:
        raise BadRequest(400, "no query: pass it as the 'query' parameter")
    if len(text) > MAX_QUERY_CHARS:
        raise BadRequest(413, f"the query is longer than {MAX_QUERY_CHARS} characters")
    return {"query": text, "default": default, "named": named, "format": params.get("format")}


async def read_body(request: Request, limit: int, seconds: float) -> bytes:
    """The request body, counted as it arrives (chunked or not): 413 past ``limit`` bytes, 408
    when it takes longer than ``seconds``."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise BadRequest(413, f"the request is longer than {limit} bytes")
    parts: list[bytes] = []
    size = 0

    async def collect() -> None:
        nonlocal size
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise BadRequest(413, f"the request is longer than {limit} bytes")
            parts.append(chunk)

    try:
        await asyncio.wait_for(collect(), seconds)
    except TimeoutError:
        raise BadRequest(408, f"the request body took longer than {seconds:g} s") from None
    return b"".join(parts)


async def _client_gone(request: Request) -> None:
    """Return when the client disconnects (the body has been read already)."""
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return


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


def _bad(status: int, message: str, headers: dict[str, str] | None = None) -> PlainTextResponse:
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


def create_app(settings: ServeSettings, pool: WorkerPool) -> Starlette:
    """The Starlette app over a started worker pool."""

    by_short = {short: media for media, (short, _) in {**RESULT_TYPES, **GRAPH_TYPES}.items()}

    async def home(request: Request) -> Response:
        return HTMLResponse(start_page(settings, pool, request.query_params.get("example")))

    async def query(request: Request) -> Response:
        try:
            body = b""
            if request.method == "POST":
                body = await read_body(request, MAX_BODY_BYTES, settings.header_timeout)
            parsed = await run_in_threadpool(
                read_query,
                request.method,
                request.scope.get("query_string", b""),
                request.headers.get("content-type", ""),
                body,
            )
            formats = parsed["format"] or []
            fmt = formats[0] if formats else None
            if fmt and fmt not in by_short:
                raise BadRequest(400, f"unknown format {fmt!r}; use one of {', '.join(by_short)}")
            shape = await run_in_threadpool(
                query_guard.check, parsed["query"], settings.allow_service, PREFIXES
            )
        except BadRequest as exc:
            return _bad(exc.status, str(exc))
        except query_guard.RefusedQuery as exc:
            return _bad(exc.status, str(exc))
        job = {
            "query": parsed["query"],
            "default": parsed["default"],
            "named": parsed["named"],
            "has_dataset": shape.has_dataset,
            "base": str(request.url.replace(query="", fragment="")),
            "accept": accepted(request.headers.get("accept")),
            "format": by_short.get(fmt) if fmt else None,
            "max_bytes": settings.max_bytes,
        }
        client = request.client.host if request.client else ""
        run = asyncio.ensure_future(pool.run(job, client))
        gone = asyncio.ensure_future(_client_gone(request))
        try:
            await asyncio.wait({run, gone}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            gone.cancel()
        if not run.done():  # the client hung up: stop its query
            run.cancel()
            with contextlib.suppress(asyncio.CancelledError, Overloaded):
                await run
            return Response(status_code=499)
        try:
            status, media, answer = run.result()
        except Overloaded as exc:
            return _bad(exc.status, str(exc), {"Retry-After": str(exc.retry_after)})
        if media == "text/plain" and not answer.endswith(b"\n"):
            answer += b"\n"
        return Response(answer, status_code=status, media_type=media, headers={"Vary": "Accept"})

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


# ---------------------------------------------------------------- connections


def _guarded_protocol(settings: ServeSettings) -> type:
    """uvicorn's h11 protocol with a deadline for the request head and a connection limit.

    uvicorn times out only idle keep-alive connections: a client that sends half a request line
    holds its socket for ever, and enough of them use up the file descriptors. Here a connection
    must deliver its request head within ``header_timeout`` seconds (again after each response),
    and a connection beyond ``max_connections`` is closed at once. Refusals are logged once per
    overload (at most once a minute), with how many were refused.
    """
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class GuardedH11Protocol(H11Protocol):
        refused = 0
        last_logged = float("-inf")

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._deadline: asyncio.TimerHandle | None = None
            if len(self.connections) > settings.max_connections:
                cls = type(self)
                cls.refused += 1
                now = time.monotonic()
                if now - cls.last_logged >= 60:
                    log.warning(
                        "eggo serve: overloaded: %d connections open (the limit is %d); "
                        "refusing new ones (%d so far)",
                        len(self.connections) - 1,
                        settings.max_connections,
                        cls.refused,
                    )
                    cls.last_logged = now
                transport.abort()
                return
            self._arm()

        def _arm(self) -> None:
            if getattr(self, "_deadline", None) is not None:
                self._deadline.cancel()  # type: ignore[union-attr]
            self._deadline = self.loop.call_later(settings.header_timeout, self._head_overdue)

        def _head_overdue(self) -> None:
            self._deadline = None
            if self.cycle is not None and not self.cycle.response_complete:
                return  # the head arrived: the app has the request and its own limits
            if not self.transport.is_closing():
                if self.conn.our_state not in (h11.ERROR, h11.CLOSED):
                    with contextlib.suppress(h11.LocalProtocolError):
                        self.conn.send(h11.ConnectionClosed())
                self.transport.close()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            deadline = getattr(self, "_deadline", None)
            if deadline is not None:
                deadline.cancel()
            super().connection_lost(exc)

    return GuardedH11Protocol


def _server_class() -> type:
    import uvicorn

    class Server(uvicorn.Server):
        """uvicorn's server, ending with exit code 0 after a graceful stop on SIGTERM or Ctrl-C
        (uvicorn re-raises the signal, which would skip stopping the workers)."""

        async def shutdown(self, sockets: Any = None) -> None:
            await super().shutdown(sockets)
            self._captured_signals.clear()

    return Server


def _raise_file_limit(wanted: int) -> int:
    """Raise the soft limit of open files towards ``wanted``; the limit now."""
    try:
        import resource
    except ImportError:  # not on Windows
        return wanted
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    return wanted if soft == resource.RLIM_INFINITY else soft


def is_loopback(host: str) -> bool:
    """Whether host names this machine only (127.0.0.0/8, ::1, localhost)."""
    return host in ("localhost", "::1") or host.startswith("127.")


def public_warning(host: str, port: int) -> str:
    """What `eggo serve --public` says before it starts."""
    return (
        f"warning: eggo serve listens on {host}:{port}, reachable from the network, without TLS "
        "or authentication; anyone who can reach it can read the whole dataset. Put a reverse "
        "proxy with TLS in front of it (README: 'Serving safely')."
    )


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
    """Load the snapshot, start the workers, then serve until SIGTERM or Ctrl-C."""
    import uvicorn

    sock = check_port(host, port)
    try:
        files = _raise_file_limit(settings.max_connections + 64 + 8 * settings.workers)
        if files < settings.max_connections + 64:
            settings = dataclasses.replace(settings, max_connections=max(16, files - 64))
        snapshot = take_snapshot(settings)
        pool = WorkerPool(settings, snapshot)
    except BaseException:
        sock.close()
        raise
    logging.basicConfig(format="%(message)s")
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
        config = uvicorn.Config(
            app,
            host=host,
            port=port,
            log_level="warning",
            http=_guarded_protocol(settings),
            lifespan="off",
            timeout_graceful_shutdown=5,
            timeout_keep_alive=5,
        )
        server = _server_class()(config)
        server.run(sockets=[sock])
        if not server.started:
            from .errors import EggoError

            raise EggoError(f"the server at {host}:{port} could not start (see the lines above)")
    finally:
        sock.close()
        pool.close()
