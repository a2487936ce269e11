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

from rdflib import Graph

from .errors import EggoError


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


def check_consistency(graph: Graph) -> Consistency:
    """Run HermiT on the graph; consistent or not, with HermiT's message when it is not."""
    if not java_available():
        raise ReasonerUnavailable(
            "java not found: the OWL reasoner HermiT needs a Java runtime. Install one "
            "(e.g. apt-get install default-jre-headless), or leave out --reason"
        )
    import owlready2  # imported here: loading it is slow and only --reason needs it

    start = time.perf_counter()
    data = graph.serialize(format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology("https://w3id.org/eggo/validation-input")
    onto.load(fileobj=io.BytesIO(data), format="ntriples")
    try:
        with onto:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError as exc:
        return Consistency(False, str(exc).strip() or "inconsistent", _since(start), len(graph))
    finally:
        world.close()
    return Consistency(True, "consistent", _since(start), len(graph))


def _since(start: float) -> float:
    return time.perf_counter() - start
