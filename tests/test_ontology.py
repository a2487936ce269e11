"""The ontology: a dated header, a label and a definition on every term, and no eggo: term used
anywhere (data, queries, code) that the ontology does not define."""

from __future__ import annotations

import re
from datetime import date

import pytest
from helpers import REPO
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from eggo_graph.namespaces import EGGO

ONTOLOGY = REPO / "ontology" / "eggo.ttl"


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY)


def defined_terms(onto: Graph) -> set[URIRef]:
    return {s for s in onto.subjects() if isinstance(s, URIRef) and s.startswith(str(EGGO))}


def test_header(onto):
    (o,) = list(onto.subjects(RDF.type, OWL.Ontology))
    version = onto.value(o, OWL.versionIRI)
    assert version is not None
    date.fromisoformat(str(version).rsplit("/", 1)[1])  # a dated version IRI
    assert onto.value(o, RDFS.label) and onto.value(o, SKOS.definition)


def test_every_term_has_label_and_definition(onto):
    terms = defined_terms(onto)
    assert len(terms) > 40
    for t in terms:
        assert onto.value(t, RDFS.label), f"{t} has no rdfs:label"
        assert onto.value(t, SKOS.definition), f"{t} has no skos:definition"
        assert onto.value(t, RDF.type) is not None, f"{t} has no type"


def test_rating_levels_are_iris_with_numeric_values(onto):
    values = {lvl: onto.value(lvl, EGGO.levelValue) for lvl in (EGGO.Red, EGGO.Amber, EGGO.Green)}
    assert {k: float(v) for k, v in values.items()} == {
        EGGO.Red: 0.0,
        EGGO.Amber: 0.5,
        EGGO.Green: 1.0,
    }


def test_no_undefined_eggo_terms_are_used(onto):
    defined = {str(t) for t in defined_terms(onto)}
    used: set[str] = set()
    for path in [*(REPO / "data").rglob("*.ttl")]:
        g = Graph().parse(path)
        for triple in g:
            used |= {str(t) for t in triple if isinstance(t, URIRef) and t.startswith(str(EGGO))}
    for path in [
        *(REPO / "queries").glob("*.rq"),
        *(REPO / "rules").glob("*.ttl"),
        *(REPO / "eggo_graph").rglob("*.py"),
    ]:
        text = path.read_text(encoding="utf-8")
        used |= {str(EGGO) + m for m in re.findall(r"(?<![\w:])eggo:([A-Za-z][A-Za-z0-9]*)", text)}
        used |= {str(EGGO) + m for m in re.findall(r"\bEGGO\.([A-Za-z][A-Za-z0-9]*)", text)}
    missing = sorted(used - defined)
    assert not missing, f"used but not defined in the ontology: {missing}"
