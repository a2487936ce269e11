"""The one place where SPARQL runs.

Commands never talk to an engine: they ask a ``Store`` to answer queries. The embedded engine is
Oxigraph (pyoxigraph), loaded by ``open_store``; another engine, such as a remote SPARQL endpoint,
plugs in by implementing the ``Store`` protocol (``connection.connect`` picks one). The default
graph is the union of all named graphs.

rdflib is imported only when a row is converted to rdflib terms: ``select_text`` answers with
plain text, so a command that only needs the text of its rows (``eggo score``) never loads it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pyoxigraph as ox

from .errors import InputError, QueryError
from .load import ParsedFile, ScannedFile, file_iri, scan_file, too_large
from .namespaces import PREFIXES
from .resources import assessment_files, method_files
from .terms import Bindable, from_ox, to_ox, values_block

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node, URIRef

Row = dict[str, "Node"]
TextRow = dict[str, str]  # a row of values as text (``select_text``, ``queries.run_text``)


class Rows(list):
    """The solutions of a SELECT query, each a dict of bound variables, with the projected
    variable names in order as ``columns``."""

    def __init__(
        self, rows: Iterable[Row] | Iterable[TextRow] = (), columns: Iterable[str] = ()
    ) -> None:
        super().__init__(rows)
        self.columns = list(columns)


class Store(Protocol):
    """What every engine offers: read-only queries. Terms going in and out are rdflib terms.
    Loading is the embedded store's own business (``OxigraphStore.add``, ``open_store``)."""

    def select(self, query: str, bindings: Mapping[str, Bindable] | None = None) -> Rows: ...

    def graphs(self) -> list[str]: ...


# ---------------------------------------------------------------- Oxigraph


def _syntax_error(exc: SyntaxError) -> str:
    """Oxigraph's SPARQL syntax error as "line L, column C: message"."""
    text = exc.msg if isinstance(exc.msg, str) else str(exc)
    m = re.match(r"error at (\d+):(\d+): (.*)", text, flags=re.S)
    if m:
        return f"line {m.group(1)}, column {m.group(2)}: {m.group(3)}"
    if exc.lineno:
        return f"line {exc.lineno}, column {exc.offset}: {text}"
    return text


# SELECT *: substituting a variable's value into the text would drop its column.
_SELECT_ALL = re.compile(r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?\*", re.I)
_EMPTY = ox.Store()


class OxigraphStore:
    """A pyoxigraph store: in memory, or one on disk opened read-only (``disk_store``)."""

    def __init__(self, store: ox.Store | None = None) -> None:
        self._store = ox.Store() if store is None else store
        # The shipped assessments loaded here: the default when several assessments are loaded.
        self.embedded_assessments: list[str] = []
        self.data_graphs: list[str] = []  # the graphs of the --data files (default assessment)
        # Answers to unbound named queries recorded when the data was loaded (a store on disk,
        # see disk_store.py), by query name: valid while the store is unchanged.
        self.recorded: Mapping[str, Rows] = {}
        # Load files without a transaction each (Oxigraph's bulk loader): for building a store
        # on disk in a folder no one reads yet, where it is several times faster.
        self.bulk = False

    def add(self, parsed: ParsedFile) -> None:
        self._store.extend(parsed.quads)

    def load_file(self, scanned: ScannedFile) -> None:
        """Parse a scanned file natively into its graph(s): linear in the data, unlike adding
        Python quads, which slowed down as the store grew (benchmarks/scale.py)."""
        base = file_iri(scanned.path)
        load = self._store.bulk_load if self.bulk else self._store.load
        try:
            load(
                path=str(scanned.path), format=scanned.format, base_iri=base, to_graph=scanned.graph
            )
        except MemoryError as exc:
            raise InputError(too_large(exc), str(scanned.path)) from None
        except (SyntaxError, OSError, ValueError) as exc:  # the file changed since the scan
            raise InputError(f"cannot load the file: {exc}", str(scanned.path)) from exc

    def select(self, query: str, bindings: Mapping[str, Bindable] | None = None) -> Rows:
        solutions = self._solutions(query, bindings)
        names = [v.value for v in solutions.variables]
        rows = ({n: from_ox(s[n]) for n in names if s[n] is not None} for s in solutions)
        return Rows(rows, names)

    def select_text(self, query: str, bindings: Mapping[str, Bindable] | None = None) -> Rows:
        """Like ``select``, but each value is its text: an IRI, a literal's lexical form (what
        ``str`` gives of the rdflib term), a blank node's id. No rdflib term is made."""
        solutions = self._solutions(query, bindings)
        names = [v.value for v in solutions.variables]
        rows = ({n: s[n].value for n in names if s[n] is not None} for s in solutions)
        return Rows(rows, names)

    def _solutions(self, query: str, bindings: Mapping[str, Bindable] | None) -> ox.QuerySolutions:
        subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items()
        }
        try:
            if subs and not _SELECT_ALL.search(query):
                # Oxigraph's substitutions mean what substitute_bindings() does, but it applies them
                # after evaluating sub-SELECTs: a query bound to one assessment among 1000 read
                # all of them (0.6 s, not 0.008 s). So the values go into the text, serialised by
                # Oxigraph; an empty store answers the query first, with the substitutions, for
                # the same errors (e.g. a bound variable that is not projected).
                from .substitute import substitute_bindings

                _EMPTY.query(query, prefixes=PREFIXES, substitutions=subs)
                query, subs = substitute_bindings(query, bindings or {}), {}
            solutions = self._store.query(
                query, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions=subs
            )
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error at {_syntax_error(exc)}") from exc
        except (OSError, RuntimeError, ValueError) as exc:
            unbound = re.search(r"does not contains? variable \?(\w+) in its SELECT", str(exc))
            if unbound:
                raise QueryError(
                    f"the query has no projected variable ?{unbound.group(1)} to bind"
                ) from exc
            raise QueryError(f"SPARQL query failed: {exc}") from exc
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        return solutions

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store (for serving and exporting the whole dataset)."""
        return self._store


def to_rdflib(store: Store, predicates: Iterable[URIRef] | None = None) -> Graph:
    """The triples of the store (the union of its graphs) as an rdflib Graph, e.g. for pySHACL:
    all of them, or only those with the given predicates."""
    from rdflib import Graph

    g = Graph()
    if predicates is not None:
        wanted = sorted(set(predicates))
        if isinstance(store, OxigraphStore):
            for p in wanted:
                for q in store._store.quads_for_pattern(None, ox.NamedNode(str(p)), None, None):
                    g.store.add((from_ox(q.subject), p, from_ox(q.object)), g)
            return g
        for p in wanted:  # one query per predicate: each answer stays under an endpoint's row cap
            query = f"SELECT ?s ?o WHERE {{ {values_block(['p'], [[p]])} ?s ?p ?o }}"
            for row in store.select(query):
                g.add((row["s"], p, row["o"]))
        return g
    if isinstance(store, OxigraphStore):  # fast path: no query, straight from the quads
        terms: dict[object, Node] = {}  # IRIs repeat a lot: convert each once

        def term(t: object) -> Node:
            found = terms.get(t)
            if found is None:
                found = terms[t] = from_ox(t)
            return found

        add = g.store.add  # Graph.add re-checks every term; these are already valid
        for q in store._store:
            add((term(q.subject), term(q.predicate), term(q.object)), g)
        return g
    for row in store.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }"):
        g.add((row["s"], row["p"], row["o"]))
    return g


# ---------------------------------------------------------------- opening


def open_store(
    data: Iterable[Path] = (),
    *,
    embedded: bool = True,
    method: Iterable[Path] | None = None,
    into: OxigraphStore | None = None,
    progress: Callable[[Path, ScannedFile], None] | None = None,
) -> OxigraphStore:
    """A store with the ontology, the framework, the shipped assessments (unless embedded is
    False) and the given files, each file in its own named graph. ``method`` replaces the
    shipped method files (ontology and framework) when given. ``into`` loads into that store
    (e.g. one on disk) instead of a new one in memory; ``progress`` is told of each file loaded."""
    store = OxigraphStore() if into is None else into
    loaded: dict[str, Path] = {}
    shipped = method_files() if method is None else [Path(p) for p in method]
    embedded_files = assessment_files() if embedded else []
    # The user's files are read first: a bad one fails at once, before the shipped ones load.
    given = [scan_file(Path(p)) for p in data]
    shipped_scans = (scan_file(p) for p in shipped + embedded_files)
    for scanned in itertools.chain(shipped_scans, given):
        path = scanned.path
        for graph in scanned.graphs:
            if graph in loaded:
                raise _clash(path, loaded[graph], graph, embedded_files)
            loaded[graph] = path
        store.load_file(scanned)
        if embedded and path.parent.name == "assessments" and path in assessment_files():
            store.embedded_assessments += scanned.graphs
        if any(scanned is g for g in given):  # a --data file: for the default assessment
            store.data_graphs += scanned.graphs
        if progress is not None:
            progress(path, scanned)
    return store


def _clash(path: Path, first: Path, graph: str, embedded_files: list[Path]) -> InputError:
    """Two files for one graph: the same file twice, a file for an embedded assessment, or two
    files holding the same assessment."""
    if path.resolve() == first.resolve():
        return InputError("the file is given twice", str(path), "give it once")
    if first in embedded_files:
        return InputError(
            f"its graph <{graph}> is already loaded from the embedded assessment ({first.name})",
            str(path),
            "to replace the embedded assessment, add --no-embedded",
        )
    return InputError(
        f"its graph <{graph}> is already loaded from {first}",
        str(path),
        "load one of the two, or give each file's assessment its own IRI",
    )
