"""`eggo recommend` and `eggo simulate --adopt` on the embedded data: the dependency graph the
text supports, outputs in every format, filters, explanations, and what-ifs computed from the
graph."""

from __future__ import annotations

import csv
import io
import json

import pytest
from helpers import one_error_line

from eggo_graph.assessments import select_assessment
from eggo_graph.cli import app
from eggo_graph.dimension_graph import leverage, load_edges
from eggo_graph.load import parse_file
from eggo_graph.priority import CONTRIBUTIONS
from eggo_graph.recommend import rank_recommendations, read_ranking_inputs
from eggo_graph.resources import assessment_files, method_files
from eggo_graph.store import OxigraphStore

KEYS = {"rank", "id", "dimension", "horizon", "risk", "institutions", "score", "contributions",
        "paths", "benchmarks", "text", "source", "rule", "triggers"}  # fmt: skip

# The edges issue 5 names, as (enabler, enabled) dimension codes.
REQUIRED_EDGES = {
    ("13", "15"),  # data centers → business continuity
    ("15", "16"),  # business continuity → cyber security
    ("10", "6"),  # e-identification → registries & interoperability
    ("6", "18"),  # registries → cross checks
    ("6", "12"),  # registries → information for management
    ("6", "11"),  # registries → smart analytics
    ("6", "5"),  # registries → platforms & services
    ("11", "12"),  # smart analytics → information for management
    ("10", "9"),  # e-identification → delivery modes
    ("1", "2"),  # policymaking → implementation
    ("7", "9"),  # access & connectivity → delivery modes
    ("10", "5"),  # e-identification → platforms & services
    ("4", "1"),  # strategic & regulatory framework → policymaking
    ("4", "2"),  # strategic & regulatory framework → implementation
    ("1", "4"),  # mutual: policymaking → strategic framework
    ("6", "10"),  # mutual: registries → e-identification
}


def invoke(runner, *args: str):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_dependency_graph_has_the_edges_the_text_supports(store):
    edges = load_edges(store)
    pairs = {(e.source, e.target) for e in edges}
    assert pairs >= REQUIRED_EDGES
    assert all(e.quote and e.line and e.explicitness in {"explicit", "stated", "implied"}
               for e in edges)  # fmt: skip
    assert len(pairs) == len(edges), "an edge is stated twice"


def test_leverage_handles_the_cycles(store, ukraine):
    inputs = read_ranking_inputs(store, ukraine)
    import networkx as nx

    assert not nx.is_directed_acyclic_graph(inputs.graph)
    lev = leverage(inputs.graph, {c: 100 - d.progress for c, d in inputs.dimensions.items()})
    assert lev["6"] > 0 and lev["4"] > 0
    sinks = [n for n in inputs.graph if inputs.graph.out_degree(n) == 0]
    assert sinks and all(lev[n] == 0 for n in sinks)


def test_json_rows(runner):
    rows = json.loads(invoke(runner, "recommend", "--format", "json"))
    assert len(rows) == 104
    assert all(set(r) == KEYS for r in rows)
    assert [r["rank"] for r in rows] == list(range(1, 105))
    assert all(rows[i]["score"] >= rows[i + 1]["score"] for i in range(103))
    for r in rows:
        assert abs(sum(r["contributions"].values()) - r["score"]) < 0.1
        assert set(r["contributions"]) == set(CONTRIBUTIONS)
        assert r["benchmarks"]


def test_scores_follow_the_graph(store, ukraine):
    """The top recommendation's gap is computed from its dimension's scores in the graph."""
    (top, *_) = rank_recommendations(store, ukraine)
    dims = {
        str(r["dimensionCode"]): r
        for r in store.select(
            """SELECT ?dimensionCode ?p ?f WHERE {
                 { SELECT ?dimensionCode (100 * AVG(?v) AS ?p) WHERE {
                     ?r eggo:aspect eggo:Progress ; eggo:level/eggo:levelValue ?v ;
                        eggo:benchmark/skos:broader/skos:notation ?dimensionCode }
                   GROUP BY ?dimensionCode }
                 { SELECT ?dimensionCode (100 * AVG(?w) AS ?f) WHERE {
                     ?r eggo:aspect eggo:Foresight ; eggo:level/eggo:levelValue ?w ;
                        eggo:benchmark/skos:broader/skos:notation ?dimensionCode }
                   GROUP BY ?dimensionCode } }"""
        )
    }
    d = dims[top.recommendation.dimension]
    p, f = float(d["p"]), float(d["f"])
    reach = max(p, f)
    assert top.contributions["gap"] == pytest.approx(100 - reach + 0.5 * (reach - p))


def test_filters(runner, store):
    rows = json.loads(invoke(runner, "recommend", "-f", "json", "--dimension", "13"))
    assert rows and {r["dimension"] for r in rows} == {"13"}
    rows = json.loads(
        invoke(runner, "recommend", "-f", "json", "--horizon", "medium", "--top", "5")
    )
    assert len(rows) == 5 and {r["horizon"] for r in rows} == {"medium"}
    rows = json.loads(invoke(runner, "recommend", "-f", "json", "--institution", "sega"))
    named = {
        str(r["id"])
        for r in store.select(
            "SELECT ?id WHERE { ?r skos:notation ?id ; eggo:names/eggo:abbreviation 'SEGA' }"
        )
    }
    assert {r["id"] for r in rows} == named


def test_table_csv_md_and_explain(runner):
    table = invoke(runner, "recommend", "--top", "3")
    assert "Recommendations by priority" in table and "13." in table
    rows = list(csv.DictReader(io.StringIO(invoke(runner, "recommend", "-f", "csv"))))
    assert len(rows) == 104 and "score_leverage" in rows[0]
    md = invoke(runner, "recommend", "-f", "md", "--top", "2")
    assert md.startswith("| rank | id |") and md.count("\n") == 4
    explained = invoke(runner, "recommend", "--explain", "--top", "2")
    assert "score = gap + leverage + risk + horizon + headroom" in explained
    assert "leverage through:" in explained and "would lift:" in explained


def test_by_dimension_roles(runner):
    rows = json.loads(invoke(runner, "recommend", "--by-dimension", "-f", "json"))
    assert len(rows) == 18
    roles = {r["code"]: r for r in rows}
    assert {r["micmac"] for r in rows} <= {"driver", "linkage", "dependent", "autonomous"}
    assert roles["12"]["dematel"] == "effect"  # it enables nothing: a pure effect
    assert roles["4"]["dematel"] == "cause"


@pytest.mark.slow
def test_stability(runner):
    out = json.loads(invoke(runner, "recommend", "--stability", "-f", "json", "--top", "5"))
    assert 0 < out["median_kendall_tau"] <= 1 and out["draws"] == 300
    for r in out["rows"]:
        assert r["low_rank"] <= float(r["median_rank"]) <= r["high_rank"]


def test_stability_ranks_as_arranged():
    """The baseline and every draw are reordered as eggo recommend reorders (prerequisites
    first): here a reversal, which any draw of the unperturbed order must show."""
    from eggo_graph.priority import stability

    store = OxigraphStore()
    for path in method_files() + assessment_files():
        store.add(parse_file(path))
    inputs = read_ranking_inputs(store, select_assessment(store, "UA-2018"))

    def reverse(ranked):
        order = ranked[::-1]
        for i, p in enumerate(order, 1):
            p.rank = i
        return order

    plain, _ = stability(inputs.recommendations, inputs.dimensions, inputs.graph, draws=3)
    flipped, tau = stability(
        inputs.recommendations, inputs.dimensions, inputs.graph, draws=3, arrange=reverse
    )
    n = len(plain)
    before = {s.id: s.baseline_rank for s in plain}
    assert {s.id: s.baseline_rank for s in flipped} == {i: n + 1 - r for i, r in before.items()}
    assert tau > 0.9  # each draw is reversed too, so it agrees with the reversed baseline


def test_ranking_does_not_depend_on_file_order():
    files = method_files() + assessment_files()
    rankings = []
    for order in (files, list(reversed(files))):
        store = OxigraphStore()
        for path in order:
            store.add(parse_file(path))
        chosen = select_assessment(store, "UA-2018")
        rankings.append(
            [(p.recommendation.id, round(p.score, 6)) for p in rank_recommendations(store, chosen)]
        )
    assert rankings[0] == rankings[1]


def test_adopt(runner, store):
    rows = list(
        csv.DictReader(
            io.StringIO(invoke(runner, "simulate", "--adopt", "13.S1,13.S4", "-f", "csv"))
        )
    )
    by_code = {r["code"]: r for r in rows}
    assert float(by_code["13"]["new_progress"]) > float(by_code["13"]["progress"])
    assert by_code["12"]["progress_change"] == "0.0"
    assert rows[-1]["name"] == "Average of all dimensions"
    assert float(rows[-1]["progress_change"]) > 0


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["recommend", "--dimension", "99"], "there is no dimension '99'"),
        (["recommend", "--institution", "nobody-at-all"], "no institution, registry"),
        (["recommend", "--institution", "trembita"], "not an institution"),
        (["simulate", "--adopt", "99.S9"], "no recommendation '99.S9'"),
        (["simulate", "--adopt", "13.S1", "--set", "13=100"], "separate what-ifs"),
        (["recommend", "--by-dimension", "--stability"], "separate views"),
    ],
)
def test_bad_input_is_one_line(runner, args, expected):
    one_error_line(runner.invoke(app, args), expected)


def test_an_assessment_without_recommendations(runner, tmp_path):
    from assessment_factory import write_assessment

    path = write_assessment(tmp_path / "md.ttl", "MD", 2024, {})
    result = runner.invoke(app, ["recommend", "--data", str(path), "--assessment", "MD-2024"])
    assert result.exit_code == 2 and "has no generated recommendations" in result.stderr
    args = ["recommend", "--data", str(path), "--assessment", "MD-2024", "--source", "reported"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "has no reported recommendations" in result.stderr
