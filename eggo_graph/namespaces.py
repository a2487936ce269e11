"""RDF namespaces and the prefixes eggo declares in every query. Prefixes only: no logic."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

EGGO = Namespace("https://w3id.org/eggo/ontology#")
FW = Namespace("https://w3id.org/eggo/framework/")

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
    "DCTERMS",
    "EGGO",
    "FW",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SKOS",
    "XSD",
]
