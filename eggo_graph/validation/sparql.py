"""SHACL-SPARQL on the store, set-at-a-time.

Each SHACL-SPARQL constraint (``sh:sparql`` with ``sh:select``) runs **once** on the store's
engine (Oxigraph) for all its focus nodes: ``$this`` becomes a variable joined with the shape's
targets. SHACL-SPARQL pre-binds ``$this`` to each focus node in turn; evaluating the query once
and joining with the targets gives the same solutions, set-at-a-time, instead of one rdflib query
per focus node. Queries must project ``$this`` (a test checks it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from ..errors import InputError
from ..store import Store
from .findings import Finding, make_finding
from .rules import owning_shape, rule_name


@dataclass(frozen=True)
class SparqlCheck:
    """A SHACL-SPARQL constraint, rewritten to run once for all its focus nodes."""

    shape: URIRef | BNode
    constraint: Node
    query: str
    targets: list[str]  # queries for the focus nodes, joined with the query's ?this
    messages: list[Literal]
    severity: URIRef


def _prefix_block(rules: Graph, constraint: Node) -> str:
    lines = []
    for holder in rules.objects(constraint, SH.prefixes):
        for decl in rules.objects(holder, SH.declare):
            prefix, ns = rules.value(decl, SH.prefix), rules.value(decl, SH.namespace)
            if prefix is not None and ns is not None:
                lines.append(f"PREFIX {prefix}: <{ns}>")
    return "\n".join(lines)


def _target_queries(rules: Graph, shape: Node) -> list[str] | None:
    """SPARQL queries whose ?this are the shape's focus nodes; None if a target is of a kind this
    rewrite does not handle (the shape then goes to pySHACL)."""
    if (shape, SH.target, None) in rules:
        return None
    patterns = []
    for cls in rules.objects(shape, SH.targetClass):
        patterns.append(f"?this <{RDF.type}>/<{RDFS.subClassOf}>* {cls.n3()}")
    for node in rules.objects(shape, SH.targetNode):
        patterns.append(f"BIND ({node.n3()} AS ?this)")
    for prop in rules.objects(shape, SH.targetSubjectsOf):
        patterns.append(f"?this {prop.n3()} ?object")
    for prop in rules.objects(shape, SH.targetObjectsOf):
        patterns.append(f"?subject {prop.n3()} ?this")
    return [f"SELECT DISTINCT ?this WHERE {{ {p} }}" for p in patterns]


def sparql_checks(rules: Graph) -> tuple[list[SparqlCheck], set[Node]]:
    """The SHACL-SPARQL constraints that can run set-at-a-time, and the shapes they come from."""
    checks: list[SparqlCheck] = []
    handled: set[Node] = set()
    for shape, constraint in rules.subject_objects(SH.sparql):
        if (shape, SH.deactivated, Literal(True)) in rules or (
            constraint,
            SH.deactivated,
            Literal(True),
        ) in rules:
            handled.add(shape)
            continue
        select = rules.value(constraint, SH.select)
        targets = _target_queries(rules, shape)
        if select is None or targets is None:
            continue  # left to pySHACL
        body = re.sub(r"\$this\b", "?this", str(select)).strip()
        if not re.search(r"\?this\b", body.split("WHERE", 1)[0]):
            raise InputError(
                "a SHACL-SPARQL constraint does not project $this",
                rule_name(owning_shape(rules, shape)),
                "add $this to its SELECT clause",
            )
        query = f"{_prefix_block(rules, constraint)}\n{body}"
        messages = list(rules.objects(constraint, SH.message)) or list(
            rules.objects(shape, SH.message)
        )
        severity = rules.value(shape, SH.severity) or SH.Violation
        checks.append(SparqlCheck(shape, constraint, query, targets, messages, severity))  # type: ignore[arg-type]
        handled.add(shape)
    return checks, handled


def fill_message(message: str, row: dict[str, Node]) -> str:
    """SHACL message templates: {?var} and {$var} become the bound value (as pySHACL does)."""

    def value(m: re.Match[str]) -> str:
        term = row.get(m.group(1))
        return str(term) if term is not None else m.group(0)

    return re.sub(r"\{[?$](\w+)\}", value, message)


def sparql_solutions(
    store: Store, checks: list[SparqlCheck]
) -> list[tuple[SparqlCheck, dict[str, Node]]]:
    """Every check once on the store, its solutions kept for the focus nodes of its targets."""
    found: list[tuple[SparqlCheck, dict[str, Node]]] = []
    focus_nodes: dict[str, set[Node]] = {}  # target query -> focus nodes, computed once
    for check in checks:
        for target in check.targets:
            if target not in focus_nodes:
                focus_nodes[target] = {r["this"] for r in store.select(target)}
        targets = set().union(*(focus_nodes[t] for t in check.targets))
        seen = set()
        for row in store.select(check.query):
            key = tuple(sorted(row.items()))
            if row.get("this") in targets and key not in seen:
                seen.add(key)
                found.append((check, row))
    return found


def run_sparql_checks(
    store: Store, checks: list[SparqlCheck], rules: Graph, data: Graph
) -> list[Finding]:
    """The findings of ``sparql_solutions``, located with the data graph."""
    return [sparql_finding(c, row, rules, data) for c, row in sparql_solutions(store, checks)]


def sparql_finding(check: SparqlCheck, row: dict[str, Node], rules: Graph, data: Graph) -> Finding:
    focus = row["this"]
    message = row.get("message")
    text = str(message) if message is not None else ""
    if message is None and check.messages:
        text = fill_message(str(check.messages[0]), row)
    return make_finding(
        data,
        severity=check.severity,
        rule=rule_name(owning_shape(rules, check.shape)),
        message=text,
        focus=focus,
        value=row.get("value", focus),
        path=row.get("path"),
        shape=check.shape,
        constraint=check.constraint,
        component=SH.SPARQLConstraintComponent,
        benchmark=row.get("benchmark"),
        quote=row.get("quote"),
    )
