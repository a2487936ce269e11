"""Files to named graphs: format detection, parsing with clear errors, and graph naming.

Every file is read into its own named graph. A Turtle, N-Triples, RDF/XML or JSON-LD file is named
after what it describes: the assessment it holds, else its framework, else its ontology, else the
file itself. TriG and N-Quads files keep the graphs they name.

A file named after itself gets a stable IRI if it is shipped with eggo
(``https://w3id.org/eggo/graph/`` + its path under the package's resources, e.g.
``.../graph/rules/evidence``), so that two installs name it alike and no local path reaches a
shared store; a user's file is named by its ``file://`` URL.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError
from .namespaces import PREFIXES
from .resources import DATA_DIR, ONTOLOGY_DIR, RULES_DIR

SHIPPED_GRAPHS = "https://w3id.org/eggo/graph/"

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
    """Raise InputError unless path is an existing, readable regular file (a symbolic link to
    one is fine). A FIFO or a device is refused before it is opened: reading one could block or
    never end (/dev/zero)."""
    path = Path(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise InputError(
                "is a symbolic link to a missing file", str(path), "check where it points"
            ) from None
        raise InputError("no such file", str(path), "check the path") from None
    except OSError as exc:
        raise InputError(
            f"cannot read the file ({exc.strerror})", str(path), "check the path"
        ) from exc
    if stat.S_ISDIR(st.st_mode):
        raise InputError("is a directory, not a file", str(path), "name a file inside it")
    if not stat.S_ISREG(st.st_mode):
        kind = (
            "a FIFO (named pipe)"
            if stat.S_ISFIFO(st.st_mode)
            else "a device"
            if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
            else "not a regular file"
        )
        raise InputError(
            f"is {kind}, and eggo reads only regular files", str(path), "save the data to a file"
        )
    try:
        with path.open("rb") as fh:
            fh.read(1)
    except OSError as exc:
        raise InputError(
            f"cannot read the file ({exc.strerror})", str(path), "check its permissions"
        ) from exc


# XML entities: RDF/XML files may declare some (often namespace abbreviations), and Oxigraph
# expands them all; nested ones grow exponentially ("billion laughs"). The expansion is measured
# before parsing and refused above this size.
MAX_ENTITY_EXPANSION = 16 * 1024 * 1024
_DOCTYPE = re.compile(rb"<!DOCTYPE[^\[>]*\[(.*?)\]\s*>", re.S)
_ENTITY = re.compile(rb"<!ENTITY\s+(%\s+)?([^\s%\"']+)\s+(?:\"([^\"]*)\"|'([^']*)'|[^>]*)>")
_REFERENCE = re.compile(rb"[&%]([A-Za-z_:][\w.:-]*);")


def check_xml_entities(path: Path) -> None:
    """Raise InputError if the XML entities declared in path would expand to more than
    MAX_ENTITY_EXPANSION bytes (an entity bomb), or refer to themselves."""
    with path.open("rb") as fh:
        data = fh.read()
    doctype = _DOCTYPE.search(data)
    if doctype is None:
        return
    values = {
        m.group(2): m.group(3) if m.group(3) is not None else m.group(4) or b""
        for m in _ENTITY.finditer(doctype.group(1))
    }
    sizes: dict[bytes, int] = {}

    def size(name: bytes, seen: frozenset[bytes] = frozenset()) -> int:
        if name not in values:
            return len(name) + 2  # a predefined or undeclared one: left to the parser
        if name in seen:
            raise InputError(
                f"the XML entity {name.decode(errors='replace')!r} refers to itself",
                str(path),
                "remove the loop from its <!ENTITY> declarations",
            )
        if name not in sizes:
            value = values[name]
            inner = sum(size(r, seen | {name}) for r in _REFERENCE.findall(value))
            sizes[name] = min(len(value) + inner, MAX_ENTITY_EXPANSION + 1)
        return sizes[name]

    total = sum(size(r) for r in _REFERENCE.findall(data, doctype.end()) if r in values)
    if total > MAX_ENTITY_EXPANSION or any(s > MAX_ENTITY_EXPANSION for s in sizes.values()):
        raise InputError(
            f"its XML entities would expand to more than {MAX_ENTITY_EXPANSION // 2**20} MB "
            "(an entity bomb?)",
            str(path),
            "remove the nested <!ENTITY> declarations",
        )


def _quads(path: Path, fmt: ox.RdfFormat) -> Iterator[ox.Quad]:
    """The file's quads; a syntax or read error becomes one line naming the file and line, and so
    does a file without any: an empty file (or JSON-LD ``[]``) given to eggo is a mistake, not
    a file to skip in silence."""
    if fmt is ox.RdfFormat.RDF_XML:
        check_xml_entities(path)
    count = 0
    try:
        for quad in ox.parse(path=str(path), format=fmt, base_iri=file_iri(path)):
            count += 1
            yield quad
    except SyntaxError as exc:
        line = f":{exc.lineno}" if exc.lineno else ""
        raise InputError(
            f"{fmt.name} syntax error: {exc.msg}", f"{path}{line}", "fix the file at that line"
        ) from exc
    except MemoryError as exc:  # Oxigraph's parsers stop at a 16 MB token (a literal, a line)
        raise InputError(
            too_large(exc), str(path), "shorten it, or keep such text out of RDF"
        ) from None
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot parse the file: {exc}", str(path)) from exc
    if count == 0:
        raise InputError(
            f"the file holds no RDF statements (read as {fmt.name})",
            str(path),
            "give a file with data, or leave it out",
        )


def too_large(exc: MemoryError) -> str:
    """What Oxigraph's "Reached the buffer maximal size" means for a user."""
    return f"a literal, IRI or line is larger than the parser's 16 MB limit ({exc})"


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
        if q.predicate == _RDF_TYPE and isinstance(q.object, ox.NamedNode) and q.object in typed:
            typed[q.object].add(q.subject)
    return _name_from_types(path, typed)


def _name_from_types(path: Path, typed: dict[ox.NamedNode, set]) -> ox.NamedNode:
    for rdf_type in _NAMING_TYPES:
        named = sorted(s.value for s in typed[rdf_type] if isinstance(s, ox.NamedNode))
        if len(named) == 1:
            return ox.NamedNode(named[0])
        if len(named) > 1:
            break  # several assessments in one file: name the graph after the file
    return ox.NamedNode(file_iri(path))


def file_iri(path: Path) -> str:
    """The IRI of a file (its graph's name when nothing in it names the graph, and the base of
    its relative IRIs): stable for a shipped file, its ``file://`` URL otherwise."""
    resolved = Path(path).resolve()
    for folder in (ONTOLOGY_DIR, RULES_DIR, DATA_DIR):
        try:
            relative = resolved.relative_to(folder.resolve().parent)
        except ValueError:
            continue
        if resolved.is_relative_to(folder.resolve()):
            return SHIPPED_GRAPHS + relative.with_suffix("").as_posix()
    return resolved.as_uri()


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
        if q.predicate == _RDF_TYPE and isinstance(q.object, ox.NamedNode) and q.object in typed:
            typed[q.object].add(q.subject)
    if named_graphs:
        return ScannedFile(path, fmt, None, sorted(named_graphs))
    graph = _name_from_types(path, typed)
    return ScannedFile(path, fmt, graph, [graph.value])
