"""The validation rules: the SHACL shapes of ``rules/``, loaded, named and found."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from ..errors import InputError
from ..resources import rule_files

RULE = "https://w3id.org/eggo/rules#"


def load_rules(paths: Iterable[Path] | None = None) -> Graph:
    """The shapes graph: all rule files merged."""
    g = Graph()
    for path in rule_files() if paths is None else paths:
        try:
            g.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises several types for bad Turtle
            raise InputError(f"cannot read the rules: {exc}", str(path)) from exc
    return g


def named_rules(rules: Graph) -> list[URIRef]:
    """Every named shape of the rules (each is one rule)."""
    shapes = set(rules.subjects(RDF.type, SH.NodeShape)) | set(
        rules.subjects(RDF.type, SH.PropertyShape)
    )
    return sorted(s for s in shapes if isinstance(s, URIRef) and str(s).startswith(RULE))


def rule_name(shape: Node) -> str:
    """A shape's name without the rules namespace."""
    text = str(shape)
    return text[len(RULE) :] if text.startswith(RULE) else text


def owning_shape(rules: Graph, shape: Node) -> Node:
    """The named shape a blank shape belongs to (through sh:property, sh:or, sh:and, ...)."""
    seen: set[Node] = set()
    while isinstance(shape, BNode) and shape not in seen:
        seen.add(shape)
        parents = list(rules.subjects(None, shape))
        if not parents:
            break
        shape = parents[0]
        # climb out of RDF lists (sh:or ( ... ))
        while isinstance(shape, BNode) and (shape, RDF.first, None) in rules:
            shape = next(iter(rules.subjects(None, shape)), shape)
            if (shape, RDF.rest, None) not in rules:
                break
    return shape


def shapes_in(rules: Graph) -> Sequence[Node]:
    """Every shape, named or blank: subjects of a target, sh:path, or a constraint parameter."""
    shapes: set[Node] = set(rules.subjects(RDF.type, SH.NodeShape))
    shapes |= set(rules.subjects(RDF.type, SH.PropertyShape))
    shapes |= set(rules.objects(None, SH.property))
    for holder in rules.objects(None, SH["or"]):
        shapes |= set(Collection(rules, holder))
    shapes |= set(rules.objects(None, SH.qualifiedValueShape))
    return sorted(shapes, key=str)
