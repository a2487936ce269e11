"""`eggo import`: questionnaires to graphs, every problem at once, atomic writes, templates, the
Annex 1 round trip, and (hypothesis) valid questionnaires score right, garbage never tracebacks."""

from __future__ import annotations

import csv
import io
import random
import re
from pathlib import Path

import pytest
from helpers import expected_table
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from questionnaires import BENCHMARKS, HEADER, error_lines, read_query_text, write_csv

from eggo_graph.assessments import select_assessment
from eggo_graph.cli import app
from eggo_graph.queries import run
from eggo_graph.questionnaire import import_questionnaire
from eggo_graph.scores import score_table
from eggo_graph.store import open_store

# Spellings of half-points 0, 1, 2 (red, amber, green) that the import must accept.
SPELLINGS = {
    0: ["red", "Red", "RED", "r", "R", "0", "0.0", " red "],
    1: ["amber", "Amber", "AMBER", "a", "A", "50", "0.5", "50.0", ".5"],
    2: ["green", "GREEN", "g", "G", "100", "1", "1.0", "100.00"],
}


@pytest.fixture(scope="module")
def method_store():
    return open_store(embedded=False)


def valid_rows(ratings: dict[str, tuple[int, int]], rng: random.Random) -> list[list[str]]:
    return [
        [code, "", rng.choice(SPELLINGS[p]), rng.choice(SPELLINGS[f]), f"status of {code}", "", ""]
        for code, (p, f) in ratings.items()
    ]


def all_amber() -> dict[str, tuple[int, int]]:
    return {code: (1, 2) for code in BENCHMARKS}


# ---------------------------------------------------------------- the happy path


def test_import_writes_turtle_that_loads_and_scores(runner, tmp_path):
    q = write_csv(tmp_path / "q.csv", valid_rows(all_amber(), random.Random(1)))
    out = tmp_path / "md-2024.ttl"
    result = runner.invoke(
        app, ["import", str(q), "--country", "md", "--year", "2024", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "MD-2024" in result.stdout and "230 ratings" in result.stdout
    store = open_store([out], embedded=False)
    md = select_assessment(store, "MD-2024")
    assert {(r.progress, r.foresight) for r in score_table(store, md)} == {("50.0", "100.0")}
    origins = run(
        store,
        read_query_text(
            "SELECT DISTINCT ?o WHERE { ?r a eggo:Rating ; eggo:origin ?o ; "
            "prov:wasDerivedFrom/eggo:quote ?q }"
        ),
    )
    assert [str(r["o"]) for r in origins] == ["https://w3id.org/eggo/ontology#Assessed"]
    scored = runner.invoke(app, ["score", "--data", str(out), "-a", "MD-2024", "-f", "csv"])
    assert scored.exit_code == 0 and "FOLLOWER" in scored.stdout


def test_evidence_and_source_become_supporting_passages(method_store, tmp_path):
    rows = valid_rows(all_amber(), random.Random(2))
    rows[0][5] = "The council met twice in 2023."
    rows[0][6] = "https://example.org/report-2024"
    imported = import_questionnaire(method_store, write_csv(tmp_path / "q.csv", rows), "MD", 2024)
    assert '"The council met twice in 2023."' in imported.turtle
    assert "<https://example.org/report-2024>" in imported.turtle
    assert "eggo:SupportingPassage" in imported.turtle


def test_xlsx_questionnaire(runner, tmp_path):
    template = tmp_path / "t.xlsx"
    assert runner.invoke(app, ["import", "--template", "-o", str(template)]).exit_code == 0
    wb = load_workbook(template)
    ws = wb.active
    assert [c.value for c in ws[1]] == HEADER
    codes = list(BENCHMARKS)
    assert ws.cell(codes.index("3.10") + 2, 1).value == "3.10"  # text, so not 3.1
    assert ws.cell(codes.index("3.1") + 2, 1).value == "3.1"
    for row in ws.iter_rows(min_row=2):
        row[2].value, row[3].value, row[4].value = 0.5, 100, "as written"
    wb.save(template)
    out = tmp_path / "xx.ttl"
    result = runner.invoke(app, ["import", str(template), "-c", "XX", "-y", "2030", "-o", str(out)])
    assert result.exit_code == 0, result.output
    store = open_store([out], embedded=False)
    rows = score_table(store, select_assessment(store))
    assert {(r.progress, r.foresight) for r in rows} == {("50.0", "100.0")}


def test_numeric_benchmark_codes_in_xlsx_are_refused(runner, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append([3.1, "", "red", "red", "s", None, None])
    wb.save(tmp_path / "n.xlsx")
    lines = error_lines(
        runner.invoke(app, ["import", str(tmp_path / "n.xlsx"), "-c", "XX", "-y", "2030"])
    )
    assert any("row 2, column benchmark" in x and "as a number" in x for x in lines)


# ---------------------------------------------------------------- templates and the round trip


def test_template_lists_every_benchmark_with_empty_ratings(runner):
    result = runner.invoke(app, ["import", "--template"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["benchmark"] for r in rows] == list(BENCHMARKS)
    assert len(rows) == 115 and all(r["name"] for r in rows)
    assert not any(r["progress"] or r["foresight"] or r["status"] for r in rows)


def test_prefilled_template_round_trips_to_annex_1(runner, store, ukraine, tmp_path):
    """Prefill from Ukraine 2018, import it, score it: the scores are the report's Annex 1
    (the eggo:ReportedScore figures of the embedded data)."""
    template = tmp_path / "ua.csv"
    result = runner.invoke(app, ["import", "--template", "--prefill", "-a", "UA-2018"])
    assert result.exit_code == 0, result.output
    template.write_text(result.stdout, encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 115 and all(r["progress"] and r["foresight"] and r["status"] for r in rows)
    out = tmp_path / "ua-2018.ttl"
    result = runner.invoke(app, ["import", str(template), "-c", "UA", "-y", "2018", "-o", str(out)])
    assert result.exit_code == 0, result.output
    imported = open_store([out], embedded=False)
    computed = {
        (r.code, aspect): value
        for r in score_table(imported, select_assessment(imported))
        if r.level == "dimension"
        for aspect, value in (("progress", r.progress), ("foresight", r.foresight))
    }
    reported = run(
        store,
        read_query_text(
            "SELECT ?code ?aspect ?score WHERE { ?r a eggo:ReportedScore ; eggo:assessment "
            "<https://w3id.org/eggo/assessment/ua-2018> ; eggo:dimension/skos:notation ?code ; "
            "eggo:aspect/rdfs:label ?aspect ; eggo:scorePercent ?score }"
        ),
    )
    assert len(reported) == 36
    expected = {(str(r["code"]), str(r["aspect"])): f"{float(r['score']):.1f}" for r in reported}
    assert computed == expected


def test_template_refuses_to_overwrite(runner, tmp_path):
    out = tmp_path / "t.csv"
    out.write_text("mine")
    lines = error_lines(runner.invoke(app, ["import", "--template", "-o", str(out)]))
    assert "already exists" in lines[0] and "--force" in lines[0]
    assert out.read_text() == "mine"
    assert runner.invoke(app, ["import", "--template", "-o", str(out), "--force"]).exit_code == 0
    assert out.read_text().startswith("benchmark,name")


# ---------------------------------------------------------------- every problem at once


def test_every_problem_is_listed_with_row_and_column_and_nothing_is_written(runner, tmp_path):
    rows = valid_rows(all_amber(), random.Random(3))
    orig = [r[0] for r in rows]
    rows[2][2] = "purple"  # row 4: bad rating
    rows[4][0] = "99.1"  # row 6: unknown benchmark (so 1.5 is missing)
    rows[7][0] = rows[6][0]  # row 9: duplicate of row 8 (so 2.2 is missing)
    rows[10][4] = ""  # row 12: empty status
    rows[12][3] = ""  # row 14: empty foresight
    q = write_csv(tmp_path / "q.csv", rows)
    out = tmp_path / "out.ttl"
    args = ["import", str(q), "-c", "MD", "-y", "2024", "-o", str(out)]
    lines = error_lines(runner.invoke(app, args))
    body = "\n".join(lines)
    for expected in [
        "q.csv, row 4, column progress: 'purple' is not a rating",
        "q.csv, row 6, column benchmark: no benchmark '99.1'",
        f"q.csv, row 9, column benchmark: benchmark {orig[6]} appears again (first in row 8)",
        "q.csv, row 12, column status: the cell is empty",
        "q.csv, row 14, column foresight: the cell is empty",
        f"q.csv, column benchmark: benchmark {orig[4]} (",
        f"q.csv, column benchmark: benchmark {orig[7]} (",
    ]:
        assert expected in body, expected
    assert "Fix the cells listed above and run the import again" in lines[-1]
    assert lines[-1].endswith("(or, for work in progress, add --partial).")  # a blank rating
    assert "7 problems" in lines[-1]
    assert list(tmp_path.iterdir()) == [q]


def test_wrong_header(runner, tmp_path):
    q = write_csv(
        tmp_path / "q.csv", [["1.1", "red", "red"]], ["benchmark", "progres", "foresight"]
    )
    lines = error_lines(runner.invoke(app, ["import", str(q), "-c", "MD", "-y", "2024"]))
    assert any("row 1, column progres: unknown column 'progres'" in x for x in lines)
    assert any("the header has no 'progress' column" in x for x in lines)
    assert any("the header has no 'status' column" in x for x in lines)


def test_existing_output_is_kept_without_force(runner, tmp_path):
    q = write_csv(tmp_path / "q.csv", valid_rows(all_amber(), random.Random(4)))
    out = tmp_path / "md-2024.ttl"
    out.write_text("# mine\n")
    args = ["import", str(q), "-c", "MD", "-y", "2024", "-o", str(out)]
    assert "already exists" in error_lines(runner.invoke(app, args))[0]
    assert out.read_text() == "# mine\n"
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0
    assert "eggo:Assessment" in out.read_text()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["-c", "Moldova", "-y", "2024"], "not a country code"),
        (["-c", "MD", "-y", "24"], "not a plausible year"),
        (["-c", "MD"], "missing --year"),
    ],
)
def test_bad_country_or_year(runner, tmp_path, args, expected):
    q = write_csv(tmp_path / "q.csv", valid_rows(all_amber(), random.Random(5)))
    assert expected in error_lines(runner.invoke(app, ["import", str(q), *args]))[0]


@pytest.mark.parametrize("name", ["q.csv", "q.xlsx", "q.ods"])
def test_directory_missing_or_unknown_questionnaire(runner, tmp_path, name):
    (tmp_path / "dir.csv").mkdir()

    def run_import(path: Path) -> list[str]:
        return error_lines(runner.invoke(app, ["import", str(path), "-c", "MD", "-y", "2024"]))

    assert "is a directory" in run_import(tmp_path / "dir.csv")[0]
    assert "no such file" in run_import(tmp_path / name)[0]
    (tmp_path / name).write_text("benchmark\n")
    lines = run_import(tmp_path / name)
    if name.endswith(".ods"):
        assert "Use a .csv or .xlsx file" in lines[0]


def test_output_is_a_directory_or_not_turtle(runner, tmp_path):
    q = write_csv(tmp_path / "q.csv", valid_rows(all_amber(), random.Random(6)))
    (tmp_path / "out.ttl").mkdir()
    args = ["import", str(q), "-c", "MD", "-y", "2024", "-o"]
    assert (
        "is a directory" in error_lines(runner.invoke(app, [*args, str(tmp_path / "out.ttl")]))[0]
    )
    line = error_lines(runner.invoke(app, [*args, str(tmp_path / "out.csv")]))[0]
    assert "name a .ttl file" in line.lower()


def test_unreadable_questionnaire(runner, tmp_path, monkeypatch):
    q = write_csv(tmp_path / "q.csv", valid_rows(all_amber(), random.Random(7)))
    real_open = Path.open

    def refuse(self, *args, **kwargs):
        if self == q:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)  # root reads a mode-000 file, so refuse by hand
    lines = error_lines(runner.invoke(app, ["import", str(q), "-c", "MD", "-y", "2024"]))
    assert "cannot read the file (Permission denied)" in lines[0]


# ---------------------------------------------------------------- properties (hypothesis)


def half_points(text: str) -> int:
    """An independent reading of a rating cell."""
    t = text.strip().lower()
    if t in ("red", "r"):
        return 0
    if t in ("amber", "a"):
        return 1
    if t in ("green", "g"):
        return 2
    return {0: 0, 50: 1, 100: 2}[round(float(t) * (1 if float(t) > 1 else 100))]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(0, 2), st.integers(0, 2)),
        min_size=len(BENCHMARKS),
        max_size=len(BENCHMARKS),
    ),
    st.randoms(use_true_random=False),
)
def test_valid_questionnaire_scores_as_computed_from_the_csv(
    method_store, tmp_path_factory, levels, rng
):
    rows = valid_rows(dict(zip(BENCHMARKS, levels, strict=True)), rng)
    rng.shuffle(rows)  # row order does not matter
    tmp = tmp_path_factory.mktemp("q")
    q = write_csv(tmp / "q.csv", rows)
    # the independent computation reads the CSV back, not the ratings it came from
    with q.open(newline="", encoding="utf-8") as fh:
        from_csv = {
            r["benchmark"]: (half_points(r["progress"]), half_points(r["foresight"]))
            for r in csv.DictReader(fh)
        }
    imported = import_questionnaire(method_store, q, "ZZ", 2031)
    out = tmp / "zz.ttl"
    out.write_text(imported.turtle, encoding="utf-8")
    store = open_store([out], embedded=False)
    got = {
        r.code: (r.progress, r.foresight, r.status, r.trend)
        for r in score_table(store, select_assessment(store))
    }
    assert got == expected_table(from_csv)


VALID_CSV = (
    ",".join(HEADER)
    + "\n"
    + "".join(f"{code},,red,amber,status,,\n" for code in list(BENCHMARKS)[:5])
).encode()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=400),
        st.tuples(st.integers(0, len(VALID_CSV)), st.binary(min_size=1, max_size=20)).map(
            lambda t: VALID_CSV[: t[0]] + t[1] + VALID_CSV[t[0] :]
        ),
        st.binary(max_size=200).map(lambda b: b"PK\x03\x04" + b),
    ),
    st.sampled_from([".csv", ".xlsx"]),
)
def test_garbage_never_tracebacks_and_never_writes(tmp_path_factory, garbage, suffix):
    from typer.testing import CliRunner

    tmp = tmp_path_factory.mktemp("g")
    q = tmp / f"q{suffix}"
    q.write_bytes(garbage)
    out = tmp / "out.ttl"
    result = CliRunner().invoke(app, ["import", str(q), "-c", "MD", "-y", "2024", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    # an error eggo did not foresee reads "eggo: error: unexpected SomeError: ..."
    assert not re.search(r"error: unexpected \w+(Error|Exception)", result.output), result.output
    assert sorted(p.name for p in tmp.iterdir()) == [q.name]
