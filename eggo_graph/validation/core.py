"""SHACL Core through pySHACL: the shapes the set-at-a-time engine does not run, on the part
of the data they can look at. pySHACL runs with ``advanced=True`` so that no advanced feature is
silently skipped."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, SKOS

from ..errors import EggoError
from ..namespaces import EGGO
from .findings import Finding, make_finding
from .rules import owning_shape, rule_name

# What findings show: codes, names, quotes, lines, what a node is about, and whose it is (the
# assessment, its country's landscape, its source), so a finding quotes only its own evidence.
DISPLAY = {
    RDF.type,
    SKOS.notation,
    SKOS.prefLabel,
    EGGO.quote,
    EGGO.sourceLine,
    EGGO.benchmark,
    EGGO.dimension,
    EGGO.assessment,
    EGGO.countryCode,
    EGGO.year,
    EGGO.landscape,
    DCTERMS.source,
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


def run_pyshacl(data: Graph, shapes: Graph, rules: Graph) -> list[Finding]:
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
        if shape is None or focus is None:  # SHACL requires both on every result
            raise EggoError(f"pySHACL gave a result without a source shape or focus node: {text}")
        value = results.value(result, SH.value)
        message = results.value(result, SH.resultMessage)
        owner = owning_shape(rules, shape)
        findings.append(
            make_finding(
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
