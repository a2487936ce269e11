"""RDF namespaces and the IRIs of eggo's named graphs. Prefixes only: no logic."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

EGGO = Namespace("https://w3id.org/eggo/ontology#")
FW = Namespace("https://w3id.org/eggo/framework/")
ASSESSMENT_BASE = "https://w3id.org/eggo/assessment/"
GRAPH_BASE = "https://w3id.org/eggo/graph/"

ONTOLOGY_IRI = "https://w3id.org/eggo/ontology"

PREFIXES: dict[str, str] = {
    "eggo": str(EGGO),
    "fw": str(FW),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
}

__all__ = [
    "ASSESSMENT_BASE",
    "DCTERMS",
    "EGGO",
    "FW",
    "GRAPH_BASE",
    "ONTOLOGY_IRI",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SKOS",
    "XSD",
]
