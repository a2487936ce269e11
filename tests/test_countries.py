"""Countries kept apart (issue 13): two countries' landscapes loaded together never mix in eggo
deps, the institution rules, eggo report or the findings eggo validate shows; a country without a
landscape says so."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from questionnaires import FD, fd_rows, write_csv

from eggo_graph.cli import app

FD_LANDSCAPE = Path(__file__).parent / "landscapes" / "fd-2025.ttl"


@pytest.fixture(scope="module")
def fd_assessment(tmp_path_factory) -> Path:
    """FD-2025 from a questionnaire: 1.2 (policy and implementation separated) green."""
    from typer.testing import CliRunner

    tmp = tmp_path_factory.mktemp("fd")
    rows = fd_rows({"1.2": {"progress": "green", "foresight": "green"}})
    q = write_csv(tmp / "fd.csv", rows)
    out = tmp / "fd-2025.ttl"
    result = CliRunner().invoke(app, ["import", str(q), *FD, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def deps_csv(runner, *args: str) -> tuple[int, list[dict[str, str]], str]:
    result = runner.invoke(app, ["deps", *args, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout))) if result.exit_code == 0 else []
    return result.exit_code, rows, result.output


def test_deps_reads_only_the_chosen_countrys_landscape(runner, fd_assessment):
    both = ["--data", str(fd_assessment), "--data", str(FD_LANDSCAPE)]
    code, rows, _ = deps_csv(runner, "FDO", *both, "-a", "FD-2025")
    assert code == 0
    names = {r["name"] for r in rows}
    assert "Freedonia Population Register" in names
    assert not any("Ukraine" in n or "SEGA" in n or "Trembita" in n for n in names)
    # Ukraine's SEGA is not FD's: unknown for FD, known for UA-2018
    code, _, output = deps_csv(runner, "SEGA", *both, "-a", "FD-2025")
    assert code == 2 and "SEGA" in output
    code, rows, _ = deps_csv(runner, "SEGA", *both, "-a", "UA-2018")
    assert code == 0 and not any("Freedonia" in r["name"] for r in rows)
    code, _, _ = deps_csv(runner, "FDO", *both, "-a", "UA-2018")
    assert code == 2
    # a benchmark's links: FD's register for FD, Ukraine's Trembita for UA
    _, fd_rows_, _ = deps_csv(runner, "6.6", *both, "-a", "FD-2025")
    _, ua_rows, _ = deps_csv(runner, "6.6", *both, "-a", "UA-2018")
    fd_text, ua_text = json.dumps(fd_rows_), json.dumps(ua_rows)
    assert "Freedonia Population Register" in fd_text and "Trembita" not in fd_text
    assert "Trembita" in ua_text and "Freedonia" not in ua_text


def test_lists_and_conflicts_per_country(runner, fd_assessment):
    both = ["--data", str(fd_assessment), "--data", str(FD_LANDSCAPE)]
    _, listed, _ = deps_csv(runner, "--list", *both, "-a", "FD-2025")
    labels = {r["label"] for r in listed if r["kind"] == "institution"}
    assert labels == {"Freedonia Digital Office"}
    _, conflicts, _ = deps_csv(runner, "--conflicts", *both, "-a", "FD-2025")
    assert [r["institution"] for r in conflicts] == ["Freedonia Digital Office"]
    _, ua_conflicts, _ = deps_csv(runner, "--conflicts", *both, "-a", "UA-2018")
    assert ua_conflicts and "Freedonia Digital Office" not in json.dumps(ua_conflicts)


def test_a_country_without_a_landscape_says_so(runner, fd_assessment):
    result = runner.invoke(app, ["deps", "6.6", "--data", str(fd_assessment), "-a", "FD-2025"])
    assert result.exit_code == 0, result.output
    assert "No institutions recorded for FD" in result.stderr  # a note, so csv stays clean
    assert "Trembita" not in result.output and "SEGA" not in result.output
    result = runner.invoke(app, ["deps", "SEGA", "--data", str(fd_assessment), "-a", "FD-2025"])
    assert result.exit_code == 2
    assert "no institutions are recorded for FD" in result.output


def test_institution_rules_read_only_the_assessments_country(runner, fd_assessment):
    """FD's 1.2 is green. With FD's landscape (FDO holds both roles) the rule fires for FD and
    names FDO; without it, Ukraine's SEGA (which holds both too) must not make it fire."""
    with_fd = runner.invoke(
        app,
        ["validate", "--data", str(fd_assessment), "--data", str(FD_LANDSCAPE), "-f", "csv"],
    )
    rows = list(csv.DictReader(io.StringIO(with_fd.stdout)))
    hits = [r for r in rows if r["rule"] == "separated-roles-not-green"]
    assert len(hits) == 1, with_fd.stdout
    assert hits[0]["assessment"] == "FD-2025" and "Freedonia Digital Office" in hits[0]["message"]
    assert "SEGA" not in hits[0]["message"] and "State e-Government" not in hits[0]["message"]
    without = runner.invoke(app, ["validate", "--data", str(fd_assessment), "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(without.stdout)))
    assert not [r for r in rows if r["rule"] == "separated-roles-not-green"], without.stdout


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "ttl"])
def test_every_validate_format_names_each_findings_assessment(runner, fd_assessment, fmt):
    result = runner.invoke(
        app, ["validate", "--data", str(fd_assessment), "--data", str(FD_LANDSCAPE), "-f", fmt]
    )
    assert result.exit_code == 1, result.output
    assert "FD-2025" in result.stdout or "fd-2025" in result.stdout
    if fmt == "json":
        findings = json.loads(result.stdout)
        findings = findings.get("findings", findings) if isinstance(findings, dict) else findings
        assert all(f["assessment"] for f in findings)
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert rows and all(r["assessment"] for r in rows)


def test_fd_report_quotes_nothing_of_ukraines_landscape(runner, fd_assessment, tmp_path):
    out = tmp_path / "fd.html"
    data = ["--data", str(fd_assessment), "--data", str(FD_LANDSCAPE)]
    result = runner.invoke(app, ["report", *data, "-a", "FD-2025", "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    for ukrainian in ("SEGA", "Trembita", "ProZorro", "MoEDT"):
        assert ukrainian not in html, ukrainian
    assert "another country's assessment" in html  # the dependency edges, unquoted


def test_validate_shows_the_assessments_own_evidence_not_another_countrys(runner, tmp_path):
    """6.7 presupposes 6.6 (a framework link quoting the Ukraine report). FD breaks it: the
    finding shows FD's own status text, never the Ukrainian passage."""
    from typer.testing import CliRunner

    rows = fd_rows({"6.7": {"progress": "green"}, "6.6": {"progress": "red"}})
    q = write_csv(tmp_path / "fd.csv", rows)
    out = tmp_path / "fd-2025.ttl"
    assert CliRunner().invoke(app, ["import", str(q), *FD, "-o", str(out)]).exit_code == 0
    result = runner.invoke(app, ["validate", "--data", str(out), "-f", "csv"])
    hits = [
        r
        for r in csv.DictReader(io.StringIO(result.stdout))
        if r["rule"] == "prerequisite-not-exceeded" and r["assessment"] == "FD-2025"
    ]
    assert hits, result.stdout
    assert all(r["quote"] == f"Assessors rated {r['code']} after interviews" for r in hits), hits
    assert all(r["line"] == "" for r in hits)
    # UA-2018's own findings may quote its own source: the embedded data still conforms
    assert not [
        r for r in csv.DictReader(io.StringIO(result.stdout)) if r["assessment"] == "UA-2018"
    ]


SHIPPED_LANDSCAPES = sorted(
    (Path(__file__).resolve().parents[1] / "data" / "institutions").glob("*.ttl")
)


@pytest.mark.parametrize("path", [*SHIPPED_LANDSCAPES, FD_LANDSCAPE], ids=lambda p: p.name)
def test_every_node_of_a_landscape_names_it(path):
    """A node without eggo:landscape is invisible to eggo deps and the institution rules; a
    landscape without a country is read by no assessment."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF

    from eggo_graph.namespaces import EGGO

    g = Graph().parse(path)
    (landscape,) = list(g.subjects(RDF.type, EGGO.Landscape))
    assert g.value(landscape, EGGO.countryCode) is not None
    nodes = {s for s in g.subjects() if isinstance(s, URIRef)} - {landscape}
    missing = sorted(str(n) for n in nodes if g.value(n, EGGO.landscape) != landscape)
    assert not missing, f"{len(missing)} nodes name no landscape, e.g. {missing[:3]}"
