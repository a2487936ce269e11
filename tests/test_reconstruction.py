"""The reconstruction model (eggo_graph/reconstruction.py, eggo reconstruct): counts against a
brute force on hand-made frameworks, a rule that forces a level, the published figures as exact
integer constraints, every violation rule covered, uniform sampling, the command's formats, and an
imported assessment with and without published figures."""

from __future__ import annotations

import itertools
import json
import random
from collections import Counter
from pathlib import Path

import pytest
from assessment_factory import assessment_graph, benchmark_dimensions
from questionnaires import FD
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from typer.testing import CliRunner

from eggo_graph import reconstruction as R
from eggo_graph.assessments import list_assessments, select_assessment
from eggo_graph.cli import app
from eggo_graph.namespaces import EGGO, FW
from eggo_graph.store import open_store
from eggo_graph.validation import load_rules, named_rules, rule_name

SH = "http://www.w3.org/ns/shacl#"


def tiny(
    progress: tuple[int, int, int],
    foresight: tuple[int, int, int],
    *,
    reported: tuple[float, float] | None,
    prerequisite: bool = False,
    absent_on: str | None = None,
) -> str:
    """A one-dimension framework (71.1, 71.2, 71.3) and one assessment, as Turtle."""
    lines = [
        "@prefix eggo: <https://w3id.org/eggo/ontology#> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix prov: <http://www.w3.org/ns/prov#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix t: <https://example.org/tiny/> .",
        "t:fw a eggo:Framework ; skos:notation 'TINY' ; skos:hasTopConcept t:area .",
        "t:area a eggo:Area ; skos:inScheme t:fw ; skos:notation 'A7' ; skos:prefLabel 'Area' .",
        "t:dim a eggo:Dimension ; skos:inScheme t:fw ; skos:broader t:area ; skos:notation '71' ;"
        " skos:prefLabel 'Tiny dimension' .",
        "t:a a eggo:Assessment ; rdfs:label 'Tiny' ; eggo:framework t:fw ;"
        " eggo:countryCode 'TY' ; eggo:year 2031 .",
    ]
    level = {0: "eggo:Red", 1: "eggo:Amber", 2: "eggo:Green"}
    for n in (1, 2, 3):
        code = f"71.{n}"
        lines.append(
            f"t:b{n} a eggo:Benchmark ; skos:inScheme t:fw ; skos:broader t:dim ;"
            f" skos:notation '{code}' ; skos:prefLabel 'Benchmark {code}' ."
        )
        claim = "eggo:AbsentClaim" if absent_on == code else "eggo:PartialClaim"
        lines.append(
            f"t:e{n} a eggo:SupportingPassage ; eggo:assessment t:a ; eggo:benchmark t:b{n} ;"
            f" eggo:quote 'Passage {code}.' ; eggo:sourceLine {n} ; eggo:claim {claim} ."
        )
        for aspect, lv in (("Progress", progress[n - 1]), ("Foresight", foresight[n - 1])):
            lines.append(
                f"t:r{n}{aspect} a eggo:Rating ; eggo:assessment t:a ; eggo:benchmark t:b{n} ;"
                f" eggo:aspect eggo:{aspect} ; eggo:level {level[lv]} ;"
                f" eggo:rationale 'Because {code} {aspect}.' ; prov:wasDerivedFrom t:e{n} ."
            )
    if reported:
        for aspect, pct in zip(("Progress", "Foresight"), reported, strict=True):
            lines.append(
                f"t:rep{aspect} a eggo:ReportedScore ; eggo:assessment t:a ; eggo:dimension t:dim ;"
                f" eggo:aspect eggo:{aspect} ; eggo:scorePercent {pct} ;"
                f" eggo:quote '71 {pct}%' ; eggo:sourceLine 9 ."
            )
    if prerequisite:
        lines.append(
            "t:pre a eggo:Prerequisite ; eggo:benchmark t:b2 ; eggo:presupposes t:b1 ;"
            " eggo:quote 'b2 needs b1.' ; eggo:sourceLine 4 ."
        )
    return "\n".join(lines) + "\n"


def problem_from(tmp_path: Path, ttl: str) -> tuple[R.Problem, object, object]:
    path = tmp_path / "tiny.ttl"
    path.write_text(ttl, encoding="utf-8")
    store = open_store([path], embedded=False)
    assessment = select_assessment(store, "TY-2031")
    return R.build_problem(store, assessment), store, assessment


def brute_force(problem: R.Problem) -> list[dict]:
    """Every assignment meeting the hard constraints, by trying them all."""
    keys = problem.keys
    found = []
    for values in itertools.product(range(3), repeat=len(keys)):
        x = dict(zip(keys, values, strict=True))
        if all(c.holds(x) for c in problem.hard):
            found.append(x)
    return found


def test_three_benchmark_dimension_count_matches_brute_force(tmp_path):
    # progress 50.0% (sum 3 of 6 half-points), foresight 66.7% (sum 4), 71.2 presupposes 71.1:
    # 4 progress triples and 4 foresight triples, counted by hand.
    ttl = tiny((2, 0, 1), (2, 1, 1), reported=(50.0, 66.7), prerequisite=True)
    problem, _, _ = problem_from(tmp_path, ttl)
    solution = R.solve(problem)
    assert solution.count == len(brute_force(problem)) == 16
    assert solution.dimension_count("71") == 16


def test_the_published_score_is_an_exact_range_on_the_sum():
    # A mean rounded half up to 0.1 is an integer range on the sum of half-points.
    from fractions import Fraction

    for n in range(1, 11):
        for s in range(2 * n + 1):
            exact = Fraction(100 * s, 2 * n)
            shown = Fraction(int(exact * 10 + Fraction(1, 2)), 10)  # half up
            low, high = R._score_range(shown, n)
            assert low <= s <= high
            assert all(
                Fraction(int(Fraction(100 * t, 2 * n) * 10 + Fraction(1, 2)), 10) == shown
                for t in range(low, high + 1)
            )


def test_a_rule_forces_a_level(tmp_path):
    # progress 83.3% is a sum of 5: two greens and an amber. An absent claim keeps 71.1 below
    # green, so 71.1 is forced amber, and the two others green.
    ttl = tiny((1, 2, 2), (1, 2, 2), reported=(83.3, 83.3), absent_on="71.1")
    problem, store, assessment = problem_from(tmp_path, ttl)
    report = R.reconstruct(store, assessment)
    forced = report.rating("71.1", "progress")
    assert forced.feasible == ["amber"]
    assert forced.forced
    rules = " ".join(forced.forced_by)
    assert "absent-claim-not-green" in rules and "reported-score-matches" in rules
    assert forced.sentence().startswith("forced by ")
    assert report.rating("71.2", "progress").feasible == ["green"]
    # foresight has no absent claim: any of the three places can hold the amber
    free = report.rating("71.1", "foresight")
    assert free.feasible == ["amber", "green"] and not free.forced
    assert free.sentence() == "feasible: amber, green; amber chosen because Because 71.1 Foresight."
    # without the absent claim, nothing is forced
    ttl = tiny((1, 2, 2), (1, 2, 2), reported=(83.3, 83.3))
    problem, store, assessment = problem_from(tmp_path, ttl)
    assert R.solve(problem).count == 9
    assert not R.reconstruct(store, assessment).rating("71.1", "progress").forced


def test_check_names_the_broken_constraint(tmp_path):
    ttl = tiny((2, 2, 2), (2, 2, 2), reported=(50.0, 100.0))
    (tmp_path / "bad.ttl").write_text(ttl, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["reconstruct", "--check", "--no-embedded", "--data", str(tmp_path / "bad.ttl")]
    )
    assert result.exit_code == 1, result.output
    assert "reported score 71 progress 50.0%" in result.output
    assert "reported-score-matches" in result.output
    ok = tiny((2, 0, 1), (2, 2, 2), reported=(50.0, 100.0))
    (tmp_path / "ok.ttl").write_text(ok, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["reconstruct", "--check", "--no-embedded", "--data", str(tmp_path / "ok.ttl")]
    )
    assert result.exit_code == 0, result.output
    assert "meet its 2 published figures" in result.output


def test_sampling_is_uniform_where_enumeration_is_small(tmp_path):
    problem, _, _ = problem_from(
        tmp_path, tiny((2, 0, 1), (2, 1, 1), reported=(50.0, 66.7), prerequisite=True)
    )
    solution = R.solve(problem)
    rng = random.Random(7)
    draws = Counter(tuple(sorted(solution.sample(rng).items())) for _ in range(3200))
    assert len(draws) == 16
    assert all(120 <= n <= 280 for n in draws.values()), draws  # 200 expected each
    for x in draws:
        assert all(c.holds(dict(x)) for c in problem.hard)


def test_every_violation_rule_is_modelled_or_structural():
    rules = load_rules()
    severity = {
        rule_name(s): str(rules.value(s, URIRef(SH + "severity"))) for s in named_rules(rules)
    }
    violations = {n for n, s in severity.items() if s.endswith("Violation")}
    warnings = {n for n, s in severity.items() if s.endswith("Warning")}
    assert violations == R.MODELLED_RULES | R.STRUCTURAL_RULES
    assert warnings == R.SOFT_RULES


# ---------------------------------------------------------------- the embedded assessment


@pytest.fixture(scope="module")
def ukraine():
    store = open_store([])
    assessment = select_assessment(store, None)
    return store, assessment, R.build_problem(store, assessment)


def test_embedded_reconstruction_meets_the_model(ukraine):
    _, _, problem = ukraine
    broken, warnings, missing = R.check_given(problem)
    assert not broken and not missing and not warnings
    assert problem.figures == 36


def test_embedded_counts_match_brute_force_on_a_small_dimension(ukraine):
    store, assessment, problem = ukraine
    report = R.reconstruct(
        store, assessment, codes=[k[0] for k in problem.keys if k[0][:3] == "13."]
    )
    (d13,) = report.dimensions
    total = 1
    for aspect in R.ASPECTS:
        keys = [k for k in problem.keys if k[0].startswith("13.") and k[1] == aspect]
        cons = [c for c in problem.hard if set(c.keys) <= set(keys)]
        assert all(set(c.keys) <= set(keys) or not set(c.keys) & set(keys) for c in problem.hard)
        total *= sum(
            all(c.holds(dict(zip(keys, v, strict=True))) for c in cons)
            for v in itertools.product(range(3), repeat=len(keys))
        )
    assert d13.count == total
    for r in d13.ratings:
        assert r.level in r.feasible


def test_embedded_forced_rating_names_its_rule(ukraine):
    store, assessment, _ = ukraine
    report = R.reconstruct(store, assessment, codes=["14.4", "6.4"])
    r = report.rating("14.4", "progress")
    assert r.feasible == ["green"]
    assert any("fact-bound-respected" in f for f in r.forced_by)
    assert "6.4" in [x.code for d in report.dimensions for x in d.ratings]
    assert report.dimensions[0].tied_with == ["10", "18"]


# ---------------------------------------------------------------- the command


def test_command_formats(tmp_path):
    path = tmp_path / "tiny.ttl"
    path.write_text(tiny((2, 0, 1), (2, 1, 1), reported=(50.0, 66.7), prerequisite=True))
    base = ["reconstruct", "--no-embedded", "--data", str(path)]
    runner = CliRunner()
    out = runner.invoke(app, [*base, "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    (dim,) = data["dimensions"]
    assert dim["dimension"] == "71" and dim["count"] == 16
    by = {(r["code"], r["aspect"]): r for r in dim["ratings"]}
    assert by[("71.1", "progress")]["feasible"] == ["amber", "green"]
    assert by[("71.2", "progress")]["feasible"] == ["red", "amber"]
    out = runner.invoke(app, [*base, "--format", "csv"])
    assert out.output.splitlines()[0].startswith("dimension,code,aspect,level,forced,feasible")
    assert len(out.output.splitlines()) == 7
    out = runner.invoke(app, [*base, "--format", "ttl"])
    g = Graph().parse(data=out.output, format="turtle")
    counts = {int(o) for s, o in g.subject_objects(EGGO.feasibleAssignments)}
    assert 16 in counts
    assert len(set(g.subjects(RDF.type, EGGO.RatingLatitude))) == 6
    out = runner.invoke(app, base)
    assert out.exit_code == 0 and "Feasible reconstructions" in out.output


def test_imported_assessment_without_and_with_published_figures(tmp_path):
    codes = benchmark_dimensions()
    g = assessment_graph("XA", 2024, {c: (1, 1) for c in codes}, evidence=True)
    path = tmp_path / "xa.ttl"
    g.serialize(path, format="turtle")
    runner = CliRunner()
    out = runner.invoke(app, ["reconstruct", "--data", str(path), "-a", "XA-2024", "-f", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["published_figures"] == 0 and "no published figures" in data["note"]
    d12 = next(d for d in data["dimensions"] if d["dimension"] == "12")
    assert d12["count"] == 3**8  # four benchmarks, two aspects, nothing ties them
    # a reported score for dimension 12 progress (0.0%) forces all four red
    a = URIRef("https://example.org/assessment/xa-2024")
    rep = URIRef(f"{a}/reported-12-progress")
    for p, o in (
        (RDF.type, EGGO.ReportedScore),
        (EGGO.assessment, a),
        (EGGO.dimension, FW["dimension-12"]),
        (EGGO.aspect, EGGO.Progress),
        (EGGO.scorePercent, Literal(0.0)),
    ):
        g.add((rep, p, o))
    g.serialize(path, format="turtle")
    out = runner.invoke(app, ["reconstruct", "--data", str(path), "-a", "XA-2024", "-f", "json"])
    data = json.loads(out.output)
    assert data["published_figures"] == 1 and data["note"] == ""
    d12 = next(d for d in data["dimensions"] if d["dimension"] == "12")
    assert d12["count"] == 3**4
    progress = [r for r in d12["ratings"] if r["aspect"] == "progress"]
    assert all(r["feasible"] == ["red"] and r["forced"] for r in progress)
    check = runner.invoke(app, ["reconstruct", "--check", "--data", str(path), "-a", "XA-2024"])
    assert check.exit_code == 1 and "reported score 12 progress 0.0%" in check.output


# ---------------------------------------------------------------- the ranking over reconstructions


def test_rescored_inputs_match_the_graph_for_the_shipped_ratings(ukraine):
    from eggo_graph.recommend import read_ranking_inputs

    store, assessment, problem = ukraine
    inputs = read_ranking_inputs(store, assessment)
    recs, dims = R.rescored(problem, problem.given(), inputs.recommendations, inputs.dimensions)
    for mine, graph in zip(recs, inputs.recommendations, strict=True):
        assert mine.headroom == pytest.approx(graph.headroom), mine.id
    for code, d in inputs.dimensions.items():
        assert dims[code].progress == pytest.approx(d.progress)
        assert dims[code].foresight == pytest.approx(d.foresight)


def test_draws_are_distinct_and_all_when_few(tmp_path):
    problem, _, _ = problem_from(
        tmp_path, tiny((2, 0, 1), (2, 1, 1), reported=(50.0, 66.7), prerequisite=True)
    )
    solution = R.solve(problem)
    every = R.draw(solution, 100)
    assert len(every) == 16 and len({tuple(sorted(x.items())) for x in every}) == 16
    some = R.draw(solution, 5)
    assert len({tuple(sorted(x.items())) for x in some}) == 5


def test_recommend_stability_over_reconstructions():
    runner = CliRunner()
    out = runner.invoke(
        app, ["recommend", "--stability", "--over", "reconstructions", "4", "--format", "json"]
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["over"] == "reconstructions" and data["draws"] == 4
    assert data["feasible_reconstructions"] > 4
    assert -1 <= data["median_kendall_tau"] <= 1
    for row in data["rows"]:
        assert row["low_rank"] <= float(row["median_rank"]) <= row["high_rank"]
    bad = runner.invoke(app, ["recommend", "--over", "reconstructions", "4"])
    assert bad.exit_code == 2 and "--over only goes with --stability" in bad.output
    bad = runner.invoke(app, ["recommend", "--stability", "--over", "moods", "4"])
    assert bad.exit_code == 2


def test_generated_actions_are_derived_again_under_each_draw(ukraine, tmp_path):
    from eggo_graph.recommend import (
        Source,
        generated_recommendations,
        rank_recommendations,
        read_ranking_inputs,
    )
    from eggo_graph.resources import DATA_DIR

    store, assessment, problem = ukraine
    relevelled = R.RelevelledStore(store, assessment, problem)
    shipped = generated_recommendations(store, assessment)
    # the shipped levels give back the shipped list, field for field
    assert relevelled.generated(problem.given()) == shipped
    x = R.draw(R.solve(problem), 1, seed=5)[0]
    drawn = relevelled.generated(x)
    assert {r.id for r in drawn} != {r.id for r in shipped}
    # the same list as the rules give on a file with those levels, loaded afresh
    g = Graph().parse(DATA_DIR / "assessments" / "ukraine-2018.ttl")
    name = {w: EGGO[lv.capitalize()] for w, lv in enumerate(R.LEVELS)}
    for v in problem.ratings:
        g.set((URIRef(v.rating), EGGO.level, name[x[v.key]]))
    path = tmp_path / "ua-drawn.ttl"
    g.serialize(path, format="turtle")
    others = [
        p for p in sorted(DATA_DIR.glob("*/ukraine-2018.ttl")) if p.parent.name != "assessments"
    ]
    fresh = open_store([path, *others], embedded=False)
    assert drawn == generated_recommendations(fresh, select_assessment(fresh, "UA-2018"))
    # the user's store still holds the shipped list
    assert generated_recommendations(store, assessment) == shipped
    # ranked over three draws: the actions come and go, so generated ones were not ignored
    inputs = read_ranking_inputs(store, assessment, Source.generated)
    result = R.stability_over_reconstructions(store, assessment, inputs, 3)
    assert result.generated and result.draws == 3
    base = {r.id for r in shipped}
    ranked = rank_recommendations(store, assessment, inputs=inputs)  # as eggo recommend ranks
    assert [(s.id, s.baseline_rank) for s in result.rows][: len(base)] == [
        (p.recommendation.id, p.rank) for p in ranked
    ]
    assert any(s.appears < 3 for s in result.rows if s.id in base)
    assert any(s.baseline_rank is None and s.appears > 0 for s in result.rows)
    assert result.missing > 0 and result.added > 0
    for s in result.rows:
        if s.appears:
            assert s.low_rank <= s.median_rank <= s.high_rank
        else:
            assert s.median_rank is None and s.id in base


FD_2025 = Path(__file__).parents[1] / "docs" / "examples" / "fd-2025.csv"


def test_stability_over_reconstructions_of_an_imported_assessment(tmp_path):
    runner = CliRunner()
    imported = tmp_path / "fd-2025.ttl"  # the shipped questionnaire, work in progress
    made = runner.invoke(app, ["import", str(FD_2025), *FD, "--partial", "-o", str(imported)])
    assert made.exit_code == 0, made.output
    args = ["recommend", "--stability", "--over", "reconstructions", "3", "-a", "FD-2025"]
    # without published figures its ratings were assessed: nothing to vary, said in one line
    out = runner.invoke(app, [*args, "--data", str(imported)])
    assert out.exit_code == 2 and "Traceback" not in out.output
    (line,) = [x for x in out.stderr.splitlines() if x.strip()]
    assert line.startswith("eggo: error: --over reconstructions: FD-2025 has no published figures")
    assert "--over weights" in line
    # with dimension 1's published progress (5 of 12 half-points: 41.7%), draws vary the rest
    score = tmp_path / "fd-2025-scores.ttl"
    score.write_text(
        "@prefix eggo: <https://w3id.org/eggo/ontology#> .\n"
        "<https://w3id.org/eggo/assessment/fd-2025/reported-1-progress> a eggo:ReportedScore ;\n"
        "  eggo:assessment <https://w3id.org/eggo/assessment/fd-2025> ;\n"
        "  eggo:dimension <https://w3id.org/eggo/framework/dimension-1> ;\n"
        "  eggo:aspect eggo:Progress ; eggo:scorePercent 41.7 .\n",
        encoding="utf-8",
    )
    data = ["--data", str(imported), "--data", str(score)]
    check = runner.invoke(app, ["reconstruct", "--check", *data, "-a", "FD-2025", "-f", "json"])
    assert json.loads(check.stdout)["published_figures"] == 1
    out = runner.invoke(app, [*args, *data, "--format", "json"])
    assert out.exit_code == 0, out.output
    result = json.loads(out.stdout)
    assert result["source"] == "generated" and result["generated_derived_per_draw"]
    assert result["draws"] == 3
    rows = result["rows"]
    assert rows and all(r["draws"] <= 3 for r in rows)
    dims = {r["id"].split(".")[0] for r in rows}
    assert dims <= {"1", "2", "3", "4", "5"}  # the rated dimensions only (work in progress)
    assert any(r["draws"] < 3 or r["rank"] is None for r in rows)
    # the scratch copy leaves out the other assessments (UA-2018), and gives back FD's own list
    from eggo_graph.recommend import generated_recommendations

    store = open_store([imported, score])
    fd = select_assessment(store, "FD-2025")
    problem = R.build_problem(store, fd)
    relevelled = R.RelevelledStore(store, fd, problem)
    assert relevelled.generated(problem.given()) == generated_recommendations(store, fd)
    kept = {a.id for a in list_assessments(relevelled.copy)}
    assert kept == {"FD-2025"} and "UA-2018" in {a.id for a in list_assessments(store)}
