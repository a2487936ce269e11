"""What `eggo serve` checks in a query's text before any engine parses it.

A small SPARQL lexer (comments, strings and IRIs are skipped as whole tokens, so a keyword inside
them is not a keyword) finds three things:

- the bracket depth (``{``, ``(`` and ``[``): Oxigraph's recursive parser ends its worker process
  on very deep nesting, so a query deeper than ``MAX_DEPTH`` is refused before it is parsed;
- every ``SERVICE`` clause and its endpoint: federated queries make the server send requests to
  any address the query names (server-side request forgery), so they are refused unless the
  operator allowed that endpoint (``eggo serve --allow-service URL``);
- whether the query has a dataset clause (``FROM`` or ``FROM NAMED``): then its dataset replaces
  the union default graph, as SPARQL 1.1 says.

The lexer errs on the side of refusing: ``\\uXXXX`` escapes are decoded first (SPARQL allows them
anywhere in a query), and a ``SERVICE`` whose endpoint is a variable or an unknown prefix is
refused. It does not validate the query; the engine does that afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# Levels of {, ( and [ a query may nest. eggo's own queries nest at most 7 deep.
MAX_DEPTH = 64

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
  | (?P<pname>(?:[^\W\d][\w\-.]*)?:[\w\-.:%\\]*)
  | (?P<word>[^\W\d]\w*)
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


class RefusedQuery(Exception):
    """A query the server will not run; ``status`` is the HTTP status to answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class QueryShape:
    """What the lexer learnt about a query."""

    depth: int
    services: list[str | None] = field(default_factory=list)  # None: a variable endpoint
    has_dataset: bool = False


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def shape(text: str, prefixes: Mapping[str, str] = {}) -> QueryShape:
    """Scan a query: its bracket depth, the endpoints of its SERVICE clauses, FROM or not."""
    text = _unescape(text)
    declared = dict(prefixes)
    tokens: list[tuple[str, str]] = []
    depth = deepest = 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind in ("space", "comment"):
            continue
        value = m.group()
        if kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "close":
            depth -= 1
        tokens.append((kind, value))
    services: list[str | None] = []
    has_dataset = False
    for i, (kind, value) in enumerate(tokens):
        if kind != "word":
            continue
        keyword = value.upper()
        if keyword == "PREFIX" and i + 2 < len(tokens):
            (k1, name), (k2, iri) = tokens[i + 1], tokens[i + 2]
            if k1 == "pname" and name.endswith(":") and k2 == "iri":
                declared[name[:-1]] = iri[1:-1]
        elif keyword == "FROM":
            has_dataset = True
        elif keyword == "SERVICE":
            j = i + 1
            if j < len(tokens) and tokens[j][0] == "word" and tokens[j][1].upper() == "SILENT":
                j += 1
            services.append(_endpoint(tokens[j] if j < len(tokens) else ("other", ""), declared))
    return QueryShape(deepest, services, has_dataset)


def _endpoint(token: tuple[str, str], prefixes: Mapping[str, str]) -> str | None:
    kind, value = token
    if kind == "iri":
        return value[1:-1]
    if kind == "pname":
        prefix, _, local = value.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local
    return None


def check(
    text: str, allowed_services: Iterable[str] = (), prefixes: Mapping[str, str] = {}
) -> QueryShape:
    """The query's shape, or RefusedQuery (400 too deep, 403 a SERVICE not allowed)."""
    found = shape(text, prefixes)
    if found.depth > MAX_DEPTH:
        raise RefusedQuery(
            400,
            f"the query nests {found.depth} levels of brackets; the limit is {MAX_DEPTH}",
        )
    allowed = set(allowed_services)
    for endpoint in found.services:
        if endpoint is None:
            raise RefusedQuery(
                403, "SERVICE with a variable or unknown endpoint is refused by this server"
            )
        if endpoint not in allowed:
            hint = (
                "this server allows none"
                if not allowed
                else "it allows only " + ", ".join(sorted(allowed))
            )
            raise RefusedQuery(
                403, f"SERVICE <{endpoint}> is refused: federated queries are off ({hint})"
            )
    return found
