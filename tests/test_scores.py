"""Scores are computed from the ratings by SPARQL, and reproduce the report (Annex 1, Table 1)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

from helpers import GOLDEN

from eggo_graph.assessments import select_assessment
from eggo_graph.cli import app
from eggo_graph.load import parse_file
from eggo_graph.queries import run
from eggo_graph.resources import DATA_DIR, ONTOLOGY_DIR, assessment_files, method_files
from eggo_graph.scenarios import simulate
from eggo_graph.scores import dimension_rows, dimension_scores, score_table
from eggo_graph.store import OxigraphStore, open_store


def annex_1(source_text: str) -> dict[str, tuple[str, str, str]]:
    """Annex 1 read straight from the report: dimension code -> (progress, foresight, status)."""
    annex = source_text.split("## Annex 1", 1)[1].split("## Annex 2", 1)[0]
    rows = re.findall(r"(\d+)-[^\t\n]+\t([\d.]+)%\t([\d.]+)%\t(\w+)", annex)
    return {code: (p, f, s.upper()) for code, p, f, s in rows}


def table_1(source_text: str) -> list[tuple[str, str, str]]:
    """Table 1 read straight from the report: (number, average, status)."""
    block = source_text.split("Table 1. Foresight Scenarios", 1)[1][:800]
    return re.findall(r"^(\d)\t[^\t]+\t([\d.]+)%\t(\w+)$", block, flags=re.M)


def test_score_csv_matches_golden(runner):
    result = runner.invoke(app, ["score", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (GOLDEN / "score.csv").read_text()


def test_dimension_scores_reproduce_annex_1(store, ukraine, source_text):
    expected = annex_1(source_text)
    assert len(expected) == 18
    got = {r.code: (r.progress, r.foresight, r.status) for r in dimension_scores(store, ukraine)}
    assert got == expected


def test_dimension_scores_agree_with_reported_figures_in_graph(store, ukraine):
    reported = {
        (str(r["code"]), str(r["aspect"])): (Decimal(str(r["score"])), str(r.get("status", "")))
        for r in store.select(
            """SELECT ?code ?aspect ?score ?status WHERE {
                 ?r a eggo:ReportedScore ; eggo:dimension/skos:notation ?code ;
                    eggo:aspect/rdfs:label ?aspect ; eggo:scorePercent ?score .
                 OPTIONAL { ?r eggo:status/skos:notation ?status } }"""
        )
    }
    assert len(reported) == 36
    for row in dimension_scores(store, ukraine):
        assert Decimal(row.progress) == reported[(row.code, "progress")][0]
        assert Decimal(row.foresight) == reported[(row.code, "foresight")][0]
        assert row.status == reported[(row.code, "progress")][1]


def test_area_and_overall_rows(store, ukraine):
    rows = score_table(store, ukraine)
    levels = [r.level for r in rows]
    assert levels == ["dimension"] * 18 + ["area"] * 5 + ["overall"]
    areas = {r.code: r for r in rows if r.level == "area"}
    assert list(areas) == ["A1", "A2", "A3", "A4", "A5"]
    # the report: "the report's 56.8% for the foresight of Infrastructure and security"
    assert areas["A4"].foresight == "56.8"
    overall = rows[-1]
    assert (overall.code, overall.name) == ("all", "Overall")


def test_area_score_is_mean_of_dimension_scores_not_of_benchmarks(store, ukraine):
    rows = dimension_rows(store, ukraine)
    a4 = [Decimal(str(r["foresightExact"])) for r in rows if str(r["areaCode"]) == "A4"]
    area = [
        r for r in run(store, "scores", {"assessment": ukraine.term}) if str(r["level"]) == "area"
    ]
    a4_area = next(Decimal(str(r["foresightExact"])) for r in area if str(r["areaCode"]) == "A4")
    assert abs(a4_area - sum(a4) / len(a4)) < Decimal("1e-12")


def test_rounding_is_half_up(store, ukraine):
    """Dimension 4's progress is exactly 56.25 (4.5 of 8); the report prints 56.3, not 56.2."""
    rows = dimension_rows(store, ukraine)
    d4 = next(r for r in rows if str(r["dimensionCode"]) == "4")
    assert Decimal(str(d4["progressExact"])) == Decimal("56.25")
    assert dimension_scores(store, ukraine)[3].progress == "56.3"


def test_simulate_reproduces_table_1(store, ukraine, source_text):
    expected = table_1(source_text)
    assert len(expected) == 4
    got = [(r.scenario, r.average, r.status) for r in simulate(store, ukraine)]
    assert got == expected


def test_simulate_csv_matches_golden(runner):
    result = runner.invoke(app, ["simulate", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (GOLDEN / "simulate.csv").read_text()
    assert result.stdout.splitlines()[0] == "scenario,name,average,status"


def test_what_if_is_the_exact_mean_with_the_targets(store, ukraine):
    rows = dimension_rows(store, ukraine)
    exact = {str(r["dimensionCode"]): Fraction(str(r["foresightExact"])) for r in rows}
    exact.update({"13": Fraction(100), "15": Fraction(55)})
    mean = sum(exact.values()) / len(exact)
    expected = (Decimal(mean.numerator) / Decimal(mean.denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    what_if = simulate(store, ukraine, ["13=100", "15=55"])[-1]
    assert what_if.scenario == "what-if"
    assert what_if.average == str(expected)
    # the temporary scenario is gone afterwards
    assert [r.scenario for r in simulate(store, ukraine)] == ["1", "2", "3", "4"]


def test_what_if_equal_to_table_1_scenario_4(store, ukraine):
    rows = simulate(store, ukraine, ["3=100", "11=100", "12=100", "13=100", "15=100"])
    assert rows[-1].average == rows[3].average


def _edited_copy(tmp_path: Path, old: str, new: str) -> Path:
    src = DATA_DIR / "assessments" / "ukraine-2018.ttl"
    text = src.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    out = tmp_path / "ukraine-2018-edited.ttl"
    out.write_text(text.replace(old, new), encoding="utf-8")
    return out


def test_scores_follow_an_edited_rating(tmp_path):
    """Scores are computed, not stored: raising 3.3's progress from red to amber lifts
    dimension 3 from 25.0 (beginner) to 30.0 (follower)."""
    rating = "ua18:rating-3.3-progress a eggo:Rating ;"
    text = (DATA_DIR / "assessments" / "ukraine-2018.ttl").read_text(encoding="utf-8")
    block = text[text.index(rating) :].split(" .\n", 1)[0]
    assert "eggo:level eggo:Red" in block
    edited = _edited_copy(
        tmp_path, block, block.replace("eggo:level eggo:Red", "eggo:level eggo:Amber")
    )
    store = open_store([edited], embedded=False)
    a = select_assessment(store)
    rows = {r.code: r for r in score_table(store, a)}
    assert (rows["3"].progress, rows["3"].status) == ("30.0", "FOLLOWER")
    assert rows["A1"].progress != "39.8"
    assert rows["4"].progress == "56.3"  # other dimensions are untouched


def test_status_thresholds_come_from_the_ontology(tmp_path):
    """Moving the beginner/follower boundary in the ontology moves the statuses with it."""
    onto = (ONTOLOGY_DIR / "eggo.ttl").read_text(encoding="utf-8")
    assert onto.count("eggo:scoreAtMost 25 .") == 1 and onto.count("eggo:scoreAbove 25 ;") == 1
    moved = onto.replace("eggo:scoreAtMost 25 .", "eggo:scoreAtMost 20 .").replace(
        "eggo:scoreAbove 25 ;", "eggo:scoreAbove 20 ;"
    )
    (tmp_path / "eggo.ttl").write_text(moved, encoding="utf-8")
    store = OxigraphStore()
    for f in [tmp_path / "eggo.ttl", *method_files()[1:], *assessment_files()]:
        store.add(parse_file(f))
    rows = {r.code: r.status for r in dimension_scores(store, select_assessment(store))}
    assert rows["3"] == "FOLLOWER"  # 25.0 is now above the beginner bound
    assert rows["15"] == "BEGINNER"  # 20.0 is still at most 20
