"""Validation: the SHACL shapes of ``rules/`` over a store, as typed findings and a standard
``sh:ValidationReport``.

How it runs, and why it stays fast as data grows:

- SHACL Core shapes (per-node checks) go through pySHACL, with ``advanced=True`` so that no
  advanced feature is silently skipped.
- Each SHACL-SPARQL constraint (``sh:sparql`` with ``sh:select``) runs **once** on the store's
  engine (Oxigraph) for all its focus nodes: ``$this`` becomes a variable joined with the
  shape's targets. SHACL-SPARQL pre-binds ``$this`` to each focus node in turn; evaluating the
  query once and joining with the targets gives the same solutions, set-at-a-time, instead of one
  rdflib query per focus node. Queries must project ``$this`` (a test checks it).
- ``engine="pyshacl"`` runs every shape through pySHACL instead: the reference, slow on large
  data; the tests check that both engines find the same results.

``conforms`` is true when no result has severity ``sh:Violation`` (pySHACL's ``allow_warnings``):
warnings are reported but do not fail validation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal as TypingLiteral

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, SKOS
from rdflib.term import Node

from .errors import EggoError, InputError
from .load import parse_file
from .namespaces import EGGO, PREFIXES
from .reasoning import Consistency, check_consistency
from .resources import DATA_DIR, RULES_DIR, method_files
from .store import Store, open_store, to_rdflib

RULE = "https://w3id.org/eggo/rules#"
BANDS_FILE = DATA_DIR / "framework" / "eggo-bands.ttl"
Engine = TypingLiteral["fast", "pyshacl"]

_SEVERITY_ORDER = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


@dataclass(frozen=True)
class Finding:
    """One validation result, with what a reader needs to act on it."""

    severity: str  # "Violation", "Warning" or "Info"
    rule: str  # the named shape, e.g. "prerequisite-not-exceeded"
    message: str
    focus: Node
    value: Node | None = None
    path: Node | None = None
    shape: Node | None = None
    constraint: Node | None = None
    component: Node | None = None
    code: str = ""  # the benchmark's (or dimension's) code, when the finding is about one
    name: str = ""
    quote: str = ""  # the evidence passage involved, verbatim
    line: int | None = None  # its line in the source text

    def as_dict(self) -> dict[str, object]:
        """Plain values for CSV and JSON."""
        return {
            "severity": self.severity,
            "rule": self.rule,
            "code": self.code,
            "name": self.name,
            "node": _text(self.value if isinstance(self.value, URIRef) else self.focus),
            "message": self.message,
            "quote": self.quote,
            "line": self.line,
            "focus": _text(self.focus),
        }


@dataclass
class Validation:
    """The outcome of validating a store: findings (violations first) and the SHACL report."""

    findings: list[Finding]
    report: Graph
    rules: list[str]
    assessments: int
    extra: list[Finding] = field(default_factory=list)  # e.g. from the OWL reasoner
    consistency: Consistency | None = None  # HermiT's verdict, when asked for

    @property
    def all_findings(self) -> list[Finding]:
        return self.findings + self.extra

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.all_findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.all_findings if f.severity == "Warning"]

    @property
    def conforms(self) -> bool:
        return not self.violations


# ---------------------------------------------------------------- rules


def rule_files(rules_dir: Path = RULES_DIR) -> list[Path]:
    """The shape files: every .ttl file under rules/."""
    return sorted(Path(rules_dir).glob("*.ttl"))


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


def _owner(rules: Graph, shape: Node) -> Node:
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


# ---------------------------------------------------------------- SHACL-SPARQL on the store


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
                rule_name(_owner(rules, shape)),
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


def _substitute(message: str, row: dict[str, Node]) -> str:
    """SHACL message templates: {?var} and {$var} become the bound value (as pySHACL does)."""

    def value(m: re.Match[str]) -> str:
        term = row.get(m.group(1))
        return str(term) if term is not None else m.group(0)

    return re.sub(r"\{[?$](\w+)\}", value, message)


# ---------------------------------------------------------------- running


def validate(
    store: Store,
    *,
    rules: Graph | None = None,
    engine: Engine = "fast",
) -> Validation:
    """Validate everything in the store against the rules (default: every file in rules/)."""
    rules = load_rules() if rules is None else rules
    if engine == "pyshacl":
        core, checks = rules, []
        data = to_rdflib(store)
    else:
        checks, handled = sparql_checks(rules)
        core = Graph()
        for triple in rules:
            if triple[1] == SH.sparql and triple[0] in handled:
                continue
            core.add(triple)
        needed = core_predicates(core)
        data = to_rdflib(store, None if needed is None else needed | _DISPLAY)
    findings = _run_pyshacl(data, core, rules)
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
                findings.append(_sparql_finding(check, row, rules, data))
    findings.sort(
        key=lambda f: (
            _SEVERITY_ORDER.get(SH[f.severity], 3),
            _code_key(f.code),
            f.rule,
            str(f.focus),
            str(f.value),
        )
    )
    assessments = len(set(data.subjects(RDF.type, EGGO.Assessment)))
    validation = Validation(
        findings, Graph(), [rule_name(s) for s in named_rules(rules)], assessments
    )
    validation.report = report_graph(validation)
    return validation


# What findings show: codes, names, quotes, lines, and what a node is about.
_DISPLAY = {
    RDF.type,
    SKOS.notation,
    SKOS.prefLabel,
    EGGO.quote,
    EGGO.sourceLine,
    EGGO.benchmark,
    EGGO.dimension,
}
_PREDICATE_PARAMETERS = (
    SH.path,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.equals,
    SH.disjoint,
    SH.lessThan,
    SH.lessThanOrEquals,
)


def core_predicates(shapes: Graph) -> set[URIRef] | None:
    """The predicates SHACL Core shapes can look at: their paths and property parameters, plus
    rdf:type and rdfs:subClassOf for targets and sh:class. None when a shape needs the whole
    graph (a complex path, a closed shape, SHACL-SPARQL left to pySHACL)."""
    if (None, SH.closed, Literal(True)) in shapes or (None, SH.sparql, None) in shapes:
        return None
    found = {RDF.type, RDFS.subClassOf}
    for parameter in _PREDICATE_PARAMETERS:
        for value in shapes.objects(None, parameter):
            if not isinstance(value, URIRef):
                return None
            found.add(value)
    return found


def _run_pyshacl(data: Graph, shapes: Graph, rules: Graph) -> list[Finding]:
    import pyshacl  # imported here: it is slow to import and only validation needs it

    _conforms, results, text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        advanced=True,
        inference="none",
        inplace=True,
        allow_warnings=True,
        abort_on_first=False,
    )
    if not isinstance(results, Graph):  # pySHACL returns a ValidationFailure on bad shapes
        raise EggoError(f"pySHACL could not run the rules: {text}")
    findings = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        shape = results.value(result, SH.sourceShape)
        severity = results.value(result, SH.resultSeverity) or SH.Violation
        focus = results.value(result, SH.focusNode)
        value = results.value(result, SH.value)
        message = results.value(result, SH.resultMessage)
        owner = _owner(rules, shape)
        findings.append(
            _finding(
                data,
                severity=severity,
                rule=rule_name(owner),
                message=str(message) if message is not None else "",
                focus=focus,
                value=value,
                path=results.value(result, SH.resultPath),
                shape=shape,
                constraint=results.value(result, SH.sourceConstraint),
                component=results.value(result, SH.sourceConstraintComponent),
            )
        )
    return findings


def _sparql_finding(check: SparqlCheck, row: dict[str, Node], rules: Graph, data: Graph) -> Finding:
    focus = row["this"]
    message = row.get("message")
    text = str(message) if message is not None else ""
    if message is None and check.messages:
        text = _substitute(str(check.messages[0]), row)
    return _finding(
        data,
        severity=check.severity,
        rule=rule_name(_owner(rules, check.shape)),
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


def _finding(
    data: Graph,
    *,
    severity: Node,
    rule: str,
    message: str,
    focus: Node,
    value: Node | None,
    path: Node | None,
    shape: Node | None,
    constraint: Node | None,
    component: Node | None,
    benchmark: Node | None = None,
    quote: Node | None = None,
) -> Finding:
    """A finding, located: the benchmark (or dimension) it is about and the passage involved."""
    subject = value if isinstance(value, URIRef | BNode) else focus
    about = benchmark or _about(data, subject) or _about(data, focus)
    line = None
    if quote is None:
        for node in (subject, focus):
            quote = data.value(node, EGGO.quote)
            if quote is not None:
                found = data.value(node, EGGO.sourceLine)
                line = int(found) if found is not None else None
                break
    return Finding(
        severity=str(severity).rsplit("#", 1)[-1],
        rule=rule,
        message=message,
        focus=focus,
        value=value,
        path=path,
        shape=shape,
        constraint=constraint,
        component=component,
        code=str(data.value(about, SKOS.notation) or "") if about is not None else "",
        name=str(data.value(about, SKOS.prefLabel) or "") if about is not None else "",
        quote=str(quote) if quote is not None else "",
        line=line,
    )


def _about(data: Graph, node: Node) -> Node | None:
    """The benchmark or dimension a node is about: itself, or what it points to."""
    types = set(data.objects(node, RDF.type))
    if types & {EGGO.Benchmark, EGGO.Dimension, EGGO.Area}:
        return node
    return data.value(node, EGGO.benchmark) or data.value(node, EGGO.dimension)


def _code_key(code: str) -> tuple:
    parts = re.findall(r"\d+|\D+", code)
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)


def _text(term: Node | None) -> str:
    return "" if term is None else str(term)


# ---------------------------------------------------------------- the standard report


def report_graph(validation: Validation) -> Graph:
    """The findings as a standard SHACL validation report (sh:ValidationReport)."""
    g = Graph()
    for prefix, ns in {**PREFIXES, "sh": str(SH), "rule": RULE}.items():
        g.bind(prefix, ns)
    report = BNode()
    g.add((report, RDF.type, SH.ValidationReport))
    g.add((report, SH.conforms, Literal(validation.conforms)))
    for f in validation.findings:
        r = BNode()
        g.add((report, SH.result, r))
        g.add((r, RDF.type, SH.ValidationResult))
        g.add((r, SH.focusNode, f.focus))
        g.add((r, SH.resultSeverity, SH[f.severity]))
        g.add((r, SH.resultMessage, Literal(f.message)))
        for prop, term in (
            (SH.value, f.value),
            (SH.sourceShape, f.shape),
            (SH.sourceConstraint, f.constraint),
            (SH.sourceConstraintComponent, f.component),
        ):
            # a blank node of the shapes graph would only dangle in the report: leave it out
            if term is not None and not (prop != SH.value and isinstance(term, BNode)):
                g.add((r, prop, term))
        if isinstance(f.path, URIRef):
            g.add((r, SH.resultPath, f.path))
    return g


# ---------------------------------------------------------------- loading with other bands


def method_files_with_bands(bands: Path | None) -> list[Path]:
    """The method files, with the shipped indicator bands replaced by a user's file."""
    files = method_files()
    if bands is None:
        return files
    check_bands(Path(bands))
    return [p for p in files if p.resolve() != BANDS_FILE.resolve()] + [Path(bands)]


def check_bands(path: Path) -> None:
    """Raise InputError unless the file holds at least one eggo:IndicatorBands: a bands file
    without bands would silently check nothing and "conform"."""
    is_a, bands = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(EGGO.IndicatorBands))
    if not any(q.predicate == is_a and q.object == bands for q in parse_file(path).quads):
        raise InputError(
            "holds no indicator bands (no eggo:IndicatorBands)",
            f"--bands {path}",
            "describe each band as in data/framework/eggo-bands.ttl, or leave out --bands",
        )


def check(
    data: Iterable[Path] = (),
    *,
    embedded: bool = True,
    bands: Path | None = None,
    reason: bool = False,
    engine: Engine = "fast",
) -> Validation:
    """Load the data (as every command does) and validate it; with reason=True also ask HermiT
    whether the graph is consistent under OWL (an inconsistency is a violation)."""
    store = open_store(data, embedded=embedded, method=method_files_with_bands(bands))
    validation = validate(store, engine=engine)
    if reason:
        graph = to_rdflib(store)
        consistency = check_consistency(graph)
        validation.consistency = consistency
        if not consistency.consistent:
            validation.extra.append(
                Finding(
                    severity="Violation",
                    rule="owl-consistency",
                    message="The ontology, the framework and the assessments are consistent "
                    "under OWL (HermiT: disjoint classes, functional properties, the closed "
                    f"scales): {consistency.detail}",
                    focus=URIRef("https://w3id.org/eggo/ontology"),
                )
            )
    return validation


def shapes_in(rules: Graph) -> Sequence[Node]:
    """Every shape, named or blank: subjects of a target, sh:path, or a constraint parameter."""
    shapes: set[Node] = set(rules.subjects(RDF.type, SH.NodeShape))
    shapes |= set(rules.subjects(RDF.type, SH.PropertyShape))
    shapes |= set(rules.objects(None, SH.property))
    for holder in rules.objects(None, SH["or"]):
        shapes |= set(Collection(rules, holder))
    shapes |= set(rules.objects(None, SH.qualifiedValueShape))
    return sorted(shapes, key=str)


__all__ = [
    "BANDS_FILE",
    "RULE",
    "Finding",
    "Validation",
    "check",
    "core_predicates",
    "load_rules",
    "method_files_with_bands",
    "named_rules",
    "report_graph",
    "rule_files",
    "shapes_in",
    "sparql_checks",
    "validate",
]
