"""Named SPARQL queries: the .rq files of ``queries/``, their grlc-style headers, and running them.

A query file starts with ``#+ key: value`` header lines (grlc's convention): ``summary``,
``description``, ``tags`` and ``params`` (list items ``#+   - item``). Parameters are projected
variables of the query; a caller binds them to RDF terms, never by pasting text into the query.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .errors import InputError, QueryError
from .load import check_readable
from .resources import QUERIES_DIR
from .store import Rows, Store
from .terms import Bindable, values_block

if TYPE_CHECKING:
    from rdflib import Literal, URIRef

_HEADER = re.compile(r"^#\+\s?(.*)$")


@dataclass(frozen=True)
class NamedQuery:
    """One query file and its header."""

    name: str
    path: Path
    text: str
    summary: str = ""
    description: str = ""
    tags: list[str] = field(default_factory=list)
    params: list[str] = field(default_factory=list)

    @property
    def param_names(self) -> list[str]:
        """The variable names of the documented parameters ("code" for "code: required ...")."""
        return [p.split(":", 1)[0].strip() for p in self.params]


def parse_header(text: str) -> dict[str, str | list[str]]:
    """The ``#+`` header of a query as a dict: scalars for ``key: value``, lists for ``- item``."""
    header: dict[str, str | list[str]] = {}
    key = None
    for line in text.splitlines():
        m = _HEADER.match(line)
        if not m:
            if line.strip() and not line.lstrip().startswith("#"):
                break
            continue
        body = m.group(1)
        item = re.match(r"^\s+-\s+(.*)$", body)
        if item and key:
            value = header.setdefault(key, [])
            if isinstance(value, list):
                value.append(item.group(1).strip())
            continue
        kv = re.match(r"^([A-Za-z_]+):\s*(.*)$", body)
        if kv:
            key, value = kv.group(1), kv.group(2).strip()
            header[key] = value if value else []
    return header


_PROLOGUE = re.compile(
    r"\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*(\w*)", re.IGNORECASE
)
_UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


def check_read_query(text: str, where: Path | str) -> None:
    """Raise InputError unless text is a SELECT query: an empty file, an update (eggo only ever
    reads) or another query form each get their own message, not a parser's "expected ..."."""
    body = re.sub(r"(?m)(^|\s)#.*$", r"\1", text)  # comments; a '#' inside an IRI stays
    first = (_PROLOGUE.match(body).group(1) or "").upper()  # type: ignore[union-attr]
    fix = "write a SELECT query; 'eggo query --list' shows the shipped ones"
    if not body.strip():
        raise InputError("the query file is empty", str(where), fix)
    if first in _UPDATES:
        raise InputError(
            f"{first} is a SPARQL update; eggo runs only read queries (SELECT)", str(where), fix
        )
    if first in ("CONSTRUCT", "ASK", "DESCRIBE"):
        raise InputError(f"eggo query runs SELECT queries, not {first}", str(where), fix)


def read_query(path: Path) -> NamedQuery:
    """Read a query file (and its header) from any path."""
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        raise InputError(
            "no such query file", str(path), "check the path or run 'eggo query --list'"
        )
    check_readable(path)  # a folder, a FIFO or a device is refused before it is read
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the query file ({exc})", str(path)) from exc
    check_read_query(text, path)
    h = parse_header(text)

    def scalar(k: str) -> str:
        v = h.get(k, "")
        return v if isinstance(v, str) else " ".join(v)

    def items(k: str) -> list[str]:
        v = h.get(k, [])
        return v if isinstance(v, list) else [v] if v else []

    return NamedQuery(
        name=path.stem,
        path=path,
        text=text,
        summary=scalar("summary"),
        description=scalar("description"),
        tags=items("tags"),
        params=items("params"),
    )


def catalogue() -> dict[str, NamedQuery]:
    """Every shipped query, by name (the file name without .rq)."""
    return {p.stem: read_query(p) for p in sorted(QUERIES_DIR.glob("*.rq"))}


def named_query(name: str) -> NamedQuery:
    """A shipped query by name, or a clear error listing the names."""
    path = QUERIES_DIR / f"{name}.rq"
    if re.fullmatch(r"[A-Za-z0-9_-]+", name) and path.is_file():
        return read_query(path)  # one file, not the whole catalogue
    queries = catalogue()
    if name not in queries:
        raise InputError(
            f"no query named {name!r}",
            fix=f"use one of {', '.join(queries)}, or give a path to a .rq file",
        )
    return queries[name]


def run(
    store: Store, query: str | NamedQuery, bindings: Mapping[str, Bindable] | None = None
) -> Rows:
    """Run a named query (or a NamedQuery) on a store with bound parameters."""
    q = named_query(query) if isinstance(query, str) else query
    try:
        return store.select(q.text, bindings)
    except QueryError as exc:
        raise QueryError(f"{q.path}: {exc}") from exc


def run_text(
    store: Store, query: str | NamedQuery, bindings: Mapping[str, Bindable] | None = None
) -> Rows:
    """``run``, with each value as its text (``str`` of the term: an IRI, a literal's lexical
    form). On the embedded store no rdflib term is made, so the commands that need only text
    (``eggo score``) start without importing rdflib."""
    q = named_query(query) if isinstance(query, str) else query
    answer = None if bindings else recorded(store, q)
    if answer is not None:
        return answer
    select_text = getattr(store, "select_text", None)
    try:
        if select_text is not None:
            return select_text(q.text, bindings)
        rows = store.select(q.text, bindings)
    except QueryError as exc:
        raise QueryError(f"{q.path}: {exc}") from exc
    return Rows(({k: str(v) for k, v in r.items()} for r in rows), rows.columns)


def recorded(store: Store, query: str | NamedQuery) -> Rows | None:
    """The text rows of the unbound query if the store recorded them when it was loaded (a store
    on disk records its assessments and its integrity check, see ``disk_store``), else None.
    They are keyed by the query's text, so a changed query is never answered from the record."""
    q = named_query(query) if isinstance(query, str) else query
    return getattr(store, "recorded", {}).get(record_key(q.text))


def record_key(text: str) -> str:
    """The key of a query's recorded answer: the SHA-256 of its text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def with_values(
    query: str | NamedQuery, variables: Sequence[str], rows: Iterable[Sequence[Bindable | None]]
) -> NamedQuery:
    """The query with its empty inline-data blocks ``VALUES (?a ?b) { }`` for these variables
    filled with rows of RDF terms, each serialised by Oxigraph (never pasted user text). This is
    how several rows of values reach a query on any engine, a read-only endpoint included."""
    q = named_query(query) if isinstance(query, str) else query
    head = r"\s+".join(re.escape(f"?{v}") for v in variables)
    pattern = re.compile(r"VALUES\s*\(\s*" + head + r"\s*\)\s*\{\s*\}")
    if not pattern.search(q.text):
        names = " ".join(f"?{v}" for v in variables)
        raise QueryError(f"{q.path}: needs an empty VALUES ({names}) {{ }} block")
    block = values_block(variables, rows)
    return replace(q, text=pattern.sub(lambda _m: block, q.text))


def parse_binding(text: str) -> tuple[str, URIRef | Literal]:
    """NAME=VALUE to a variable name and an RDF term: <...> or http(s)/urn IRIs, else a literal."""
    from rdflib import Literal, URIRef

    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not name.isidentifier():
        raise InputError(
            f"cannot read {text!r}", "--param", "write NAME=VALUE, e.g. --param code=6.4"
        )
    if value.startswith("<") and value.endswith(">"):
        iri = value[1:-1]
    elif value.startswith(("http://", "https://", "urn:")):
        iri = value
    else:
        return name, Literal(value)
    try:
        ox.NamedNode(iri)  # validates the IRI
    except ValueError as exc:
        raise InputError(f"{iri!r} is not a valid IRI ({exc})", f"--param {text}") from None
    return name, URIRef(iri)


def parse_bindings(texts: Iterable[str]) -> dict[str, URIRef | Literal]:
    """Several NAME=VALUE (``parse_binding``); a variable bound twice is an error, not the last
    value silently kept."""
    bindings: dict[str, URIRef | Literal] = {}
    for text in texts:
        name, term = parse_binding(text)
        if name in bindings:
            raise InputError(
                f"?{name} is bound twice", f"--param {text}", f"give --param {name}=... once"
            )
        bindings[name] = term
    return bindings
