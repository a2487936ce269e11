"""Every shipped query parses, has a complete header, and documents only projected parameters;
the counting query sees the whole framework."""

from __future__ import annotations

import itertools

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from eggo_graph.namespaces import PREFIXES
from eggo_graph.queries import catalogue, parse_header, run

QUERIES = catalogue()


def test_there_are_queries():
    assert {
        "scores",
        "benchmark-ratings",
        "dimension-ranking",
        "scenario-settings",
    } <= set(QUERIES)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_parses_and_has_header(name):
    q = QUERIES[name]
    assert q.summary, f"{name}: no '#+ summary:'"
    assert q.tags, f"{name}: no '#+ tags:'"
    solutions = ox.Store().query(q.text, prefixes=PREFIXES)
    projected = {v.value for v in solutions.variables}
    for param in q.param_names:
        assert param in projected, f"{name}: parameter {param} is not a projected variable"


def test_header_parser():
    h = parse_header("#+ summary: S\n#+ tags:\n#+   - a\n#+   - b\nSELECT * WHERE {}\n#+ x: y")
    assert h == {"summary": "S", "tags": ["a", "b"]}


def test_counts_by_sparql(store):
    (row,) = run(store, "framework-counts")
    assert {k: int(v) for k, v in row.items()} == {
        "areas": 5,
        "dimensions": 18,
        "benchmarks": 115,
        "ratings": 230,
    }


def test_counts_by_a_hand_written_query(store):
    rows = store.select("""
        SELECT (COUNT(DISTINCT ?b) AS ?benchmarks) (COUNT(DISTINCT ?r) AS ?ratings) WHERE {
          ?b a eggo:Benchmark .
          OPTIONAL { ?r a eggo:Rating ; eggo:benchmark ?b ; eggo:level ?l .
                     ?l a eggo:RatingLevel }
        }""")
    assert (int(rows[0]["benchmarks"]), int(rows[0]["ratings"])) == (115, 230)


def test_assessment_parameter_restricts_rows(store, ukraine):
    assert len(run(store, "scores", {"assessment": ukraine.term})) == 18 + 5 + 1
    assert run(store, "scores", {"assessment": URIRef("urn:nothing")}) == []


def test_benchmark_trends(store, ukraine):
    rows = run(store, "benchmark-ratings", {"assessment": ukraine.term})
    assert len(rows) == 115
    for r in rows:
        p, f, trend = str(r["progress"]), str(r["foresight"]), str(r["trend"])
        order = {"red": 0, "amber": 1, "green": 2}
        if p == "green":
            assert trend == "⚑"
        elif order[f] > order[p]:
            assert trend == "↑"
        else:
            assert trend == "!"


def test_dimension_ranking_is_by_progress(store, ukraine):
    rows = run(store, "dimension-ranking", {"assessment": ukraine.term})
    progress = [float(r["progress"]) for r in rows]
    assert progress == sorted(progress)
    ranks = [int(r["rank"]) for r in rows]
    assert ranks[0] == 1 and ranks == sorted(ranks)
    # ties share a rank: equal progress, equal rank
    for a, b in itertools.pairwise(rows):
        assert (float(a["progress"]) == float(b["progress"])) == (a["rank"] == b["rank"])
