"""`eggo validate` on the command line: formats, exit codes, bad input, and OWL consistency
under HermiT (`--reason`)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from helpers import REPO
from rdflib import Graph
from rdflib.namespace import SH

from eggo_graph.cli import app
from eggo_graph.store import open_store, to_rdflib
from eggo_graph.validation.reasoning import check_consistency, java_available

EXAMPLES = REPO / "tests" / "rules"
MINI = EXAMPLES / "mini-framework.ttl"
PREREQUISITE = EXAMPLES / "invalid" / "prerequisite-not-exceeded.ttl"
INCONSISTENT = sorted((REPO / "tests" / "reasoning").glob("inconsistent-*.ttl"))
needs_java = pytest.mark.skipif(
    not java_available(), reason="no Java runtime on this machine: HermiT cannot run"
)


def invoke(runner, *args: str):
    return runner.invoke(app, ["validate", *args])


def test_text_shows_severity_benchmark_message_and_quote(runner):
    result = invoke(runner, "--data", str(MINI), "--data", str(PREREQUISITE))
    assert result.exit_code == 1
    out = result.stdout
    assert (
        "VIOLATION ZZ-2030 91.2 Registries connected through the platform  "
        "[prerequisite-not-exceeded]" in out
    )
    assert "91.2 presupposes 91.1, but its progress is green against amber" in out
    # the assessment's own passage on 91.2, not the framework link's (issue 13)
    assert "evidence: “Some registries are connected through the platform.” (line 11)" in out
    assert out.rstrip().endswith("does not conform (1 violations, 0 warnings)")


def test_csv_and_table(runner):
    result = invoke(runner, "--data", str(MINI), "--data", str(PREREQUISITE), "-f", "csv")
    assert result.exit_code == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["severity"], r["rule"], r["code"]) for r in rows] == [
        ("Violation", "prerequisite-not-exceeded", "91.2")
    ]
    table = invoke(runner, "--data", str(MINI), "--data", str(PREREQUISITE), "-f", "table")
    assert table.exit_code == 1 and "Violation" in table.stdout and "91.2" in table.stdout


def test_ttl_is_a_standard_shacl_report(runner):
    result = invoke(runner, "--data", str(MINI), "--data", str(PREREQUISITE), "-f", "ttl")
    assert result.exit_code == 1
    g = Graph().parse(data=result.stdout, format="turtle")
    (report,) = g.subjects(None, SH.ValidationReport)
    assert g.value(report, SH.conforms).toPython() is False
    (r,) = g.objects(report, SH.result)
    assert g.value(r, SH.resultSeverity) == SH.Violation
    assert g.value(r, SH.sourceConstraintComponent) == SH.SPARQLConstraintComponent
    assert str(g.value(r, SH.sourceShape)).endswith("#prerequisite-not-exceeded")
    assert str(g.value(r, SH.focusNode)).endswith("/prerequisite-not-exceeded")
    assert str(g.value(r, SH.value)).endswith("rating-91.2-progress")
    assert "91.2 presupposes 91.1" in str(g.value(r, SH.resultMessage))


def test_ttl_of_conforming_data(runner):
    result = invoke(runner, "-f", "ttl")
    assert result.exit_code == 0
    g = Graph().parse(data=result.stdout, format="turtle")
    (report,) = g.subjects(None, SH.ValidationReport)
    assert g.value(report, SH.conforms).toPython() is True
    assert not list(g.objects(report, SH.result))


def test_malformed_turtle_is_one_line_with_file_and_line(runner, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix eggo: <https://w3id.org/eggo/ontology#> .\n\neggo:x eggo:y \n", "utf-8")
    result = invoke(runner, "--data", str(bad))
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.output
    assert lines[0].startswith(f"eggo: error: {bad}:3: ") or lines[0].startswith(
        f"eggo: error: {bad}:4: "
    ), lines[0]


def test_malformed_bands_file(runner, tmp_path):
    bad = tmp_path / "bands.ttl"
    bad.write_text("this is not turtle\n", "utf-8")
    result = invoke(runner, "--bands", str(bad))
    assert result.exit_code == 2 and f"{bad}:1" in result.stderr


def test_json_counts(runner):
    result = invoke(runner, "-f", "json")
    report = json.loads(result.stdout)
    assert result.exit_code == 0
    assert report | {"findings": []} == {
        "conforms": True,
        "violations": 0,
        "warnings": 0,
        "info": 0,
        "assessments": 1,
        "rules": report["rules"],
        "owl": None,
        "findings": [],
    }


@pytest.mark.slow
@needs_java
def test_hermit_finds_the_embedded_data_consistent():
    result = check_consistency(to_rdflib(open_store()))
    assert result.consistent, result.detail


@pytest.mark.slow
@needs_java
@pytest.mark.parametrize("example", INCONSISTENT, ids=lambda p: p.stem)
def test_hermit_finds_purpose_made_inconsistencies(runner, example):
    plain = invoke(runner, "--no-embedded", "--data", str(example), "-f", "json")
    assert plain.exit_code == 0, "the SHACL rules alone do not see it"
    result = invoke(runner, "--no-embedded", "--data", str(example), "--reason", "-f", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["owl"].startswith("inconsistent")
    assert [f["rule"] for f in report["findings"]] == ["owl-consistency"]


def test_reason_without_java_is_one_line(runner, monkeypatch):
    monkeypatch.setattr("eggo_graph.validation.reasoning.shutil.which", lambda name: None)
    result = invoke(runner, "--no-embedded", "--reason")
    assert result.exit_code == 2
    assert "java not found" in result.stderr and "Traceback" not in result.output
