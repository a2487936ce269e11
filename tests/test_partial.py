"""Partial assessments (issue 13): eggo import --partial, then score (only whole dimensions, the
others "n of m rated", never a mean over part), validate (missing ratings as info), recommend
(on what is rated) and report."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from questionnaires import BENCHMARKS, FD, fd_rows, write_csv

from eggo_graph.assessments import select_assessment
from eggo_graph.cli import app
from eggo_graph.scores import score_table
from eggo_graph.store import open_store

FIRST_40 = list(BENCHMARKS)[:40]  # dimensions 1 to 4 whole, 7 of dimension 5's 10


@pytest.fixture(scope="module")
def partial(tmp_path_factory) -> Path:
    from typer.testing import CliRunner

    tmp = tmp_path_factory.mktemp("partial")
    rows = fd_rows({code: {"progress": "red"} for code in FIRST_40[:6]})  # dimension 1 all red
    for row in rows:
        if row[0] not in FIRST_40:
            row[2] = row[3] = row[4] = ""
    out = tmp / "fd-2025.ttl"
    result = CliRunner().invoke(
        app, ["import", str(write_csv(tmp / "fd.csv", rows)), *FD, "--partial", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def test_score_scores_whole_dimensions_only(runner, partial):
    result = runner.invoke(app, ["score", "--data", str(partial), "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = {(r["level"], r["code"]): r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert (rows["dimension", "1"]["progress"], rows["dimension", "1"]["foresight"]) == (
        "0.0",
        "100.0",
    )
    assert rows["dimension", "2"]["progress"] == "50.0"
    # dimension 5: 7 of its 10 benchmarks rated, no number (a mean of 7 would be 50.0)
    assert (rows["dimension", "5"]["progress"], rows["dimension", "5"]["status"]) == (
        "",
        "7 of 10 rated",
    )
    assert rows["dimension", "6"]["status"] == "0 of 8 rated"
    assert rows["area", "A1"]["progress"] == "37.5"  # dimensions 1-4: (0 + 50 + 50 + 50) / 4
    assert (
        rows["area", "A2"]["progress"] == ""
        and "of 6 dimensions scored" in (rows["area", "A2"]["status"])
    )
    assert rows["overall", "all"]["progress"] == ""
    assert rows["overall", "all"]["status"] == "4 of 18 dimensions scored"


def test_ranking_leaves_out_what_is_not_whole(runner, partial):
    store = open_store([partial])
    from eggo_graph.scores import dimension_ranking

    fd = select_assessment(store, "FD-2025")
    assert not fd.complete
    ranking = dimension_ranking(store, fd)
    assert [(r.rank, r.code) for r in ranking] == [(1, "1"), (2, "2"), (2, "3"), (2, "4")]
    assert [r.level for r in score_table(store, fd)].count("dimension") == 18


def test_validate_lists_missing_ratings_as_info(runner, partial):
    result = runner.invoke(app, ["validate", "--data", str(partial), "-f", "json"])
    report = json.loads(result.stdout)
    assert result.exit_code == 0, result.stdout  # info does not fail
    missing = [f for f in report["findings"] if f["rule"] == "rating-missing"]
    assert len(missing) == 115 - 40 == report["info"]
    assert {f["assessment"] for f in missing} == {"FD-2025"}
    assert any("5.8 has no progress and foresight rating" in f["message"] for f in missing)
    assert not [f for f in report["findings"] if f["rule"] == "rating-complete"]


RECOMMENDATIONS = """\
@prefix eggo: <https://w3id.org/eggo/ontology#> .
@prefix fw: <https://w3id.org/eggo/framework/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rec: <https://example.org/fd/recommendation/> .

<https://example.org/fd/recommendations> a eggo:RecommendationSet ;
    eggo:assessment <https://w3id.org/eggo/assessment/fd-2025> .
rec:1.S1 a eggo:Recommendation ; skos:notation "1.S1" ;
    eggo:assessment <https://w3id.org/eggo/assessment/fd-2025> ; eggo:dimension fw:dimension-1 ;
    eggo:addresses fw:benchmark-1.2 ; eggo:horizon eggo:ShortTerm ; eggo:risk eggo:HighRisk ;
    eggo:recommendationText "Separate policymaking from implementation."@en .
rec:13.S1 a eggo:Recommendation ; skos:notation "13.S1" ;
    eggo:assessment <https://w3id.org/eggo/assessment/fd-2025> ; eggo:dimension fw:dimension-13 ;
    eggo:addresses fw:benchmark-13.4 ; eggo:horizon eggo:ShortTerm ; eggo:risk eggo:HighRisk ;
    eggo:recommendationText "Build a government data center."@en .
"""


def test_recommend_works_on_what_is_rated(runner, partial, tmp_path):
    recs = tmp_path / "fd-recommendations.ttl"
    recs.write_text(RECOMMENDATIONS, encoding="utf-8")
    result = runner.invoke(
        app,
        ["recommend", "--data", str(partial), "--data", str(recs), "-a", "FD-2025", "-f", "csv"],
    )
    assert result.exit_code == 0, result.output
    ids = [r["id"] for r in csv.DictReader(io.StringIO(result.stdout))]
    assert ids == ["1.S1"]  # dimension 13 is not rated yet


def test_report_of_a_partial_assessment(runner, partial, tmp_path):
    out = tmp_path / "fd.html"
    result = runner.invoke(app, ["report", "--data", str(partial), "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "7 of 10 rated" in html and "4 of 18 dimensions scored" in html


def test_compare_with_a_partial_assessment(runner, partial):
    """Dimensions the partial side has not scored have no change and no status change; the
    scored ones compare as usual."""
    args = ["compare", "UA-2018", "FD-2025", "-d", str(partial)]
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    by_code = {(s["level"], s["code"]): s for s in data["scores"]}
    scored = by_code[("dimension", "1")]
    assert scored["progress_b"] and scored["progress_change"].startswith(("+", "-", "0"))
    unscored = [s for s in data["scores"] if not s["progress_b"]]
    assert unscored and all(s["progress_change"] == "" for s in unscored)
    assert {(c["level"], c["code"]) for c in data["status_changes"]} <= {
        k for k, s in by_code.items() if s["progress_b"]
    }
    table = runner.invoke(app, args)
    assert table.exit_code == 0, table.output
    assert "not scored" in table.stdout and "–" in table.stdout
