"""A remote SPARQL 1.1 endpoint as a ``Store``, and pushing graphs with the Graph Store Protocol.

``RemoteStore`` runs the same named queries as the embedded store, over the SPARQL 1.1 Protocol
(POST, form-encoded, results as SPARQL JSON). It is engine-neutral:

- eggo's prefixes are declared in the query text (a remote engine knows none of them);
- bound values are substituted for their variables as terms serialised by Oxigraph's N-Triples
  writer (``substitute.py``), with the same meaning as the embedded store's substitutions; no
  user text is ever pasted into the query;
- the dataset: if the endpoint's default graph is already the union of its graphs (it holds
  eggo's framework: ``eggo serve``, Virtuoso, ``oxigraph serve --union-default-graph``), eggo
  sends no dataset parameters. Otherwise it names the graphs with ``default-graph-uri`` (and
  the same as ``named-graph-uri``): for a query about one assessment only the shared graphs
  (ontology, framework, rules) and that assessment's own graphs (those with ``eggo:assessment``
  links to it), since listing every graph of a store with hundreds of assessments costs
  seconds per query; for other queries, every graph.

Engine differences are kept out of the queries (``queries/README`` has the portable forms); the
engine-specific steps are all here:

- authentication for the Graph Store Protocol (``--user`` with the password in
  ``EGGO_ENDPOINT_PASSWORD``; Basic or Digest, as the server asks: Virtuoso's
  ``/sparql-graph-crud-auth`` wants Digest);
- blank node labels: Virtuoso's (``nodeID://b10007``) are no valid RDF labels; eggo relabels
  every blank node of an answer (``_blank_node_labels``);
- an endpoint's own limits, which would otherwise give a wrong answer silently: Virtuoso cuts a
  result at ``ResultSetMaxRows`` rows (10,000 in Debian's ``virtuoso.ini``) and says so only in
  an ``X-SPARQL-MaxRows`` header, and may answer a partial result after its time limit with an
  ``X-SQL-State`` header. Both become an error naming the setting to raise, never a short table.

How long eggo waits for one answer is ``EGGO_ENDPOINT_TIMEOUT`` seconds (default 60).

Any failure (unreachable, timeout, an HTTP error status, an unreadable or cut answer) becomes one
``EndpointError`` naming the URL and the status or the timeout.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Generator, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx
import pyoxigraph as ox
from rdflib.term import Node, URIRef

from .dataset import graph_triples
from .errors import EndpointError, InputError, QueryError
from .namespaces import PREFIXES
from .store import OxigraphStore, Rows
from .substitute import substitute_bindings
from .terms import Bindable, from_ox

DEFAULT_TIMEOUT = 60.0
TIMEOUT_VARIABLE = "EGGO_ENDPOINT_TIMEOUT"
_RESULTS_JSON = "application/sparql-results+json"
_GRAPHS_QUERY = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
_UNION_PROBE = "ASK { ?framework a <https://w3id.org/eggo/ontology#Framework> }"
_OWNERS_QUERY = (
    "SELECT DISTINCT ?g ?a WHERE { GRAPH ?g { ?x <https://w3id.org/eggo/ontology#assessment> ?a } }"
    " ORDER BY ?g ?a"
)
PASSWORD_VARIABLE = "EGGO_ENDPOINT_PASSWORD"


def _check_url(url: str, where: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(
            f"{url!r} is not an http(s) URL",
            where,
            "give the full URL, e.g. http://localhost:7878/query",
        )
    return url


def endpoint_timeout() -> float:
    """Seconds to wait for an endpoint's answer: ``EGGO_ENDPOINT_TIMEOUT``, else 60."""
    text = os.environ.get(TIMEOUT_VARIABLE, "").strip()
    if not text:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < float("inf"):
        raise InputError(
            f"{TIMEOUT_VARIABLE}={text!r} is not a number of seconds",
            TIMEOUT_VARIABLE,
            f"set it to a positive number, e.g. {TIMEOUT_VARIABLE}=300, or unset it for 60",
        )
    return seconds


def _first_line(text: str, limit: int = 200) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _request(client: httpx.Client, method: str, url: str, what: str, **kwargs) -> httpx.Response:
    """One HTTP request; every failure becomes an EndpointError naming the URL. A PUT (idempotent)
    is sent once more if the server dropped the kept-alive connection under it (Virtuoso does,
    now and then, in a long eggo load)."""
    try:
        try:
            response = client.request(method, url, **kwargs)
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError):
            if method != "PUT":
                raise
            response = client.request(method, url, **kwargs)
    except httpx.TimeoutException:
        raise EndpointError(
            f"no answer from the {what} within {client.timeout.read:g} s (timeout)",
            url,
            f"check that it runs, or give it more time with {TIMEOUT_VARIABLE}=SECONDS",
        ) from None
    except httpx.HTTPError as exc:
        reason = str(exc) or type(exc).__name__
        raise EndpointError(
            f"cannot reach the {what} ({reason})", url, "check the URL and that the server runs"
        ) from None
    if response.status_code >= 400:
        detail = _first_line(response.text)
        raise EndpointError(
            f"the {what} answered HTTP {response.status_code} {response.reason_phrase}"
            + (f": {detail}" if detail else ""),
            url,
        )
    return response


def _blank_node_labels(content: bytes) -> bytes:
    """SPARQL JSON results with every blank node relabelled ``x`` + the hex of its label.

    Virtuoso labels blank nodes ``nodeID://b10007``: any string is allowed in SPARQL JSON
    results, but not in RDF syntaxes, and pyoxigraph refuses it. The new label is a function of
    the old one, so one node keeps one label across answers."""
    if b'"bnode"' not in content:
        return content
    data = json.loads(content)
    for row in data.get("results", {}).get("bindings", []):
        for term in row.values():
            if isinstance(term, dict) and term.get("type") == "bnode":
                term["value"] = "x" + str(term["value"]).encode().hex()
    return json.dumps(data).encode()


class RemoteStore:
    """A SPARQL 1.1 query endpoint (read-only) behind the ``Store`` protocol."""

    def __init__(self, url: str, *, timeout: float | None = None) -> None:
        self.url = _check_url(url, "--endpoint")
        timeout = endpoint_timeout() if timeout is None else timeout
        self._client = httpx.Client(
            timeout=timeout, headers={"Accept": _RESULTS_JSON, "User-Agent": "eggo"}
        )
        self._graphs: list[str] | None = None
        self._union_default: bool | None = None
        self._owners: dict[str, set[str]] | None = None

    def _results(self, text: str, dataset: Iterable[str] = ()) -> tuple[Any, int | None]:
        """The parsed answer, and the row limit the endpoint says it applied (None: none)."""
        graphs = list(dataset)
        form = [("query", text)]
        form += [("default-graph-uri", g) for g in graphs]
        form += [("named-graph-uri", g) for g in graphs]
        response = _request(
            self._client,
            "POST",
            self.url,
            "SPARQL endpoint",
            content=urlencode(form).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            content = _blank_node_labels(response.content)
            solutions = ox.parse_query_results(content, ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError, UnicodeDecodeError) as exc:
            ctype = response.headers.get("content-type", "no content type")
            raise EndpointError(
                f"the SPARQL endpoint's answer is not SPARQL JSON results ({ctype}): {exc}",
                self.url,
                "check that the URL is the endpoint's query URL",
            ) from None
        state = response.headers.get("x-sql-state")
        if state:  # Virtuoso's "anytime" answer: what it found before its time limit
            message = response.headers.get("x-sql-message", "")
            raise EndpointError(
                f"the SPARQL endpoint answered a partial result (X-SQL-State {state}"
                + (f": {_first_line(message)}" if message else "")
                + ")",
                self.url,
                "raise the endpoint's time limit (Virtuoso: MaxQueryExecutionTime in the [SPARQL] "
                "section of virtuoso.ini), then restart it",
            )
        cap = response.headers.get("x-sparql-maxrows", "").strip()
        return solutions, int(cap) if cap.isdigit() else None

    def _solutions(
        self, text: str, dataset: Iterable[str] = ()
    ) -> tuple[list[str], list[ox.QuerySolution]]:
        """The variables and every solution of a SELECT query; an answer cut at the endpoint's
        row limit is an error, never a short result."""
        solutions, cap = self._results(text, dataset)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in solutions.variables]
        try:
            rows = list(solutions)
        except (SyntaxError, ValueError) as exc:  # the JSON parser is lazy: a bad term
            raise EndpointError(
                f"the SPARQL endpoint's answer has a term that is not RDF: {exc}", self.url
            ) from None
        if cap is not None and len(rows) >= cap:
            raise EndpointError(
                f"the SPARQL endpoint cut the answer at its limit of {cap} rows (X-SPARQL-MaxRows)",
                self.url,
                "raise the endpoint's row limit (Virtuoso: ResultSetMaxRows in the [SPARQL] "
                "section of virtuoso.ini), then restart it",
            )
        return names, rows

    def graphs(self) -> list[str]:
        if self._graphs is None:
            _, rows = self._solutions(_GRAPHS_QUERY)
            self._graphs = [s["g"].value for s in rows if isinstance(s["g"], ox.NamedNode)]
        return self._graphs

    def dataset(self, bindings: Mapping[str, Bindable] | None = None) -> list[str] | None:
        """The graphs a query is sent with (None: the endpoint's own union default graph)."""
        if self._union_default is None:
            self._union_default = bool(self._results(_UNION_PROBE)[0])
        if self._union_default:
            return None
        assessment = (bindings or {}).get("assessment")
        if isinstance(assessment, ox.NamedNode):  # the scoring path binds pyoxigraph terms
            assessment = URIRef(assessment.value)
        if not isinstance(assessment, URIRef):
            return self.graphs()
        if self._owners is None:
            self._owners = {}
            for row in self._solutions(_OWNERS_QUERY)[1]:
                self._owners.setdefault(row["g"].value, set()).add(row["a"].value)
        return [
            g for g in self.graphs() if g not in self._owners or str(assessment) in self._owners[g]
        ]

    def select(self, query: str, bindings: Mapping[str, Bindable] | None = None) -> Rows:
        prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
        bindings = dict(bindings or {})
        names, solutions = self._solutions(
            prologue + substitute_bindings(query, bindings), self.dataset(bindings) or ()
        )
        rows = [{n: from_ox(s[n]) for n in names if s[n] is not None} for s in solutions]
        missing = [n for n in bindings if n not in names]  # SELECT *: the value is a constant
        constants = {n: _rdflib(bindings[n]) for n in missing}
        for row in rows:
            row.update(constants)
        return Rows(rows, names + missing)


def _rdflib(term: Bindable) -> Node:
    """A bound value as an rdflib term (the scoring path binds pyoxigraph terms)."""
    return term if isinstance(term, Node) else from_ox(term)


# ---------------------------------------------------------------- Graph Store Protocol


@dataclass(frozen=True)
class PushedGraph:
    """One graph written to a graph store."""

    graph: str
    triples: int
    status: int
    seconds: float


class _AskedAuth(httpx.Auth):
    """HTTP Basic or Digest authentication, whichever the server's challenge asks for."""

    def __init__(self, user: str, password: str) -> None:
        self.basic = httpx.BasicAuth(user, password)
        self.digest = httpx.DigestAuth(user, password)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        response = yield request
        if response.status_code != 401:
            return
        if response.headers.get("www-authenticate", "").lower().startswith("digest"):
            flow = self.digest.auth_flow(request)
            next(flow)  # no challenge cached yet: the same request
            try:
                yield flow.send(response)
            except StopIteration:
                return
        else:
            yield next(self.basic.auth_flow(request))


def credentials(user: str | None) -> httpx.Auth | None:
    """The authentication for ``--user``, with the password from ``EGGO_ENDPOINT_PASSWORD``
    (never from a command-line flag, which other users of the machine could read)."""
    if user is None:
        return None
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is None:
        raise InputError(
            f"--user {user} needs a password, and {PASSWORD_VARIABLE} is not set",
            "--user",
            f"export {PASSWORD_VARIABLE}=... (eggo never takes a password as a flag)",
        )
    return _AskedAuth(user, password)


def push_graphs(
    store_url: str,
    dataset: OxigraphStore,
    *,
    timeout: float | None = None,
    progress: Callable[[str], None] | None = None,
    auth: httpx.Auth | None = None,
) -> list[PushedGraph]:
    """PUT every named graph of the dataset to a SPARQL 1.1 Graph Store Protocol endpoint
    (``STORE-URL?graph=IRI``, as N-Triples), replacing what each graph held before, so that a
    rerun is harmless. If the store fails mid-way, the error says how many graphs were pushed."""
    _check_url(store_url, "--endpoint")
    timeout = endpoint_timeout() if timeout is None else timeout
    pushed: list[PushedGraph] = []
    graphs = dataset.graphs()
    with httpx.Client(timeout=timeout, headers={"User-Agent": "eggo"}, auth=auth) as client:
        for graph in graphs:
            triples = list(graph_triples(dataset, graph))
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
            start = time.perf_counter()
            try:
                response = _request(
                    client,
                    "PUT",
                    store_url,
                    "graph store",
                    params={"graph": graph},
                    content=body,
                    headers={"Content-Type": "application/n-triples"},
                )
            except EndpointError as exc:
                raise EndpointError(
                    f"{exc.what}, after pushing {len(pushed)} of {len(graphs)} graphs "
                    f"({sum(p.triples for p in pushed)} triples); <{graph}> and the rest were "
                    "not pushed",
                    exc.where,
                    "fix the store and rerun eggo load: each graph is replaced whole, so a rerun "
                    "is harmless",
                ) from None
            seconds = time.perf_counter() - start
            pushed.append(PushedGraph(graph, len(triples), response.status_code, seconds))
            if progress:
                progress(graph)
    return pushed
