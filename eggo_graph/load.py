"""Files to named graphs: format detection, parsing with clear errors, and graph naming.

Every file is read into its own named graph. A Turtle, N-Triples, RDF/XML or JSON-LD file is named
after what it describes: the assessment it holds, else its framework, else its ontology, else the
file itself. TriG and N-Quads files keep the graphs they name.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError
from .namespaces import PREFIXES

FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}

_RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
# Which typed subject names a file's graph, in order of preference.
_NAMING_TYPES = [
    ox.NamedNode(PREFIXES[prefix] + name)
    for prefix, name in (
        ("eggo", "Assessment"),
        ("eggo", "Framework"),
        ("owl", "Ontology"),
        ("eggo", "Landscape"),
        ("eggo", "RecommendationSet"),
        ("eggo", "DependencyGraph"),
    )
]


@dataclass(frozen=True)
class ParsedFile:
    """A file read into quads, each already placed in its named graph."""

    path: Path
    quads: list[ox.Quad]

    @property
    def graphs(self) -> list[str]:
        return sorted(
            {q.graph_name.value for q in self.quads if isinstance(q.graph_name, ox.NamedNode)}
        )


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF format of a file, from its extension."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise InputError(
            f"unknown RDF file extension {path.suffix or '(none)'!r}",
            str(path),
            f"use one of {known}",
        )
    return fmt


def check_readable(path: Path) -> None:
    """Raise InputError unless path is an existing, readable regular file."""
    if not path.exists():
        raise InputError("no such file", str(path), "check the path")
    if path.is_dir():
        raise InputError("is a directory, not a file", str(path), "name a file inside it")
    try:
        with path.open("rb") as fh:
            fh.read(1)
    except OSError as exc:
        raise InputError(
            f"cannot read the file ({exc.strerror})", str(path), "check its permissions"
        ) from exc


def _quads(path: Path, fmt: ox.RdfFormat) -> Iterator[ox.Quad]:
    """The file's quads; a syntax or read error becomes one line naming the file and line."""
    try:
        yield from ox.parse(path=str(path), format=fmt, base_iri=path.resolve().as_uri())
    except SyntaxError as exc:
        line = f":{exc.lineno}" if exc.lineno else ""
        raise InputError(
            f"{fmt.name} syntax error: {exc.msg}", f"{path}{line}", "fix the file at that line"
        ) from exc
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot parse the file: {exc}", str(path)) from exc


def parse_file(path: Path) -> ParsedFile:
    """Parse one RDF file into quads in named graphs; syntax errors name the file and line."""
    path = Path(path)
    check_readable(path)
    fmt = rdf_format(path)
    quads = list(_quads(path, fmt))
    if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS) and any(
        not isinstance(q.graph_name, ox.DefaultGraph) for q in quads
    ):
        return ParsedFile(path, quads)
    graph = _graph_name(path, quads)
    return ParsedFile(path, [ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads])


def _graph_name(path: Path, quads: list[ox.Quad]) -> ox.NamedNode:
    typed: dict[ox.NamedNode, set] = {t: set() for t in _NAMING_TYPES}
    for q in quads:
        if q.predicate == _RDF_TYPE and q.object in typed:
            typed[q.object].add(q.subject)
    return _name_from_types(path, typed)


def _name_from_types(path: Path, typed: dict[ox.NamedNode, set]) -> ox.NamedNode:
    for rdf_type in _NAMING_TYPES:
        named = sorted(s.value for s in typed[rdf_type] if isinstance(s, ox.NamedNode))
        if len(named) == 1:
            return ox.NamedNode(named[0])
        if len(named) > 1:
            break  # several assessments in one file: name the graph after the file
    return ox.NamedNode(path.resolve().as_uri())


@dataclass(frozen=True)
class ScannedFile:
    """A file read once to learn where it goes, for an engine that parses files itself."""

    path: Path
    format: ox.RdfFormat
    graph: ox.NamedNode | None  # the graph for all its triples; None: it names its own graphs
    graphs: list[str]


def scan_file(path: Path) -> ScannedFile:
    """What parse_file learns (syntax errors, graph names) without keeping the quads: the store
    can then load the file natively, which is several times faster for many files."""
    path = Path(path)
    check_readable(path)
    fmt = rdf_format(path)
    typed: dict[ox.NamedNode, set] = {t: set() for t in _NAMING_TYPES}
    named_graphs: set[str] = set()
    quad_format = fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS)
    for q in _quads(path, fmt):
        if quad_format and isinstance(q.graph_name, ox.NamedNode):
            named_graphs.add(q.graph_name.value)
        if q.predicate == _RDF_TYPE and q.object in typed:
            typed[q.object].add(q.subject)
    if named_graphs:
        return ScannedFile(path, fmt, None, sorted(named_graphs))
    graph = _name_from_types(path, typed)
    return ScannedFile(path, fmt, graph, [graph.value])
