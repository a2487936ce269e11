"""The questionnaire as an assessor meets it (issue 13): claim, indicator, value and unit
columns; claims derived from the text and marked so; the evidence rules on an imported
assessment; the xlsx template's dropdowns and instructions; writing a loaded assessment back and
importing it again exactly; --base; partial questionnaires."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from questionnaires import BENCHMARKS, FD, HEADER, error_lines, fd_rows, read_query_text, write_csv

from eggo_graph.assessments import select_assessment
from eggo_graph.cli import app
from eggo_graph.queries import run
from eggo_graph.questionnaire import TEMPLATE_COLUMNS, status_claims
from eggo_graph.store import open_store

PREFILL = ["import", "--template", "--prefill"]


def import_fd(runner, tmp_path: Path, rows, *args: str, name: str = "fd.csv"):
    q = write_csv(tmp_path / name, rows)
    out = tmp_path / "fd-2025.ttl"
    result = runner.invoke(app, ["import", str(q), *FD, "-o", str(out), *args])
    return result, out


# ---------------------------------------------------------------- templates


def test_csv_and_xlsx_templates_have_the_same_columns(runner, tmp_path):
    result = runner.invoke(app, ["import", "--template"])
    assert result.exit_code == 0
    assert next(csv.reader(io.StringIO(result.stdout))) == TEMPLATE_COLUMNS == HEADER
    out = tmp_path / "t.xlsx"
    assert runner.invoke(app, ["import", "--template", "-o", str(out)]).exit_code == 0
    wb = load_workbook(out)
    ws = wb["questionnaire"]
    assert [c.value for c in ws[1]] == TEMPLATE_COLUMNS


def test_xlsx_template_has_dropdowns_instructions_frozen_header_and_widths(runner, tmp_path):
    out = tmp_path / "t.xlsx"
    assert runner.invoke(app, ["import", "--template", "-o", str(out)]).exit_code == 0
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "Instructions" and wb.active.title == "questionnaire"
    text = " ".join(str(c.value) for row in wb["Instructions"].iter_rows() for c in row if c.value)
    for word in ("claim", "absent", "--partial", "eggo import", "indicator"):
        assert word in text
    ws = wb["questionnaire"]
    assert ws.freeze_panes in ("A2", "B2", "C2")
    col = {c.value: c.column_letter for c in ws[1]}
    assert ws.column_dimensions[col["status"]].width >= 40
    assert ws.column_dimensions[col["benchmark"]].width >= 8
    lists = wb["lists"]
    validations = {
        str(dv.sqref).split(":")[0].rstrip("0123456789"): dv
        for dv in ws.data_validations.dataValidation
    }
    for name in ("progress", "foresight", "claim", "indicator", "unit"):
        assert col[name] in validations, name
    claim_range = validations[col["claim"]].formula1.split("!")[1].replace("$", "")
    assert [c.value for c in lists[claim_range.split(":")[0][0]] if c.value] == [
        "absent",
        "formal",
        "partial",
        "full",
        "planned",
        "indicator",
        "context",
    ]
    # the indicator list comes from the framework's bands
    indicators = {c.value for c in lists["C"] if c.value}
    bands = run(open_store(embedded=False), "indicator-bands")
    assert indicators == {str(r["indicator"]) for r in bands}
    assert "households with internet access" in indicators


def test_filled_xlsx_template_imports_from_its_questionnaire_sheet(runner, tmp_path):
    template = tmp_path / "t.xlsx"
    assert runner.invoke(app, ["import", "--template", "-o", str(template)]).exit_code == 0
    wb = load_workbook(template)
    ws = wb["questionnaire"]
    for row in ws.iter_rows(min_row=2):
        row[2].value, row[3].value, row[4].value = "amber", "green", "Some of it exists"
    wb.save(template)
    out = tmp_path / "fd.ttl"
    result = runner.invoke(app, ["import", str(template), *FD, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Derived 115 claims" in result.stdout


# ---------------------------------------------------------------- claims


def test_given_claim_and_indicator_are_stored_as_assessed(runner, tmp_path):
    rows = fd_rows(
        {
            "7.1": {
                "claim": "indicator",
                "indicator": "households with internet access",
                "value": "55",
                "unit": "percent",
            },
            "1.1": {"claim": "Formal"},
        }
    )
    result, out = import_fd(runner, tmp_path, rows)
    assert result.exit_code == 0, result.output
    store = open_store([out], embedded=False)
    fd = select_assessment(store, "FD-2025")
    by_code = {s.code: s for s in status_claims(store, fd)}
    assert (by_code["1.1"].claim, by_code["1.1"].derived) == ("formal", False)
    assert (by_code["7.1"].claim, by_code["7.1"].derived) == ("indicator", False)
    values = run(
        store,
        read_query_text(
            'SELECT ?v ?u WHERE { ?s eggo:indicator "households with internet access" ; '
            "eggo:indicatorValue ?v ; eggo:unit ?u ; eggo:claimOrigin eggo:Assessed }"
        ),
    )
    assert [(float(str(r["v"])), str(r["u"])) for r in values] == [(55.0, "percent")]


@pytest.mark.parametrize(
    ("cells", "column", "needle"),
    [
        ({"claim": "maybe"}, "claim", "is not a claim"),
        ({"indicator": "households with internet access", "value": "55"}, "unit", "unit"),
        ({"indicator": "x", "value": "lots", "unit": "percent"}, "value", "not a number"),
        ({"claim": "indicator"}, "indicator", "no indicator is given"),
    ],
)
def test_bad_claim_or_indicator_cells(runner, tmp_path, cells, column, needle):
    result, out = import_fd(runner, tmp_path, fd_rows({"2.3": cells}))
    lines = error_lines(result)
    row = list(BENCHMARKS).index("2.3") + 2
    assert any(f"row {row}, column {column}" in x and needle in x for x in lines), lines
    assert not out.exists()


def test_derived_claims_are_marked_with_their_pattern_and_counted(runner, tmp_path):
    rows = fd_rows(
        {
            "13.4": {"status": "There is no centralized public sector data center"},
            "6.6": {"status": "The platform is partially rolled out"},
            "11.2": {"status": "There are no data standards. Some will be introduced in 2026."},
        }
    )
    result, out = import_fd(runner, tmp_path, rows)
    assert result.exit_code == 0, result.output
    # three derived; 11.2 reads two ways, and the 112 neutral statuses match no pattern
    assert "Derived 3 claims" in result.stdout
    assert "113 rows ambiguous" in result.stdout
    row = list(BENCHMARKS).index("11.2") + 2
    assert f"row {row} (11.2): read as absent, but the text also reads as partial" in result.stdout
    assert "no pattern matched" in result.stdout
    store = open_store([out], embedded=False)
    by_code = {s.code: s for s in status_claims(store, select_assessment(store))}
    assert by_code["13.4"].claim == "absent" and by_code["13.4"].derived
    assert "there" in by_code["13.4"].pattern and "no" in by_code["13.4"].pattern
    assert by_code["6.6"].claim == "partial" and by_code["6.6"].derived
    assert by_code["1.1"].claim == ""


def test_an_imported_green_there_is_no_is_caught(runner, tmp_path):
    """The issue's example: 13.4 keeps "There is no centralized public sector data center" but
    is rated green; eggo validate exits 1 and names 13.4."""
    rows = fd_rows(
        {"13.4": {"status": "There is no centralized public sector data center", "progress": "G"}}
    )
    result, out = import_fd(runner, tmp_path, rows)
    assert result.exit_code == 0, result.output
    checked = runner.invoke(app, ["validate", "--data", str(out), "--format", "csv"])
    assert checked.exit_code == 1, checked.output
    hits = [r for r in csv.DictReader(io.StringIO(checked.stdout)) if r["code"] == "13.4"]
    assert any(r["rule"] == "absent-claim-not-green" for r in hits), checked.stdout
    # the same row rated amber conforms to that rule
    rows[list(BENCHMARKS).index("13.4")][2] = "amber"
    result, out = import_fd(runner, tmp_path, rows, "--force")
    checked = runner.invoke(app, ["validate", "--data", str(out), "--format", "csv"])
    assert "absent-claim-not-green" not in checked.stdout


def test_an_imported_indicator_is_checked_against_its_band(runner, tmp_path):
    rows = fd_rows(
        {
            "7.1": {
                "indicator": "households with internet access",
                "value": "20",
                "unit": "percent",
                "progress": "green",
            }
        }
    )
    result, out = import_fd(runner, tmp_path, rows)
    assert result.exit_code == 0, result.output
    checked = runner.invoke(app, ["validate", "--data", str(out), "--format", "csv"])
    assert checked.exit_code == 1
    assert any(
        r["rule"] == "indicator-in-band" and r["code"] == "7.1"
        for r in csv.DictReader(io.StringIO(checked.stdout))
    )


def test_an_indicator_without_bands_is_noted(runner, tmp_path):
    rows = fd_rows({"2.3": {"indicator": "staff", "value": "40", "unit": "people"}})
    result, _ = import_fd(runner, tmp_path, rows)
    assert result.exit_code == 0, result.output
    row = list(BENCHMARKS).index("2.3") + 2
    assert f"Note: row {row} (2.3): no bands for indicator 'staff'" in result.stdout


# ---------------------------------------------------------------- back to amend


def test_prefill_writes_an_imported_assessment_back_and_the_round_trip_is_exact(runner, tmp_path):
    rows = fd_rows(
        {
            "13.4": {"status": "There is no centralized public sector data center"},
            "1.1": {"claim": "formal", "source": "https://example.org/fd/report"},
            "7.1": {
                "indicator": "households with internet access",
                "value": "55.5",
                "unit": "percent",
                "evidence": "First quote, with a comma.\nSecond quote",
            },
            "3.10": {"progress": "red", "foresight": "amber", "source": "interviews 2025"},
        }
    )
    result, out = import_fd(runner, tmp_path, rows, "--base", "https://example.org/fd/")
    assert result.exit_code == 0, result.output
    first = out.read_text(encoding="utf-8")
    for suffix in ("csv", "xlsx"):
        sheet = tmp_path / f"fd.{suffix}"
        result = runner.invoke(
            app,
            [*PREFILL, "--data", str(out), "-a", "FD-2025", "-o", str(sheet), "--force"],
        )
        assert result.exit_code == 0, result.output
        again = tmp_path / f"again-{suffix}.ttl"
        result = runner.invoke(
            app,
            ["import", str(sheet), *FD, "-o", str(again), "--base", "https://example.org/fd/"],
        )
        assert result.exit_code == 0, result.output
        assert again.read_text(encoding="utf-8") == first.replace('"fd.csv"', f'"fd.{suffix}"')
    written = list(csv.DictReader((tmp_path / "fd.csv").open(encoding="utf-8")))
    row = {r["benchmark"]: r for r in written}
    assert row["1.1"]["claim"] == "formal" and row["13.4"]["claim"] == ""  # derived: left empty
    assert row["7.1"]["evidence"] == "First quote, with a comma.\nSecond quote"
    assert (row["7.1"]["value"], row["7.1"]["unit"]) == ("55.5", "percent")


def test_prefill_of_the_embedded_assessment_carries_claims_and_evidence(runner):
    result = runner.invoke(app, ["import", "--template", "--prefill", "-a", "UA-2018"])
    rows = {r["benchmark"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["13.4"]["claim"] == "absent"
    assert (rows["7.1"]["indicator"], rows["7.1"]["value"], rows["7.1"]["unit"]) == (
        "households with internet access",
        "55",
        "percent",
    )
    assert len(rows["1.1"]["evidence"].splitlines()) == 3


# ---------------------------------------------------------------- --base


def test_base_mints_iris_in_the_assessors_namespace(runner, tmp_path):
    result, out = import_fd(runner, tmp_path, fd_rows(), "--base", "https://example.org/eggo")
    assert result.exit_code == 0, result.output
    store = open_store([out], embedded=False)
    fd = select_assessment(store, "FD-2025")
    assert fd.iri == "https://example.org/eggo/fd-2025"
    assert "<https://example.org/eggo/fd-2025/status-1.1>" in out.read_text() or (
        ":status-1.1" in out.read_text()
    )
    assert "w3id.org/eggo/assessment" not in out.read_text()


@pytest.mark.parametrize("base", ["example.org/x/", "ftp://example.org/", "https://a b/"])
def test_bad_base(runner, tmp_path, base):
    result, out = import_fd(runner, tmp_path, fd_rows(), "--base", base)
    (line,) = error_lines(result)
    assert "--base" in line and "IRI" in line
    assert not out.exists()


# ---------------------------------------------------------------- work in progress


def test_partial_questionnaire_imports_and_is_marked_incomplete(runner, tmp_path):
    rows = fd_rows()
    for row in rows[40:]:
        row[2] = row[3] = row[4] = ""  # 40 of 115 rows filled
    result, out = import_fd(runner, tmp_path, rows)
    assert len(error_lines(result)) > 75  # without --partial every blank is an error
    result, out = import_fd(runner, tmp_path, rows, "--partial")
    assert result.exit_code == 0, result.output
    assert "80 ratings (incomplete: work in progress)" in result.stdout
    store = open_store([out], embedded=False)
    fd = select_assessment(store, "FD-2025")
    assert fd.complete is False and fd.ratings == 80
    assert select_assessment(open_store(), "UA-2018").complete is True


def test_partial_still_needs_a_status_for_a_rating(runner, tmp_path):
    rows = fd_rows()
    rows[0][4] = ""
    result, _ = import_fd(runner, tmp_path, rows, "--partial")
    lines = error_lines(result)
    assert any("row 2, column status" in x for x in lines)


def test_evidence_without_a_source_line_shows_no_line_number(runner, tmp_path):
    rows = fd_rows(
        {
            "13.4": {"status": "There is no centralized data center", "evidence": "Quote one"},
            "1.1": {"claim": "formal"},
        }
    )
    result, out = import_fd(runner, tmp_path, rows)
    assert result.exit_code == 0, result.output
    page = tmp_path / "fd.html"
    result = runner.invoke(app, ["report", "--data", str(out), "-a", "FD-2025", "--out", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "Quote one" in html
    assert "(line )" not in html and "(line ," not in html and "line None" not in html


def test_the_readme_example_is_the_import_of_its_questionnaire(runner, tmp_path):
    """docs/examples/fd-2025.ttl, used by the README's walk-through, is what importing
    docs/examples/fd-2025.csv with --partial writes today."""
    examples = Path(__file__).resolve().parents[1] / "docs" / "examples"
    out = tmp_path / "fd-2025.ttl"
    result = runner.invoke(
        app,
        ["import", str(examples / "fd-2025.csv"), *FD, "--partial", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == (examples / "fd-2025.ttl").read_text("utf-8")
