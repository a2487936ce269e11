"""A remote SPARQL 1.1 endpoint as a ``Store``, and pushing graphs with the Graph Store Protocol.

``RemoteStore`` runs the same named queries as the embedded store, over the SPARQL 1.1 Protocol
(POST, form-encoded, results as SPARQL JSON). It is engine-neutral:

- eggo's prefixes are declared in the query text (a remote engine knows none of them);
- bound values are substituted for their variables as terms serialised by Oxigraph's N-Triples
  writer (``substitute.py``), with the same meaning as the embedded store's substitutions; no
  user text is ever pasted into the query;
- the default graph is made the union of the named graphs with ``default-graph-uri`` (and the
  same graphs as ``named-graph-uri``), so the endpoint needs no union-default-graph setting.

Any failure (unreachable, timeout, an HTTP error status, an unreadable answer) becomes one
``EndpointError`` naming the URL and the status or the timeout.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import httpx
import pyoxigraph as ox
from rdflib.term import Node

from .dataset import graph_triples
from .errors import EndpointError, InputError, QueryError
from .namespaces import PREFIXES
from .store import OxigraphStore, Rows
from .substitute import substitute
from .terms import from_ox

DEFAULT_TIMEOUT = 60.0
_RESULTS_JSON = "application/sparql-results+json"
_GRAPHS_QUERY = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"


def _check_url(url: str, where: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(
            f"{url!r} is not an http(s) URL",
            where,
            "give the full URL, e.g. http://localhost:7878/query",
        )
    return url


def _first_line(text: str, limit: int = 200) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _request(client: httpx.Client, method: str, url: str, what: str, **kwargs) -> httpx.Response:
    """One HTTP request; every failure becomes an EndpointError naming the URL."""
    try:
        response = client.request(method, url, **kwargs)
    except httpx.TimeoutException:
        raise EndpointError(
            f"no answer from the {what} within {client.timeout.read:g} s (timeout)",
            url,
            "check that it runs, or give it a simpler query",
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


class RemoteStore:
    """A SPARQL 1.1 query endpoint (read-only) behind the ``Store`` protocol."""

    def __init__(self, url: str, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.url = _check_url(url, "--endpoint")
        self._client = httpx.Client(
            timeout=timeout, headers={"Accept": _RESULTS_JSON, "User-Agent": "eggo"}
        )
        self._dataset: list[str] | None = None

    def _solutions(self, text: str, dataset: Iterable[str] = ()) -> ox.QuerySolutions:
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
            solutions = ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as exc:
            ctype = response.headers.get("content-type", "no content type")
            raise EndpointError(
                f"the SPARQL endpoint's answer is not SPARQL JSON results ({ctype}): {exc}",
                self.url,
                "check that the URL is the endpoint's query URL",
            ) from None
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        return solutions

    def graphs(self) -> list[str]:
        rows = self._solutions(_GRAPHS_QUERY)
        return [s["g"].value for s in rows if isinstance(s["g"], ox.NamedNode)]

    def _union(self) -> list[str]:
        if self._dataset is None:
            self._dataset = self.graphs()
        return self._dataset

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> Rows:
        prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
        bindings = dict(bindings or {})
        solutions = self._solutions(prologue + substitute(query, bindings), self._union())
        names = [v.value for v in solutions.variables]
        rows = [{n: from_ox(s[n]) for n in names if s[n] is not None} for s in solutions]
        missing = [n for n in bindings if n not in names]  # SELECT *: the value is a constant
        for row in rows:
            row.update({n: bindings[n] for n in missing})
        return Rows(rows, names + missing)


# ---------------------------------------------------------------- Graph Store Protocol


@dataclass(frozen=True)
class PushedGraph:
    """One graph written to a graph store."""

    graph: str
    triples: int
    status: int
    seconds: float


def push_graphs(
    store_url: str,
    dataset: OxigraphStore,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    progress: Callable[[str], None] | None = None,
) -> list[PushedGraph]:
    """PUT every named graph of the dataset to a SPARQL 1.1 Graph Store Protocol endpoint
    (``STORE-URL?graph=IRI``, as N-Triples), replacing what each graph held before."""
    _check_url(store_url, "--endpoint")
    pushed: list[PushedGraph] = []
    with httpx.Client(timeout=timeout, headers={"User-Agent": "eggo"}) as client:
        for graph in dataset.graphs():
            triples = list(graph_triples(dataset, graph))
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
            start = time.perf_counter()
            response = _request(
                client,
                "PUT",
                store_url,
                "graph store",
                params={"graph": graph},
                content=body,
                headers={"Content-Type": "application/n-triples"},
            )
            seconds = time.perf_counter() - start
            pushed.append(PushedGraph(graph, len(triples), response.status_code, seconds))
            if progress:
                progress(graph)
    return pushed
