"""What validation finds: typed findings, located on the benchmark and the passage they are
about, the outcome of a run, and the standard SHACL validation report."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SH, SKOS
from rdflib.term import Node

from ..namespaces import EGGO, PREFIXES
from .reasoning import Consistency
from .rules import RULE

SEVERITY_ORDER = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}


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
    assessment: str = ""  # the short id (e.g. "FD-2025") of the assessment it is about
    assessment_iri: str = ""

    def as_dict(self) -> dict[str, object]:
        """Plain values for CSV and JSON."""
        return {
            "severity": self.severity,
            "assessment": self.assessment,
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
    def infos(self) -> list[Finding]:
        return [f for f in self.all_findings if f.severity == "Info"]

    @property
    def conforms(self) -> bool:
        return not self.violations


def make_finding(
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
    """A finding, located: the assessment and the benchmark (or dimension) it is about, and the
    passage involved. The passage is one of the assessment's own (its evidence, its country's
    landscape, or a node quoting its own source); a passage from elsewhere, such as a framework
    link quoting another country's report, gives way to the assessment's status text."""
    subject = value if isinstance(value, URIRef | BNode) else focus
    about = benchmark or _about(data, subject) or _about(data, focus)
    assessment = _assessment(data, focus, subject)
    line = None
    carrier = None
    if quote is None:
        for node in (subject, focus):
            if data.value(node, EGGO.quote) is not None:
                carrier, quote = node, data.value(node, EGGO.quote)
                break
    elif assessment is not None:
        carrier = next(
            (n for n in data.subjects(EGGO.quote, quote) if _own(data, n, assessment)), None
        )
    own = carrier is not None and assessment is not None and _own(data, carrier, assessment)
    if quote is not None and assessment is not None and not own:
        carrier = _status_text(data, assessment, about)
        quote = data.value(carrier, EGGO.quote) if carrier is not None else None
    if carrier is not None:
        found = data.value(carrier, EGGO.sourceLine)
        line = int(str(found)) if found is not None else None
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
        assessment=_assessment_id(data, assessment) if assessment is not None else "",
        assessment_iri=str(assessment) if isinstance(assessment, URIRef) else "",
    )


def _assessment(data: Graph, focus: Node, subject: Node) -> Node | None:
    """The assessment a finding is about: the focus node itself, or the one its nodes name."""
    for node in (focus, subject):
        if (node, RDF.type, EGGO.Assessment) in data:
            return node
    for node in (subject, focus):
        found = data.value(node, EGGO.assessment)
        if found is not None:
            return found
    return None


def _assessment_id(data: Graph, assessment: Node) -> str:
    """COUNTRY-YEAR, as eggo names assessments, or the IRI."""
    country, year = data.value(assessment, EGGO.countryCode), data.value(assessment, EGGO.year)
    return f"{country}-{year}" if country is not None and year is not None else str(assessment)


def _own(data: Graph, node: Node, assessment: Node) -> bool:
    """Whether a quoted node belongs to the assessment: its own evidence, a node of its
    country's landscape, or a node quoting the source the assessment comes from."""
    if (node, EGGO.assessment, assessment) in data:
        return (node, RDF.type, EGGO.Landscape) not in data
    country = data.value(assessment, EGGO.countryCode)
    landscape = data.value(node, EGGO.landscape)
    if landscape is not None and country is not None:
        return data.value(landscape, EGGO.countryCode) == country
    source = data.value(assessment, DCTERMS.source)
    return source is not None and (node, DCTERMS.source, source) in data


def _status_text(data: Graph, assessment: Node, about: Node | None) -> Node | None:
    """The assessment's own passage on a benchmark: its status text, else its first supporting
    passage (by IRI), else None."""
    if about is None:
        return None
    own = sorted(
        (
            node
            for node in data.subjects(EGGO.benchmark, about)
            if (node, EGGO.assessment, assessment) in data
            and data.value(node, EGGO.quote) is not None
        ),
        key=lambda n: ((n, RDF.type, EGGO.StatusText) not in data, str(n)),
    )
    return own[0] if own else None


def _about(data: Graph, node: Node) -> Node | None:
    """The benchmark or dimension a node is about: itself, or what it points to."""
    types = set(data.objects(node, RDF.type))
    if types & {EGGO.Benchmark, EGGO.Dimension, EGGO.Area}:
        return node
    return data.value(node, EGGO.benchmark) or data.value(node, EGGO.dimension)


def _text(term: Node | None) -> str:
    return "" if term is None else str(term)


def _finding_assessment(f: Finding) -> URIRef | None:
    return URIRef(f.assessment_iri) if f.assessment_iri else None


def report_graph(validation: Validation) -> Graph:
    """The findings as a standard SHACL validation report (sh:ValidationReport)."""
    g = Graph()
    for prefix, ns in {**PREFIXES, "sh": str(SH), "rule": RULE}.items():
        g.bind(prefix, ns)
    # labels in the findings' order, so that the same findings serialise the same, on any engine
    report = BNode("report")
    g.add((report, RDF.type, SH.ValidationReport))
    g.add((report, SH.conforms, Literal(validation.conforms)))
    for number, f in enumerate(validation.findings):
        r = BNode(f"result{number:06d}")
        g.add((report, SH.result, r))
        g.add((r, RDF.type, SH.ValidationResult))
        g.add((r, SH.focusNode, f.focus))
        g.add((r, SH.resultSeverity, SH[f.severity]))
        g.add((r, SH.resultMessage, Literal(f.message)))
        assessment = _finding_assessment(f)
        if assessment is not None:  # whose finding it is, in every format
            g.add((r, EGGO.assessment, assessment))
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
