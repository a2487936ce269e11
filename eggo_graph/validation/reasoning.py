"""OWL consistency under HermiT, through owlready2: the only module that imports owlready2.

owlready2 reads N-Triples or RDF/XML, not Turtle, so the graph is handed over as N-Triples.
HermiT runs in Java (Pellet is broken on Java 17); an inconsistency, such as a rating with two
levels (eggo:level is functional and the levels are all different), makes the graph inconsistent.
"""

from __future__ import annotations

import io
import shutil
import time
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from ..errors import EggoError
from ..store import Store, to_rdflib

# The OWL 2 datatype map (https://www.w3.org/TR/owl2-syntax/#Datatype_Maps): HermiT refuses any
# other datatype, such as xsd:date or xsd:gYear.
OWL2_DATATYPES = {OWL.real, OWL.rational, RDF.PlainLiteral, RDF.XMLLiteral, RDFS.Literal}
OWL2_DATATYPES |= {RDF.langString} if hasattr(RDF, "langString") else set()
_XSD_NAMES = (
    "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger long "
    "int short byte unsignedLong unsignedInt unsignedShort unsignedByte double float string "
    "normalizedString token language Name NCName NMTOKEN boolean hexBinary base64Binary anyURI "
    "dateTime dateTimeStamp"
)
OWL2_DATATYPES |= {XSD[name] for name in _XSD_NAMES.split()}


class ReasonerUnavailable(EggoError):
    """HermiT cannot run here (no Java runtime)."""


@dataclass(frozen=True)
class Consistency:
    """What HermiT said about a graph."""

    consistent: bool
    detail: str
    seconds: float
    triples: int


def java_available() -> bool:
    """Whether a `java` executable is on the PATH (HermiT needs it)."""
    return shutil.which("java") is not None


def owl2_compatible(graph: Graph) -> tuple[Graph, list[str]]:
    """The graph with datatypes outside the OWL 2 datatype map read as strings (their literals
    and the ranges that name them), and the datatypes so read. HermiT then checks everything
    else; those values are compared as text."""
    out, replaced = Graph(), set()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype is not None and o.datatype not in OWL2_DATATYPES:
            replaced.add(str(o.datatype))
            o = Literal(str(o), datatype=XSD.string)
        elif p == RDFS.range and isinstance(o, URIRef) and _foreign_datatype(o):
            replaced.add(str(o))
            o = XSD.string
        out.add((s, p, o))
    return out, sorted(replaced)


def _foreign_datatype(term: URIRef) -> bool:
    return str(term).startswith(str(XSD)) and term not in OWL2_DATATYPES


def check_consistency(graph: Graph) -> Consistency:
    """Run HermiT on the graph; consistent or not, with HermiT's message when it is not.
    Datatypes outside OWL 2 (e.g. xsd:date) are read as strings, and the result says so."""
    if not java_available():
        raise ReasonerUnavailable(
            "java not found: the OWL reasoner HermiT needs a Java runtime. Install one "
            "(e.g. apt-get install default-jre-headless), or leave out --reason"
        )
    import owlready2  # imported here: loading it is slow and only --reason needs it

    start = time.perf_counter()
    graph, replaced = owl2_compatible(graph)
    note = f" ({', '.join(replaced)} read as strings)" if replaced else ""
    data = graph.serialize(format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology("https://w3id.org/eggo/validation-input")
    onto.load(fileobj=io.BytesIO(data), format="ntriples")
    try:
        with onto:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError as exc:
        detail = (str(exc).strip() or "inconsistent") + note
        return Consistency(False, detail, _since(start), len(graph))
    finally:
        world.close()
    return Consistency(True, "consistent" + note, _since(start), len(graph))


def check_store_consistency(store: Store) -> Consistency:
    """HermiT over what it needs to see of a store: here, everything in one run.

    Measured (issue 16, 2 cores): the ontology and the framework alone (2,817 triples) take most
    of the time, about 35 s of the 35-41 s of the embedded data on a quiet machine (94 s under a
    load of 12), because of their closed enumerations (owl:oneOf); the assessment adds little. A
    run per assessment would pay that part once per assessment, so one run over the ontology,
    the framework and all assessments is the cheapest; keep large instance data away (see
    KG-NOTES: HermiT grows fast with individuals)."""
    return check_consistency(to_rdflib(store))


def _since(start: float) -> float:
    return time.perf_counter() - start
