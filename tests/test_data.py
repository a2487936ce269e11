"""The data is faithful: verbatim quotes at the lines they claim, a rationale on every rating,
and the framework kept apart from the assessment. Read with rdflib, independently of eggo."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import REPO
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from eggo_graph.namespaces import EGGO

DATA_FILES = sorted((REPO / "data").rglob("*.ttl"))
FRAMEWORK = REPO / "data" / "framework" / "eggo-framework.ttl"
UKRAINE = REPO / "data" / "assessments" / "ukraine-2018.ttl"


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def graph(path: Path) -> Graph:
    return Graph().parse(path)


@pytest.fixture(scope="module")
def ukraine() -> Graph:
    return graph(UKRAINE)


@pytest.fixture(scope="module")
def framework() -> Graph:
    return graph(FRAMEWORK)


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_every_quote_is_verbatim_and_on_its_line(path, source_text):
    lines = source_text.split("\n")
    whole = norm(source_text)
    g = graph(path)
    quotes = list(g.subject_objects(EGGO.quote))
    assert quotes, f"{path.name} has no quotes"
    for node, quote in quotes:
        q = norm(str(quote))
        assert q and q in whole, f"{node}: not verbatim in the source: {q[:80]!r}"
        line = g.value(node, EGGO.sourceLine)
        assert line is not None, f"{node}: quote without eggo:sourceLine"
        assert q in norm(lines[int(line) - 1]), f"{node}: quote is not on line {line}"


def test_every_fact_node_carries_a_quote(ukraine, framework):
    typed = [EGGO.Area, EGGO.Dimension, EGGO.Benchmark]
    for cls in typed:
        for node in framework.subjects(RDF.type, cls):
            assert framework.value(node, EGGO.quote), f"{node} has no quote"
    for cls in [
        EGGO.StatusText,
        EGGO.SupportingPassage,
        EGGO.ReportedScore,
        EGGO.Scenario,
        EGGO.ScenarioSetting,
    ]:
        nodes = list(ukraine.subjects(RDF.type, cls))
        assert nodes, cls
        for node in nodes:
            assert ukraine.value(node, EGGO.quote), f"{node} has no quote"


def test_framework_shape(framework):
    areas = set(framework.subjects(RDF.type, EGGO.Area))
    dims = set(framework.subjects(RDF.type, EGGO.Dimension))
    benchmarks = set(framework.subjects(RDF.type, EGGO.Benchmark))
    assert (len(areas), len(dims), len(benchmarks)) == (5, 18, 115)
    codes = [str(framework.value(b, SKOS.notation)) for b in benchmarks]
    assert len(set(codes)) == 115
    for b in benchmarks:
        parents = list(framework.objects(b, SKOS.broader))
        assert len(parents) == 1 and parents[0] in dims, b
        code = str(framework.value(b, SKOS.notation))
        assert code.split(".")[0] == str(framework.value(parents[0], SKOS.notation))
    for d in dims:
        parents = list(framework.objects(d, SKOS.broader))
        assert len(parents) == 1 and parents[0] in areas, d
    assert {str(framework.value(a, SKOS.notation)) for a in areas} == {f"A{i}" for i in range(1, 6)}
    assert "1.1" in codes and "18.5" in codes


def test_framework_holds_nothing_country_specific(framework):
    for cls in (
        EGGO.Assessment,
        EGGO.Rating,
        EGGO.Evidence,
        EGGO.StatusText,
        EGGO.SupportingPassage,
        EGGO.ReportedScore,
        EGGO.Scenario,
    ):
        assert not list(framework.subjects(RDF.type, cls)), cls


def test_every_benchmark_has_two_ratings_with_rationale_and_evidence(ukraine, framework):
    benchmarks = set(framework.subjects(RDF.type, EGGO.Benchmark))
    seen: dict[tuple[URIRef, URIRef], URIRef] = {}
    for r in ukraine.subjects(RDF.type, EGGO.Rating):
        key = (ukraine.value(r, EGGO.benchmark), ukraine.value(r, EGGO.aspect))
        assert key not in seen, f"two ratings for {key}"
        seen[key] = r
        assert ukraine.value(r, EGGO.level) in {EGGO.Red, EGGO.Amber, EGGO.Green}
        rationale = str(ukraine.value(r, EGGO.rationale) or "")
        assert rationale and "\n" not in rationale, f"{r}: needs a one-line rationale"
        assert ukraine.value(r, EGGO.origin) == EGGO.Reconstructed
        assert ukraine.value(r, PROV.wasGeneratedBy) is not None
        sources = set(ukraine.objects(r, PROV.wasDerivedFrom))
        kinds = {ukraine.value(s, RDF.type) for s in sources}
        assert EGGO.StatusText in kinds and EGGO.SupportingPassage in kinds, r
    assert set(seen) == {(b, a) for b in benchmarks for a in (EGGO.Progress, EGGO.Foresight)}


def test_reconstructed_foresight_is_never_below_progress(ukraine):
    value = {EGGO.Red: 0, EGGO.Amber: 1, EGGO.Green: 2}
    levels = {}
    for r in ukraine.subjects(RDF.type, EGGO.Rating):
        levels[(ukraine.value(r, EGGO.benchmark), ukraine.value(r, EGGO.aspect))] = value[
            ukraine.value(r, EGGO.level)
        ]
    for (b, aspect), v in levels.items():
        if aspect == EGGO.Foresight:
            assert v >= levels[(b, EGGO.Progress)], b


def test_status_text_is_the_report_row(ukraine, framework, source_text):
    """Each STATUS cell stands on the same source line as its benchmark's name."""
    for s in ukraine.subjects(RDF.type, EGGO.StatusText):
        b = ukraine.value(s, EGGO.benchmark)
        assert ukraine.value(s, EGGO.sourceLine) == framework.value(b, EGGO.sourceLine), b


def test_assessment_refers_to_the_framework(ukraine):
    (a,) = list(ukraine.subjects(RDF.type, EGGO.Assessment))
    assert ukraine.value(a, EGGO.framework) == URIRef("https://w3id.org/eggo/framework/eggo")
    assert str(ukraine.value(a, EGGO.countryCode)) == "UA"
    assert str(ukraine.value(a, EGGO.year)) == "2018"


def test_every_abbreviation_is_written_so_in_the_source(source_text):
    """An institution's eggo:abbreviation is the source's form (e.g. MOF); ours are alternative
    labels (issue 17)."""
    g = graph(REPO / "data" / "institutions" / "ukraine-2018.ttl")
    abbreviations = [str(o) for o in g.objects(None, EGGO.abbreviation)]
    assert abbreviations
    for a in abbreviations:
        assert re.search(rf"(?<!\w){re.escape(a)}(?!\w)", source_text), a
