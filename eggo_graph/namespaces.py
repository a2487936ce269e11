"""RDF namespaces and the prefixes eggo declares in every query. Prefixes only: no logic.

``PREFIXES`` is plain text, so that a command that only runs queries (``eggo score``) never
imports rdflib; the rdflib ``Namespace`` objects (``EGGO``, ``RDF``, ...) are made on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

PREFIXES: dict[str, str] = {
    "eggo": "https://w3id.org/eggo/ontology#",
    "fw": "https://w3id.org/eggo/framework/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "org": "http://www.w3.org/ns/org#",
    "eli": "http://data.europa.eu/eli/ontology#",
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

if TYPE_CHECKING:
    from rdflib import Namespace
    from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

    EGGO: Namespace
    FW: Namespace
    ELI: Namespace


def __getattr__(name: str) -> Any:
    """The rdflib namespaces, imported on first use (PEP 562)."""
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import rdflib.namespace

    value = (
        rdflib.Namespace(PREFIXES[name.lower()])
        if name in ("EGGO", "FW", "ELI")
        else getattr(rdflib.namespace, name)
    )
    globals()[name] = value
    return value
