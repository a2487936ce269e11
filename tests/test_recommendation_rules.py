"""The recommendation rules (rules/recommendations/): each family fires where it should and stays
quiet where it must; laws on random assessments (hypothesis); the action library; and an imported
questionnaire end to end through recommend, simulate and report."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest
from assessment_factory import assessment_graph, benchmark_dimensions
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from eggo_graph.assessments import select_assessment
from eggo_graph.cli import app
from eggo_graph.namespaces import EGGO, FW
from eggo_graph.recommend import (
    generated_recommendations,
    rank_recommendations,
    read_ranking_inputs,
)
from eggo_graph.recommendation_rules import (
    construct,
    generate,
    generated_graph,
    recommendation_rules,
)
from eggo_graph.resources import DATA_DIR
from eggo_graph.store import open_store

BENCHMARKS = benchmark_dimensions()
A = "https://example.org/assessment/md-2024"
OTHER = "https://example.org/assessment/zz-2024"
ORG = "https://example.org/org/"


def _landscape(owner: str, mandates: list[tuple[str, URIRef, URIRef, str]], overlaps=()) -> Graph:
    """A landscape of `owner` with mandates (key, agent role, status, field) and overlap pairs."""
    g = Graph()
    land = URIRef(owner + "/landscape")
    g.add((land, RDF.type, EGGO.Landscape))
    g.add((land, EGGO.assessment, URIRef(owner)))
    for key, role, status, field in mandates:
        body, _, _ = key.partition("-")
        agent = URIRef(ORG + body)
        g.add((agent, SKOS.prefLabel, Literal(f"Body {body.upper()}", lang="en")))
        g.add((agent, EGGO.abbreviation, Literal(body.upper())))
        m = URIRef(ORG + "mandate/" + key)
        g.add((m, RDF.type, EGGO.Mandate))
        g.add((m, EGGO.agent, agent))
        g.add((m, EGGO.role, role))
        g.add((m, EGGO.mandateStatus, status))
        g.add((m, EGGO.field, Literal(field)))
    for x, y in overlaps:
        g.add((URIRef(ORG + "mandate/" + x), EGGO.overlapsWith, URIRef(ORG + "mandate/" + y)))
    return g


def _evidence(code: str, claim: URIRef, **indicator) -> Graph:
    g = Graph()
    e = URIRef(f"{A}/claim-{code}")
    g.add((e, RDF.type, EGGO.SupportingPassage))
    g.add((e, EGGO.assessment, URIRef(A)))
    g.add((e, EGGO.benchmark, FW[f"benchmark-{code}"]))
    g.add((e, EGGO.quote, Literal(f"A passage about {code}.")))
    g.add((e, EGGO.claim, claim))
    for key, value in indicator.items():
        g.add((e, EGGO[key], Literal(value)))
    return g


DUAL = [
    ("abc-p", EGGO.PolicymakingRole, EGGO.InForce, "e-government"),
    ("abc-i", EGGO.ImplementationRole, EGGO.InForce, "e-government"),
]
OVERLAP = [
    ("abc-c", EGGO.CoordinationRole, EGGO.InForce, "services"),
    ("def-c", EGGO.CoordinationRole, EGGO.InForce, "services"),
]
HOUSEHOLDS = {"indicator": "households with internet access", "unit": "percent"}

# rule -> (benchmark it acts on, fires: (ratings, extra graphs), quiet: (ratings, extra graphs))
CASES = {
    "no-plan": ("13.4", ({"13.4": (0, 0)}, []), ({"13.4": (0, 1)}, [])),
    "plan-not-delivered": ("13.4", ({"13.4": (0, 1)}, []), ({"13.4": (1, 1)}, [])),
    "partial": ("13.4", ({"13.4": (1, 1)}, []), ({"13.4": (1, 2)}, [])),
    "prerequisite-first": (
        "6.6",
        ({"6.7": (0, 0), "6.6": (1, 2)}, []),
        ({"6.7": (0, 0), "6.6": (2, 2)}, []),
    ),
    "absent": (
        "13.4",
        ({"13.4": (0, 2)}, [_evidence("13.4", EGGO.AbsentClaim)]),
        ({"13.4": (2, 2)}, [_evidence("13.4", EGGO.AbsentClaim)]),
    ),
    "formal-only": (
        "1.1",
        ({"1.1": (1, 2)}, [_evidence("1.1", EGGO.FormalClaim)]),
        ({"1.1": (1, 2)}, [_evidence("1.1", EGGO.PartialClaim)]),
    ),
    "indicator-below-band": (
        "7.1",
        ({"7.1": (1, 2)}, [_evidence("7.1", EGGO.IndicatorClaim, indicatorValue=55, **HOUSEHOLDS)]),
        ({"7.1": (1, 2)}, [_evidence("7.1", EGGO.IndicatorClaim, indicatorValue=85, **HOUSEHOLDS)]),
    ),
    "dual-role": (
        "1.2",
        ({"1.2": (1, 2)}, [_landscape(A, DUAL)]),
        ({"1.2": (1, 2)}, [_landscape(OTHER, DUAL)]),  # another country's landscape
    ),
    "overlapping-mandates": (
        "2.5",
        ({"2.5": (1, 2)}, [_landscape(A, OVERLAP, [("abc-c", "def-c")])]),
        ({"2.5": (2, 2)}, [_landscape(A, OVERLAP, [("abc-c", "def-c")])]),  # green on both
    ),
}


def _store(tmp_path: Path, ratings: dict, extras: list[Graph], name: str = "case"):
    folder = tmp_path / name
    folder.mkdir()
    files = [folder / "assessment.ttl"]
    g = assessment_graph("MD", 2024, ratings)
    for extra in extras:
        if (None, RDF.type, EGGO.Landscape) not in extra:
            g += extra
    g.serialize(files[0], format="turtle")
    for n, extra in enumerate(e for e in extras if (None, RDF.type, EGGO.Landscape) in e):
        files.append(folder / f"landscape-{n}.ttl")
        extra.serialize(files[-1], format="turtle")
    store = open_store(files, embedded=False)
    return store, select_assessment(store, "MD-2024")


def _fired(store, assessment) -> dict[str, set[str]]:
    """benchmark code -> the rules that fired on its recommendation"""
    return {r.benchmarks[0]: set(r.rules) for r in generated_recommendations(store, assessment)}


def test_every_rule_has_a_case():
    stage1 = {r.name for r in recommendation_rules() if r.stage == 1}
    assert stage1 == set(CASES)
    for r in recommendation_rules():
        assert r.summary and r.description, r.name


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_fires(tmp_path, rule):
    code, (ratings, extras), _ = CASES[rule]
    store, a = _store(tmp_path, ratings, extras)
    assert rule in _fired(store, a).get(code, set()), _fired(store, a)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_stays_quiet(tmp_path, rule):
    code, _, (ratings, extras) = CASES[rule]
    store, a = _store(tmp_path, ratings, extras)
    assert rule not in _fired(store, a).get(code, set()), _fired(store, a)


def test_a_recommendation_carries_its_rule_triggers_horizon_and_risk(tmp_path):
    store, a = _store(tmp_path, {"6.7": (0, 0), "6.6": (1, 2)}, [])
    recs = {r.id: r for r in generated_recommendations(store, a)}
    assert set(recs) == {"6.7-plan", "6.6-deliver"}
    first = recs["6.6-deliver"]
    assert first.rules == ("plan-not-delivered", "prerequisite-first")
    assert first.unblocks == ("6.7",) and first.horizon == "short"  # do-first is short term
    assert "6.6 progress amber" in {t.description for t in first.triggers}
    assert "prerequisite: 6.7 presupposes 6.6" in {t.description for t in first.triggers}
    assert "rests on it" in first.text and first.text.startswith("Put an effective")
    assert recs["6.7-plan"].horizon == "short" and recs["6.7-plan"].risk == "High"
    # the prerequisite ranks above what it unblocks, whatever the scores say
    ranked = rank_recommendations(store, a, inputs=read_ranking_inputs(store, a, "generated"))
    assert [p.recommendation.id for p in ranked] == ["6.6-deliver", "6.7-plan"]
    # what the rules infer lives in the assessment's own generated graph
    assert generated_graph(A) in store.graphs()


def test_duplicates_merge_keeping_every_trigger(tmp_path):
    store, a = _store(tmp_path, {"13.4": (0, 0)}, [_evidence("13.4", EGGO.AbsentClaim)])
    (rec,) = generated_recommendations(store, a)
    assert rec.id == "13.4-plan" and rec.rules == ("absent", "no-plan")
    assert {t.rule for t in rec.triggers} == {"absent", "no-plan"}
    assert rec.text.count("Set up a modern") == 1


def test_institutions_are_named(tmp_path):
    store, a = _store(tmp_path, {"1.2": (1, 2)}, [_landscape(A, DUAL)])
    (rec,) = generated_recommendations(store, a)
    assert rec.institutions == ("ABC",) and "ABC holds both" in rec.text


def test_risk_is_monotone_in_the_dimension_status(tmp_path):
    weak, _ = _store(tmp_path, {c: (0, 0) for c, d in BENCHMARKS.items() if d == "7"}, [], "weak")
    strong_ratings = {c: (2, 2) for c, d in BENCHMARKS.items() if d == "7"} | {"7.1": (1, 1)}
    strong, _ = _store(tmp_path, strong_ratings, [], "strong")
    risk = {
        name: {r.risk for r in generated_recommendations(s, select_assessment(s, "MD-2024"))}
        for name, s in (("weak", weak), ("strong", strong))
    }
    assert risk == {"weak": {"High"}, "strong": {"Low"}}


def test_the_rules_run_as_constructs_and_infer_the_same(tmp_path):
    """generate (stage by stage, with ids and texts) adds exactly what each CONSTRUCT gives."""
    ratings = {"6.7": (0, 0), "6.6": (1, 2), "13.4": (1, 1), "1.2": (0, 1)}
    store, _ = _store(tmp_path, ratings, [_landscape(A, DUAL)])
    stage1 = [q for r in recommendation_rules() if r.stage == 1 for q in construct(store, r)]
    fresh, _ = _store(tmp_path, ratings, [_landscape(A, DUAL)], "again")
    fresh.oxigraph.extend(stage1)
    stage2 = [q for r in recommendation_rules() if r.stage == 2 for q in construct(fresh, r)]
    reference = set(stage1) | set(stage2)
    generate(store)
    extra = {str(EGGO.recommendationText), str(SKOS.notation), str(EGGO.origin)}
    got = {
        q
        for q in store.oxigraph
        if q.graph_name.value.endswith("/generated") and q.predicate.value not in extra
    }
    assert got == reference and got


# ---------------------------------------------------------------- the action library


def test_one_country_neutral_editorial_action_per_benchmark():
    actions = Graph().parse(DATA_DIR / "framework" / "eggo-actions.ttl")
    landscape = Graph().parse(DATA_DIR / "institutions" / "ukraine-2018.ttl")
    names = {
        str(o) for p in (SKOS.prefLabel, EGGO.abbreviation) for o in landscape.objects(None, p)
    }
    names = {n for n in names if len(n) > 2}
    found = {}
    for action in actions.subjects(RDF.type, EGGO.Action):
        text = str(actions.value(action, EGGO.actionText))
        assert actions.value(action, EGGO.origin) == EGGO.Editorial
        assert actions.value(action, EGGO.rationale)
        assert not [n for n in names if n in text], (text, [n for n in names if n in text])
        found[str(actions.value(action, SKOS.notation))] = action
    assert set(found) == set(BENCHMARKS)


def test_precedents_quote_the_annex_2_recommendations_addressing_the_benchmark():
    actions = Graph().parse(DATA_DIR / "framework" / "eggo-actions.ttl")
    recs = Graph().parse(DATA_DIR / "recommendations" / "ukraine-2018.ttl")
    pairs = 0
    for action in actions.subjects(RDF.type, EGGO.Action):
        b = actions.value(action, EGGO.benchmark)
        cited = {
            actions.value(p, EGGO.recommendation) for p in actions.objects(action, EGGO.precedent)
        }
        assert cited == set(recs.subjects(EGGO.addresses, b))
        for p in actions.objects(action, EGGO.precedent):
            rec = actions.value(p, EGGO.recommendation)
            assert actions.value(p, EGGO.quote) == recs.value(rec, EGGO.quote)
            assert (p, RDF.type, EGGO.Recommendation) not in actions  # never a recommendation
            pairs += 1
    assert pairs > 100


# ---------------------------------------------------------------- laws (hypothesis)


def _random_ratings(seed: int) -> dict[str, tuple[int, int]]:
    rng = random.Random(seed)
    out = {}
    for code in BENCHMARKS:
        p = rng.choice([0, 0, 1, 2, 2, 2])
        out[code] = (p, rng.randint(p, 2))
    return out


def _run(tmp_path: Path, ratings, name: str):
    store, a = _store(tmp_path, ratings, [], name)
    return store, a, generated_recommendations(store, a)


LAWS = settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@LAWS
@given(seed=st.integers(0, 10**6), pick=st.integers(0, 10**6))
def test_laws_on_random_assessments(tmp_path_factory, seed, pick):
    tmp = tmp_path_factory.mktemp("laws")
    ratings = _random_ratings(seed)
    store, a, recs = _run(tmp, ratings, "before")
    acted = {r.benchmarks[0] for r in recs}
    # a benchmark green on both aspects never gets an action
    assert not {c for c in acted if ratings[c] == (2, 2)}
    # red foresight gets a plan action (here always: prerequisites add, never replace)
    for code, (_, f) in ratings.items():
        if f == 0:
            assert any(r.id == f"{code}-plan" for r in recs), code
    # the contributions add up to the score
    for p in rank_recommendations(store, a, inputs=read_ranking_inputs(store, a, "generated")):
        assert abs(sum(p.contributions.values()) - p.score) < 1e-9
    # lowering a rating never removes an action
    codes = sorted(ratings)
    code = codes[pick % len(codes)]
    p, f = ratings[code]
    lowered = dict(ratings)
    lowered[code] = (p - 1, f) if p > 0 else ((p, f - 1) if f > p else (p, f))
    _, _, after = _run(tmp, lowered, "after")
    assert acted <= {r.benchmarks[0] for r in after}


@LAWS
@given(seed=st.integers(0, 10**6))
def test_ids_are_the_same_across_runs_and_load_orders(tmp_path_factory, seed):
    tmp = tmp_path_factory.mktemp("ids")
    files = []
    for n, country in enumerate(("MD", "ZZ")):
        path = tmp / f"{country}.ttl"
        assessment_graph(country, 2024, _random_ratings(seed + n)).serialize(path, format="turtle")
        files.append(path)

    def listing(paths):
        store = open_store(paths, embedded=False)
        return {
            sel: [
                (r.id, r.text, r.horizon, r.risk)
                for r in generated_recommendations(store, select_assessment(store, sel))
            ]
            for sel in ("MD-2024", "ZZ-2024")
        }

    assert listing(files) == listing(files[::-1]) == listing(files)


# ---------------------------------------------------------------- end to end


def test_an_imported_questionnaire_through_recommend_simulate_and_report(runner, tmp_path):
    template = runner.invoke(app, ["import", "--template"])
    assert template.exit_code == 0
    rows = list(csv.reader(template.stdout.splitlines()))
    rng = random.Random(12)
    for row in rows[1:]:
        p = rng.choice(["red", "amber", "green"])
        row[2], row[3] = p, ("green" if p == "green" else rng.choice([p, "green"]))
        row[4] = f"Where {row[0]} stands."
    questionnaire = tmp_path / "q.csv"
    with questionnaire.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    ttl = tmp_path / "fd-2025.ttl"
    args = ["import", str(questionnaire), "--country", "FD", "--year", "2025", "-o", str(ttl)]
    assert runner.invoke(app, args).exit_code == 0
    base = ["--data", str(ttl), "--assessment", "FD-2025"]
    result = runner.invoke(app, ["recommend", *base, "--format", "json"])
    assert result.exit_code == 0, result.output
    recs = json.loads(result.stdout)
    expected = {r[0] for r in rows[1:] if (r[2], r[3]) != ("green", "green")}
    assert {r["benchmarks"][0] for r in recs} == expected
    assert all(r["source"] == "generated" and r["rule"] and r["triggers"] for r in recs)
    assert [r["rank"] for r in recs] == list(range(1, len(recs) + 1))
    explained = runner.invoke(app, ["recommend", *base, "--explain", "--top", "1"])
    assert "rules:" in explained.stdout and recs[0]["id"] in explained.stdout
    adopt = runner.invoke(app, ["simulate", *base, "--adopt", recs[0]["id"], "-f", "json"])
    assert adopt.exit_code == 0, adopt.output
    by_dim = runner.invoke(app, ["recommend", *base, "--by-dimension", "-f", "json"])
    assert by_dim.exit_code == 0 and len(json.loads(by_dim.stdout)) == 18
    html = tmp_path / "fd.html"
    assert runner.invoke(app, ["report", *base, "-o", str(html)]).exit_code == 0
    page = html.read_text(encoding="utf-8")
    assert "generated by the recommendation rules" in page and recs[0]["id"] in page


def test_ukraine_keeps_its_own_list_by_default_and_can_have_both(runner):
    reported = json.loads(runner.invoke(app, ["recommend", "-f", "json"]).stdout)
    assert {r["source"] for r in reported} == {"reported"} and len(reported) == 104
    both = json.loads(runner.invoke(app, ["recommend", "--source", "all", "-f", "json"]).stdout)
    assert {r["source"] for r in both} == {"reported", "generated"}
