"""Many assessments side by side: eggo score --all, eggo compare, eggo generate, and command-line
values (ids, codes, params) that are treated as plain names, never as SPARQL."""

from __future__ import annotations

import csv
import io
import json

import pytest
from assessment_factory import benchmark_dimensions, write_assessment
from helpers import GOLDEN, one_error_line

from eggo_graph.assessments import list_assessments
from eggo_graph.cli import app
from eggo_graph.compare import compare_assessments
from eggo_graph.queries import run
from eggo_graph.scores import score_all, score_table
from eggo_graph.store import open_store

BENCHMARKS = benchmark_dimensions()
CRAFTED = 'x" } ; DROP ALL ; { "'


@pytest.fixture(scope="module")
def two_more(tmp_path_factory):
    """XX-2030 (all amber, foresight green) and XX-2031 (one benchmark raised, 13.1 green)."""
    tmp = tmp_path_factory.mktemp("many")
    base = {code: (1, 2) for code in BENCHMARKS}
    a = write_assessment(tmp / "xx-2030.ttl", "XX", 2030, base)
    b = write_assessment(tmp / "xx-2031.ttl", "XX", 2031, {**base, "13.1": (2, 2)})
    return a, b


def test_score_all_lists_every_assessment(runner, two_more):
    a, b = two_more
    result = runner.invoke(app, ["score", "--all", "-d", str(a), "-d", str(b), "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["assessment"] for r in rows[::24]] == ["UA-2018", "XX-2030", "XX-2031"]
    golden = (GOLDEN / "score.csv").read_text().splitlines()
    ua = [line.split(",", 1)[1] for line in result.stdout.splitlines()[1:25]]
    assert ua == golden[1:]
    xx31 = {r["code"]: r for r in rows if r["assessment"] == "XX-2031"}
    assert xx31["13"]["progress"] == f"{(6 * 50 + 100) / 7:.1f}"


def test_score_all_equals_scoring_each_one(two_more):
    store = open_store(list(two_more))
    together = {a.id: rows for a, rows in score_all(store)}
    assert together == {a.id: score_table(store, a) for a in list_assessments(store)}


def test_score_all_names_the_assessment_that_cannot_be_scored(runner, two_more, tmp_path):
    broken = write_assessment(tmp_path / "yy-2030.ttl", "YY", 2030, {"1.1": (0, 0)})
    line = one_error_line(runner.invoke(app, ["score", "--all", "-d", str(broken)]))
    assert "YY-2030" in line and "no rating" in line


def test_compare(runner, two_more):
    a, b = two_more
    args = ["compare", "XX-2030", "XX-2031", "-d", str(a), "-d", str(b)]
    data = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    assert (data["a"], data["b"]) == ("XX-2030", "XX-2031")
    assert data["rating_changes"] == [
        {
            "code": "13.1",
            "name": "Data center infrastructure meets the minimum requirements",
            "aspect": "progress",
            "level_a": "amber",
            "level_b": "green",
            "change": "+50",
        }
    ]
    d13 = next(s for s in data["scores"] if s["level"] == "dimension" and s["code"] == "13")
    assert (d13["progress_a"], d13["progress_b"], d13["progress_change"]) == (
        "50.0",
        "57.1",
        "+7.1",
    )
    assert (d13["status_a"], d13["status_b"]) == ("FOLLOWER", "PERFORMER")
    assert d13["foresight_change"] == "0.0"
    unchanged = [s for s in data["scores"] if s["code"] not in ("13", "A4", "all")]
    assert {s["progress_change"] for s in unchanged} == {"0.0"}
    assert [(s["code"], s["from"], s["to"]) for s in data["status_changes"]] == [
        ("13", "FOLLOWER", "PERFORMER"),
        ("A4", "FOLLOWER", "PERFORMER"),  # (57.1 + 3 × 50) / 4 = 51.8
        ("all", "FOLLOWER", "PERFORMER"),  # (57.1 + 17 × 50) / 18 = 50.4
    ]
    table = runner.invoke(app, args).stdout
    assert "follower → performer" in table and "Status changes: 3" in table
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, [*args, "-f", "csv"]).stdout)))
    assert [r["code"] for r in rows if r["section"] == "rating"] == ["13.1"]


def test_compare_across_embedded_and_file(store, ukraine, two_more):
    big = open_store(list(two_more))
    xx = next(a for a in list_assessments(big) if a.id == "XX-2030")
    ua = next(a for a in list_assessments(big) if a.id == "UA-2018")
    result = compare_assessments(big, ua, xx)
    # every benchmark whose rating differs appears, none that does not
    ua_rows = {r.code: r for r in score_table(big, ua)}
    assert {s.code for s in result.scores} == set(ua_rows)
    amber_green = {"progress": "amber", "foresight": "green"}
    ua_ratings = {
        (str(r["code"]), aspect): str(r[aspect])
        for r in run(big, "benchmark-ratings", {"assessment": ua.term})
        for aspect in ("progress", "foresight")
    }
    expected = {k for k, level in ua_ratings.items() if level != amber_green[k[1]]}
    assert {(r.code, r.aspect) for r in result.ratings} == expected


def test_compare_same_or_unknown(runner):
    assert "both sides" in one_error_line(runner.invoke(app, ["compare", "UA-2018", "UA-2018"]))
    assert "no assessment" in one_error_line(runner.invoke(app, ["compare", "UA-2018", "ZZ-1"]))


def test_generate_writes_valid_assessments(runner, tmp_path):
    out = tmp_path / "syn"
    args = ["generate", "--countries", "2", "--years", "2", "--seed", "3", "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    files = sorted(out.iterdir())
    assert [f.name for f in files] == [
        "xaa-2018.ttl",
        "xaa-2019.ttl",
        "xab-2018.ttl",
        "xab-2019.ttl",
    ]
    first = files[0].read_text()
    store = open_store(files, embedded=False)
    scored = score_all(store)
    assert [a.id for a, _ in scored] == ["XAA-2018", "XAA-2019", "XAB-2018", "XAB-2019"]
    # same seed, same data; existing files are kept without --force
    assert "already exists" in one_error_line(runner.invoke(app, args))
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0
    assert files[0].read_text() == first


@pytest.mark.slow
def test_generated_assessments_pass_the_rules(runner, tmp_path):
    """Valid means valid under rules/ too: prerequisites and shared facts respected."""
    out = tmp_path / "syn"
    args = ["generate", "--countries", "6", "--years", "2", "--seed", "11", "--out", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    data = [a for f in sorted(out.iterdir()) for a in ("--data", str(f))]
    result = runner.invoke(app, ["validate", "--no-embedded", *data, "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["assessments"] == 12 and report["violations"] == 0, report["findings"]


def test_generate_refuses_bad_counts(runner, tmp_path):
    line = one_error_line(runner.invoke(app, ["generate", "-n", "0", "-o", str(tmp_path)]))
    assert "--countries" in line


# ---------------------------------------------------------------- crafted names stay names


def test_crafted_assessment_id_is_a_plain_name(runner):
    line = one_error_line(runner.invoke(app, ["score", "--assessment", CRAFTED]))
    assert "no assessment 'x\" } ; DROP ALL ; { \"'" in line and "UA-2018" in line
    line = one_error_line(runner.invoke(app, ["compare", "UA-2018", CRAFTED]))
    assert "no assessment" in line
    # the data is intact afterwards
    assert runner.invoke(app, ["score", "-f", "csv"]).stdout == (GOLDEN / "score.csv").read_text()


def test_crafted_param_is_a_bound_literal(runner):
    result = runner.invoke(
        app, ["query", "benchmark-ratings", "--param", f"code={CRAFTED}", "-f", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == []
    assert (
        runner.invoke(app, ["query", "framework-counts", "-f", "csv"])
        .stdout.splitlines()[1]
        .startswith("5,18,115")
    )


def test_crafted_country_never_reaches_an_iri(runner, tmp_path):
    args = ["import", str(tmp_path / "q.csv"), "-c", CRAFTED, "-y", "2024"]
    line = one_error_line(runner.invoke(app, args))
    assert "not a country code" in line


def test_query_takes_assessment(runner, two_more):
    a, b = two_more
    args = ["query", "scores", "-d", str(a), "-d", str(b), "-f", "csv"]
    every = list(csv.DictReader(io.StringIO(runner.invoke(app, args).stdout)))
    assert [r["level"] for r in every].count("overall") == 3
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, [*args, "-a", "XX-2031"]).stdout)))
    assert {r["assessment"] for r in rows} == {"https://example.org/assessment/xx-2031"}
    assert [r["level"] for r in rows].count("overall") == 1
    line = one_error_line(runner.invoke(app, [*args, "-a", CRAFTED]))
    assert "no assessment" in line


def test_directory_as_query_file(runner, tmp_path):
    (tmp_path / "q.rq").mkdir()
    line = one_error_line(runner.invoke(app, ["query", str(tmp_path / "q.rq")]))
    assert "is a directory" in line
