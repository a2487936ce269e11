"""Build small assessment files on the shipped framework, for tests."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from eggo_graph.namespaces import EGGO, FW
from eggo_graph.resources import DATA_DIR

LEVELS = {0: EGGO.Red, 1: EGGO.Amber, 2: EGGO.Green}  # in half-points


def benchmark_dimensions() -> dict[str, str]:
    """Benchmark code -> dimension code, read from the framework file."""
    g = Graph().parse(DATA_DIR / "framework" / "eggo-framework.ttl")
    out = {}
    for b in g.subjects(RDF.type, EGGO.Benchmark):
        d = g.value(b, SKOS.broader)
        out[str(g.value(b, SKOS.notation))] = str(g.value(d, SKOS.notation))
    return dict(sorted(out.items(), key=lambda kv: tuple(int(x) for x in kv[0].split("."))))


def assessment_graph(
    country: str, year: int, ratings: dict[str, tuple[int, int]], *, evidence: bool = False
) -> Graph:
    """An assessment whose ratings are given in half-points: code -> (progress, foresight),
    each 0 (red), 1 (amber) or 2 (green). With evidence=True every benchmark gets a quoted
    passage that its ratings rest on (as the rules require of non-red ratings)."""
    a = URIRef(f"https://example.org/assessment/{country.lower()}-{year}")
    g = Graph()
    g.add((a, RDF.type, EGGO.Assessment))
    g.add((a, RDFS.label, Literal(f"Test assessment {country} {year}")))
    g.add((a, EGGO.framework, FW.eggo))
    g.add((a, EGGO.countryCode, Literal(country)))
    g.add((a, EGGO.year, Literal(year)))
    for code, (p, f) in ratings.items():
        passage = URIRef(f"{a}/evidence-{code}")
        if evidence:
            g.add((passage, RDF.type, EGGO.SupportingPassage))
            g.add((passage, EGGO.assessment, a))
            g.add((passage, EGGO.benchmark, FW[f"benchmark-{code}"]))
            g.add((passage, EGGO.quote, Literal(f"Synthetic passage for {code}.")))
            g.add((passage, EGGO.sourceLine, Literal(1)))
            g.add((passage, EGGO.claim, EGGO.PartialClaim))
        for aspect, level in ((EGGO.Progress, p), (EGGO.Foresight, f)):
            r = URIRef(f"{a}/rating-{code}-{aspect.fragment.lower()}")
            g.add((r, RDF.type, EGGO.Rating))
            g.add((r, EGGO.assessment, a))
            g.add((r, EGGO.benchmark, FW[f"benchmark-{code}"]))
            g.add((r, EGGO.aspect, aspect))
            g.add((r, EGGO.level, LEVELS[level]))
            g.add((r, EGGO.origin, EGGO.Assessed))
            if evidence:
                g.add((r, PROV.wasDerivedFrom, passage))
    return g


def write_assessment(
    path: Path, country: str, year: int, ratings: dict[str, tuple[int, int]]
) -> Path:
    assessment_graph(country, year, ratings).serialize(path, format="turtle")
    return path
