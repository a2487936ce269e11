"""SHACL Core, set-at-a-time: the per-node checks of the rules, one query per property shape for
all focus nodes at once, on the store's engine (Oxigraph), instead of pySHACL node by node.

pySHACL checks each rating on its own and needs the data copied into rdflib first: at 1000
assessments (230,000 ratings) that took most of the 306 s of ``eggo validate`` and 3 GB
(benchmarks/scale.py). Here each property shape asks the store once for the value nodes of its
path at every focus node (``SELECT ?this ?v``); the constraints are then checked on those rows:

- ``sh:minCount``, ``sh:maxCount``: the number of distinct value nodes;
- ``sh:class``: the value is an instance (``rdf:type/rdfs:subClassOf*``) of the class, from one
  query for all instances;
- ``sh:in``, ``sh:hasValue``: term equality, as SHACL asks;
- ``sh:lessThanOrEquals``: each value against each value of the other property (literals compared
  as pySHACL compares them, as rdflib literals);
- ``sh:qualifiedValueShape`` with ``sh:qualifiedMinCount``: value nodes that conform to the shape;
- ``sh:or`` of such shapes on a node shape: the focus nodes that conform to none of them.

Results carry what pySHACL's carry (focus, value, path, shape, component, the shape's message and
severity); a parity test runs both engines on every rule example. A shape with anything else (other
targets or parameters, complex paths, nested node shapes) is left to pySHACL (``compile_core``
returns it in ``rest``), so nothing is silently skipped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from ..store import OxigraphStore
from ..terms import from_ox

# What a property shape may say for this engine to run it (besides its constraints).
_ANNOTATIONS = {RDF.type, RDFS.label, RDFS.comment, SH.message, SH.severity, SH.name, SH.path}
_CONSTRAINTS = {
    SH.minCount,
    SH.maxCount,
    SH["class"],
    SH["in"],
    SH.hasValue,
    SH.lessThanOrEquals,
    SH.qualifiedValueShape,
    SH.qualifiedMinCount,
}
_NODE_PARTS = {RDF.type, RDFS.label, RDFS.comment, SH.message, SH.severity, SH.targetClass}


@dataclass(frozen=True)
class Result:
    """One validation result, as pySHACL would report it."""

    shape: Node
    focus: Node
    value: Node | None
    path: Node | None
    component: URIRef
    message: str
    severity: URIRef


@dataclass
class PropertyCheck:
    shape: Node
    path: URIRef
    constraints: dict[Node, Any]
    message: str
    severity: URIRef
    qualified: PropertyCheck | None = None  # the sh:qualifiedValueShape, as a property check


@dataclass
class NodeCheck:
    """A shape with class targets: its property shapes and its sh:or alternatives."""

    shape: Node
    classes: list[Node]
    properties: list[PropertyCheck] = field(default_factory=list)
    alternatives: list[PropertyCheck] = field(default_factory=list)
    message: str = ""
    severity: URIRef = SH.Violation


def _message(rules: Graph, shape: Node, fallback: str = "") -> str:
    found = rules.value(shape, SH.message)
    return str(found) if found is not None else fallback


def _property(rules: Graph, shape: Node, parent_message: str) -> PropertyCheck | None:
    predicates = set(rules.predicates(shape, None)) - {SH.targetClass}  # _node reads targets
    path = rules.value(shape, SH.path)
    if not isinstance(path, URIRef) or not predicates <= _ANNOTATIONS | _CONSTRAINTS:
        return None
    constraints: dict[Node, Any] = {}
    for p in predicates & _CONSTRAINTS:
        values = list(rules.objects(shape, p))
        if len(values) != 1:
            return None
        constraints[p] = values[0]
    if SH["in"] in constraints:
        constraints[SH["in"]] = set(Collection(rules, constraints[SH["in"]]))
    qualified = None
    if SH.qualifiedValueShape in constraints:
        if SH.qualifiedMinCount not in constraints:
            return None
        inner = constraints.pop(SH.qualifiedValueShape)
        qualified = _property(rules, inner, "")
        if qualified is None or qualified.qualified is not None:
            return None
    elif SH.qualifiedMinCount in constraints:
        return None
    message = _message(rules, shape, parent_message)
    severity = rules.value(shape, SH.severity) or SH.Violation
    return PropertyCheck(shape, path, constraints, message, severity, qualified)  # type: ignore[arg-type]


def compile_core(rules: Graph, shapes: Iterable[Node]) -> tuple[list[NodeCheck], list[Node]]:
    """The shapes this engine runs, and the ones it leaves to pySHACL."""
    checks: list[NodeCheck] = []
    rest: list[Node] = []
    for shape in shapes:
        check = _node(rules, shape)
        (checks.append(check) if check is not None else rest.append(shape))
    return checks, rest


def _node(rules: Graph, shape: Node) -> NodeCheck | None:
    if (shape, SH.deactivated, None) in rules:
        return None
    classes = list(rules.objects(shape, SH.targetClass))
    if not classes:
        return None
    message = _message(rules, shape)
    severity = rules.value(shape, SH.severity) or SH.Violation
    check = NodeCheck(shape, classes, message=message, severity=severity)  # type: ignore[arg-type]
    if (shape, SH.path, None) in rules:  # a property shape with its own targets
        prop = _property(rules, shape, "")
        if prop is None:
            return None
        check.properties.append(prop)
        return check
    predicates = set(rules.predicates(shape, None))
    if not predicates <= _NODE_PARTS | {SH.property, SH["or"]}:
        return None
    for nested in rules.objects(shape, SH.property):
        prop = _property(rules, nested, message)
        if prop is None:
            return None
        check.properties.append(prop)
    for holder in rules.objects(shape, SH["or"]):
        for alternative in Collection(rules, holder):
            prop = _property(rules, alternative, message)
            if prop is None:
                return None
            check.alternatives.append(prop)
    return check


# ---------------------------------------------------------------- running


class _Data:
    """Queries on the store, each answered once: focus nodes, value nodes, class instances."""

    def __init__(self, store: OxigraphStore) -> None:
        self.store = store.oxigraph
        self._values: dict[tuple, dict] = {}
        self._instances: dict[str, set] = {}

    def _select(self, query: str) -> list:
        solutions = self.store.query(query, use_default_graph_as_union=True)
        assert isinstance(solutions, ox.QuerySolutions)
        return list(solutions)

    def instances(self, cls: Node) -> set:
        key = str(cls)
        if key not in self._instances:
            q = f"SELECT DISTINCT ?x WHERE {{ ?x <{RDF.type}>/<{RDFS.subClassOf}>* <{cls}> }}"
            self._instances[key] = {s["x"] for s in self._select(q)}
        return self._instances[key]

    def focus(self, classes: list[Node]) -> set:
        found: set = set()
        for cls in classes:
            found |= self.instances(cls)
        return found

    def values(self, classes: list[Node], path: URIRef) -> dict:
        """Focus node -> the set of its value nodes for the path, for every instance of the
        classes (one query per class and path)."""
        key = (tuple(map(str, classes)), str(path))
        if key not in self._values:
            found: dict = defaultdict(set)
            for cls in classes:
                q = (
                    f"SELECT ?this ?v WHERE {{ ?this <{RDF.type}>/<{RDFS.subClassOf}>* <{cls}> . "
                    f"?this <{path}> ?v }}"
                )
                for s in self._select(q):
                    found[s["this"]].add(s["v"])
            self._values[key] = found
        return self._values[key]

    def objects_of(self, nodes: set, path: URIRef) -> dict:
        """Node -> its values for the path, for the given nodes (value nodes of a parent)."""
        found: dict = defaultdict(set)
        for q in self.store.quads_for_pattern(None, ox.NamedNode(str(path)), None, None):
            if q.subject in nodes:
                found[q.subject].add(q.object)
        return found


def _ox(term: Node) -> object:
    from ..terms import to_ox

    return to_ox(term)


def _property_results(
    data: _Data, prop: PropertyCheck, focus: set, values: dict
) -> list[tuple[object, object | None, URIRef]]:
    """(focus, value, component) of each violation of the property shape."""
    found: list[tuple[object, object | None, URIRef]] = []
    c = prop.constraints
    minimum = int(c[SH.minCount]) if SH.minCount in c else None
    maximum = int(c[SH.maxCount]) if SH.maxCount in c else None
    cls = data.instances(c[SH["class"]]) if SH["class"] in c else None
    allowed = {_ox(t) for t in c[SH["in"]]} if SH["in"] in c else None
    has = _ox(c[SH.hasValue]) if SH.hasValue in c else None
    other = c.get(SH.lessThanOrEquals)
    others = data.objects_of(focus, other) if isinstance(other, URIRef) else None
    conforming_qualified = None
    if prop.qualified is not None:
        nodes = set().union(*(values.get(f, set()) for f in focus)) if focus else set()
        inner_values = data.objects_of(nodes, prop.qualified.path)
        bad = {f for f, _v, _c in _property_results(data, prop.qualified, nodes, inner_values)}
        conforming_qualified = nodes - bad
    for f in focus:
        vs = values.get(f, set())
        if minimum is not None and len(vs) < minimum:
            found.append((f, None, SH.MinCountConstraintComponent))
        if maximum is not None and len(vs) > maximum:
            found.append((f, None, SH.MaxCountConstraintComponent))
        if cls is not None:
            found += [(f, v, SH.ClassConstraintComponent) for v in vs if v not in cls]
        if allowed is not None:
            found += [(f, v, SH.InConstraintComponent) for v in vs if v not in allowed]
        if has is not None and has not in vs:
            found.append((f, None, SH.HasValueConstraintComponent))
        if others is not None:
            for v in vs:
                for w in others.get(f, set()):
                    if not _less_or_equal(v, w):
                        found.append((f, v, SH.LessThanOrEqualsConstraintComponent))
        if conforming_qualified is not None:
            count = len(vs & conforming_qualified)
            if count < int(prop.constraints[SH.qualifiedMinCount]):
                found.append((f, None, SH.QualifiedMinCountConstraintComponent))
    return found


def _less_or_equal(a: object, b: object) -> bool:
    """SHACL's comparison, as pySHACL makes it: on rdflib literals; incomparable is false."""
    if a is None or b is None:
        return False
    x, y = from_ox(a), from_ox(b)
    if not (isinstance(x, Literal) and isinstance(y, Literal)):
        return False
    try:
        return bool(x <= y)
    except TypeError:
        return False


def run_core(store: OxigraphStore, checks: list[NodeCheck]) -> list[Result]:
    """Every compiled shape once over the store."""
    data = _Data(store)
    results: list[Result] = []
    for check in checks:
        focus = data.focus(check.classes)
        for prop in check.properties:
            values = data.values(check.classes, prop.path)
            for f, v, component in _property_results(data, prop, focus, values):
                results.append(
                    Result(
                        prop.shape,
                        from_ox(f),
                        None if v is None else from_ox(v),
                        prop.path,
                        component,
                        prop.message,
                        prop.severity,
                    )
                )
        if check.alternatives:
            failing = set(focus)
            for prop in check.alternatives:
                values = data.values(check.classes, prop.path)
                failing &= {f for f, _v, _c in _property_results(data, prop, focus, values)}
            for f in failing:
                node = from_ox(f)
                results.append(
                    Result(
                        check.shape,
                        node,
                        node,
                        None,
                        SH.OrConstraintComponent,
                        check.message,
                        check.severity,
                    )
                )
    return results
