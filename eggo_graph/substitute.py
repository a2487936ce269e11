"""Bound values for engines that take only query text: substitution of variables by RDF terms.

The embedded store binds parameters with Oxigraph's ``substitutions`` (SEP-0007): the variable is
replaced by its value everywhere, also inside FILTERs of nested groups, so it constrains the query
from the start. A trailing ``VALUES`` block (rdflib's SPARQLStore habit) is not the same: it is
joined at the end, after nested FILTERs have seen the variable unbound. So a remote query gets
the same substitution, done on the query's tokens:

- every use of ``?v`` (or ``$v``) becomes the term, serialised by Oxigraph's N-Triples writer;
- in ``GROUP BY`` and ``ORDER BY`` the term is bracketed, ``(term)``, as the grammar asks;
- in the outermost ``SELECT`` list, ``?v`` becomes ``(term AS ?v)``, so the result keeps its
  column; in a sub-SELECT's list it is dropped (it is a constant there);
- ``... AS ?v`` is left alone.

Strings, IRIs, comments and prefixed names are skipped whole by the tokenizer, so a variable
name inside them is never touched, and no user text is ever pasted: only serialised terms.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from .terms import sparql_term

if TYPE_CHECKING:
    from .terms import Bindable

_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
    | (?P<word>[A-Za-z_][\w\-.]*:[\w\-.:%]*|:[\w\-.:%]*|[A-Za-z_]\w*)
    | (?P<space>\s+)
    | (?P<other>.)
    """,
    re.X | re.S,
)
_CLAUSE_ENDS = {"WHERE", "FROM", "HAVING", "LIMIT", "OFFSET", "VALUES", "GROUP", "ORDER"}


def substitute_bindings(query: str, bindings: Mapping[str, Bindable]) -> str:
    """The query with each bound variable replaced by its serialised term (see module doc)."""
    terms = {name: sparql_term(term) for name, term in bindings.items()}
    out: list[str] = []
    braces = parens = 0
    clause: str | None = None  # "select", "group" or "order"
    clause_parens = 0
    outermost = False
    previous = ""  # the previous significant token, upper-cased
    pending_by: str | None = None
    for m in _TOKEN.finditer(query):
        kind, text = m.lastgroup, m.group()
        if kind in ("comment", "space"):
            out.append(text)
            continue
        upper = text.upper() if kind == "word" else text
        if kind == "word":
            if pending_by and upper == "BY":
                clause, clause_parens = pending_by, parens
            elif upper == "SELECT":
                clause, clause_parens, outermost = "select", parens, braces == 0
            elif upper in _CLAUSE_ENDS and clause:
                clause = None
            pending_by = upper.lower() if upper in ("GROUP", "ORDER") else None
        elif kind == "other":
            pending_by = None
            if text == "{":
                braces += 1
                clause = None
            elif text == "}":
                braces -= 1
                clause = None
            elif text == "(":
                parens += 1
            elif text == ")":
                parens -= 1
        elif kind == "var" and text[1:] in terms and previous != "AS":
            term = terms[text[1:]]
            at_top = parens == clause_parens
            if clause == "select" and at_top:
                text = f"({term} AS ?{text[1:]})" if outermost else ""
            elif clause in ("group", "order") and at_top:
                text = f"({term})"
            else:
                text = term
        out.append(text)
        previous = upper if kind == "word" else text
    return "".join(out)
