"""RDF terms across the engines: rdflib terms to and from pyoxigraph, to SPARQL text and to text.

Every module moves terms through here: the library speaks rdflib terms, the embedded engine
speaks pyoxigraph terms, a remote engine takes SPARQL text, and people read plain text.

A bound value may also be a pyoxigraph term (``Bindable``): the scoring path binds those, and
rdflib is imported only where an rdflib term is met, so ``eggo score`` runs without it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Union

import pyoxigraph as ox

from .namespaces import PREFIXES

if TYPE_CHECKING:
    from rdflib.term import Node

# A bound value: an rdflib term, or a pyoxigraph one (what the rdflib-free paths bind).
Bindable = Union["Node", ox.NamedNode, ox.Literal]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_ox(term: Bindable) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term (a pyoxigraph term as itself)."""
    if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal):
        return term
    from rdflib.term import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot bind {term!r}")


def from_ox(term: object) -> Node:
    """A pyoxigraph term as an rdflib term."""
    from rdflib.term import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:  # RDF 1.1 simple literal
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unexpected term {term!r}")


def sparql_term(term: Bindable) -> str:
    """An rdflib term in SPARQL syntax, escaped by Oxigraph's N-Triples serialiser (IRIs are
    validated, quotes and newlines in literals escaped), so a user's value can never end the term
    and become query text."""
    converted = to_ox(term)
    if isinstance(converted, ox.BlankNode):
        raise TypeError("a blank node cannot be sent as a bound value")
    return str(converted)


def values_block(variables: Sequence[str], rows: Iterable[Sequence[Bindable | None]]) -> str:
    """A SPARQL VALUES block of properly serialised terms (None becomes UNDEF)."""
    for v in variables:
        if not v.isidentifier():
            raise ValueError(f"not a SPARQL variable name: {v!r}")
    head = " ".join(f"?{v}" for v in variables)
    body = " ".join(
        "(" + " ".join("UNDEF" if t is None else sparql_term(t) for t in row) + ")" for row in rows
    )
    return f"VALUES ({head}) {{ {body} }}"


def term_text(term: Node | None, compact: bool = False) -> str:
    """An RDF term as text: the lexical form of literals, IRIs optionally as prefixed names."""
    if term is None:
        return ""
    if not compact:
        return str(term)
    from rdflib.term import URIRef

    if isinstance(term, URIRef):
        iri = str(term)
        for prefix, ns in PREFIXES.items():
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns) :]}"
        return iri
    return str(term)
