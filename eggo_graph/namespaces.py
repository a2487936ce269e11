"""RDF namespaces and the prefixes eggo declares in every query. Prefixes only: no logic."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

EGGO = Namespace("https://w3id.org/eggo/ontology#")
FW = Namespace("https://w3id.org/eggo/framework/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")

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
    "org": str(ORG),
    "eli": str(ELI),
}

__all__ = [
    "DCTERMS",
    "EGGO",
    "ELI",
    "FW",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SKOS",
    "XSD",
]
