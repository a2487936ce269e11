"""The CLI, in-process: outputs, formats, and one clear line with exit code 2 on bad input."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from assessment_factory import benchmark_dimensions, write_assessment
from helpers import GOLDEN, REPO, one_error_line

from eggo_graph.cli import app

REGISTERED = list(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_every_command_module_is_registered():
    """One file per command in eggo_graph/cli/, each registered once (import_.py as "import")."""
    files = (REPO / "eggo_graph" / "cli").glob("*.py")
    modules = sorted(
        p.stem.rstrip("_") for p in files if p.stem not in ("__init__", "common", "help")
    )
    assert sorted(REGISTERED) == modules
    assert len(REGISTERED) == 15


@pytest.mark.parametrize("command", [*REGISTERED, None])
def test_help_ends_with_an_example(runner, command):
    """Every command's --help (and eggo --help) ends with examples of that command."""
    result = runner.invoke(app, [command, "--help"] if command else ["--help"])
    assert result.exit_code == 0
    tail = result.stdout.rsplit("Examples:", 1)
    assert len(tail) == 2, "no Examples: section"
    assert "╰" not in tail[1], "the examples must come last, after the option panels"
    assert f"eggo {command or ''}".strip() in tail[1]


def run_eggo(*args: str) -> subprocess.CompletedProcess:
    """The real entry point, in a subprocess: what a user's shell sees."""
    return subprocess.run(
        [sys.executable, "-m", "eggo_graph", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "100"},
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["score", "-f", "xml"], "'xml' is not one of"),
        (["score", "--bogus"], "No such option"),
        (["show"], "Missing argument"),
        (["nonsense"], "No such command"),
    ],
)
def test_usage_errors_are_one_line(args, expected):
    result = run_eggo(*args)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("eggo: error: ") and expected in lines[0]


def test_debug_shows_a_traceback_and_plain_run_does_not(tmp_path):
    missing = str(tmp_path / "nope.ttl")
    plain = run_eggo("score", "--data", missing)
    assert plain.returncode == 2 and "Traceback" not in plain.stderr
    debug = run_eggo("--debug", "score", "--data", missing)
    assert debug.returncode != 0 and "Traceback" in debug.stderr and "InputError" in debug.stderr


@pytest.mark.parametrize("command", ["score", "simulate", "query"])
@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_every_format(runner, command, fmt):
    args = [command, "--format", fmt] + (["scores"] if command == "query" else [])
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        assert isinstance(json.loads(result.stdout), list)
    elif fmt == "csv":
        # the JSON output's values, cell for cell in the CSV's columns, and the golden file if any
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        as_json = json.loads(runner.invoke(app, [*args[:2], "json", *args[3:]]).stdout)
        text = [{k: "" if r.get(k) is None else str(r[k]) for k in rows[0]} for r in as_json]
        assert rows and rows == text
        if (GOLDEN / f"{command}.csv").is_file():
            assert result.stdout == (GOLDEN / f"{command}.csv").read_text()
    else:  # a title, a header row, the rule under it, then the rows
        lines = result.stdout.splitlines()
        rule = next(i for i, line in enumerate(lines) if set(line.strip()) == {"─"})
        assert rule >= 2 and len(lines) > rule + 3


def test_score_table_shows_all_rows(runner):
    out = runner.invoke(app, ["score"]).stdout
    for text in ["Policymaking", "Cross checks", "Infrastructure and security", "Overall", "56.8"]:
        assert text in out


def test_score_json_has_stable_keys(runner):
    rows = json.loads(runner.invoke(app, ["score", "--format", "json"]).stdout)
    assert len(rows) == 18 + 5 + 1
    assert {"level", "code", "name", "progress", "foresight", "status", "trend"} <= set(rows[0])


def test_score_ranked(runner):
    rows = list(
        csv.DictReader(
            io.StringIO(runner.invoke(app, ["score", "--ranked", "--format", "csv"]).stdout)
        )
    )
    assert [r["code"] for r in rows[:5]] == ["12", "13", "11", "15", "3"]


def test_show_benchmark(runner):
    result = runner.invoke(app, ["show", "6.4"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    for text in [
        "There is reliable unique ID number",
        "Registries and interoperability",
        "progress",
        "foresight",
        "reconstructed",
        "20% full demographic registry",
    ]:
        assert text in out


def test_show_json(runner):
    d = json.loads(runner.invoke(app, ["show", "10.3", "--format", "json"]).stdout)
    assert d["code"] == "10.3" and d["dimension_code"] == "10"
    assert {r["aspect"] for r in d["ratings"]} == {"progress", "foresight"}
    assert all(r["rationale"] for r in d["ratings"])
    assert d["evidence"][0]["kind"] == "status text"
    assert all(e["quote"] and e["line"] for e in d["evidence"])
    green = json.loads(runner.invoke(app, ["show", "14.4", "--format", "json"]).stdout)
    assert (d["trend"], green["trend"]) == ("↑ improving", "⚑ finished")


def test_query_by_name_file_and_param(runner, tmp_path):
    result = runner.invoke(app, ["query", "benchmark-evidence", "-p", "code=6.4", "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and {r["code"] for r in rows} == {"6.4"}
    rq = tmp_path / "mine.rq"
    rq.write_text(
        "SELECT ?code WHERE { ?b a eggo:Benchmark ; skos:notation ?code } ORDER BY ?code LIMIT 2"
    )
    result = runner.invoke(app, ["query", str(rq), "-f", "csv"])
    assert result.stdout.splitlines() == ["code", "1.1", "1.2"]


def test_query_param_is_bound_not_pasted(runner):
    crafted = 'x" } ; DROP ALL ; { "'
    result = runner.invoke(
        app, ["query", "benchmark-evidence", "-p", f"code={crafted}", "-f", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert (
        result.stdout.strip()
        == "code,assessment,evidence,kind,quote,line,claim,indicator,value,unit"
    )


def test_query_list(runner):
    result = runner.invoke(app, ["query", "--list", "--format", "csv"])
    names = [r["name"] for r in csv.DictReader(io.StringIO(result.stdout))]
    assert "scores" in names and "scenario-settings" in names


def test_simulate_with_settings(runner):
    result = runner.invoke(app, ["simulate", "--set", "13=100", "--set", "15=100", "-f", "csv"])
    assert result.exit_code == 0, result.output
    last = list(csv.DictReader(io.StringIO(result.stdout)))[-1]
    assert last["scenario"] == "what-if" and "D13=100" in last["name"]


def test_second_assessment_side_by_side(runner, tmp_path):
    ratings = {code: (1, 2) for code in benchmark_dimensions()}  # all amber, foresight green
    path = write_assessment(tmp_path / "xx-2030.ttl", "XX", 2030, ratings)
    golden = (REPO / "tests" / "golden" / "score.csv").read_text()
    default = runner.invoke(app, ["score", "--data", str(path), "-f", "csv"])
    # the one assessment of the --data files is the default (issue 13), not the embedded one
    assert default.stdout != golden and "50.0,100.0,FOLLOWER" in default.stdout
    other = write_assessment(tmp_path / "yy-2031.ttl", "YY", 2031, ratings)
    args = ["score", "--no-embedded", "--data", str(path), "--data", str(other)]
    line = one_error_line(runner.invoke(app, args))
    assert "2 assessments the --data files hold (XX-2030, YY-2031)" in line
    result = runner.invoke(app, ["score", "--data", str(path), "-a", "XX-2030", "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {(r["progress"], r["foresight"], r["status"]) for r in rows} == {
        ("50.0", "100.0", "FOLLOWER")
    }
    ua = runner.invoke(app, ["score", "--data", str(path), "-a", "UA-2018", "-f", "csv"]).stdout
    assert ua == (REPO / "tests" / "golden" / "score.csv").read_text()


# ---------------------------------------------------------------- bad input


def test_missing_data_file(runner, tmp_path):
    line = one_error_line(runner.invoke(app, ["score", "--data", str(tmp_path / "nope.ttl")]))
    assert "nope.ttl" in line and "no such file" in line


def test_directory_as_data_file(runner, tmp_path):
    assert "directory" in one_error_line(runner.invoke(app, ["score", "--data", str(tmp_path)]))


def test_malformed_turtle_names_file_and_line(runner, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix : <http://x/> .\n:a :b :c .\n:a :b "unterminated .\n')
    line = one_error_line(runner.invoke(app, ["score", "--data", str(bad)]))
    assert f"{bad}:3" in line and "syntax error" in line


def test_malformed_jsonld(runner, tmp_path):
    bad = tmp_path / "bad.jsonld"
    bad.write_text('{"@id": ')
    assert "bad.jsonld:1" in one_error_line(runner.invoke(app, ["score", "--data", str(bad)]))


def test_unknown_extension(runner, tmp_path):
    f = tmp_path / "data.xlsx"
    f.write_bytes(b"PK")
    assert "extension" in one_error_line(runner.invoke(app, ["score", "--data", str(f)]))


def test_unreadable_file(runner, tmp_path, monkeypatch):
    f = tmp_path / "secret.ttl"
    f.write_text("")
    real_open = Path.open

    def refuse(self, *args, **kwargs):
        if self == f:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)  # root reads a mode-000 file, so refuse by hand
    line = one_error_line(runner.invoke(app, ["score", "--data", str(f)]))
    assert "cannot read the file (Permission denied)" in line and "permissions" in line


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("99=100", "no dimension '99'"),
        ("13=150", "outside 0 to 100"),
        ("13=-1", "outside"),
        ("13=abc", "not a number"),
        ("13", "DIMENSION=PERCENT"),
        ("13=nan", "outside"),
    ],
)
def test_bad_settings(runner, setting, expected):
    assert expected in one_error_line(runner.invoke(app, ["simulate", "--set", setting]))


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("99.1", "no benchmark 99.1"),
        ("6", "not a benchmark code"),
        ('6.4" } DROP ALL', "not a benchmark code"),
    ],
)
def test_bad_benchmark_code(runner, code, expected):
    assert expected in one_error_line(runner.invoke(app, ["show", code]))


def test_unknown_query_name(runner):
    assert "no query named" in one_error_line(runner.invoke(app, ["query", "no-such-query"]))


def test_sparql_syntax_error(runner, tmp_path):
    rq = tmp_path / "broken.rq"
    rq.write_text("SELECT * WHERE { ?s ?p }")
    assert "SPARQL" in one_error_line(runner.invoke(app, ["query", str(rq)]))


def test_unknown_assessment(runner):
    assert "UA-2018" in one_error_line(runner.invoke(app, ["score", "-a", "FR-1999"]))


def test_assessment_without_ratings(runner, tmp_path):
    empty = write_assessment(tmp_path / "yy-2031.ttl", "YY", 2031, {})
    line = one_error_line(runner.invoke(app, ["score", "--data", str(empty), "-a", "YY-2031"]))
    assert "YY-2031 cannot be scored" in line and "no rating" in line and "more)" in line


def test_set_twice(runner):
    line = one_error_line(runner.invoke(app, ["simulate", "--set", "13=100", "--set", "13=50"]))
    assert "dimension 13 is set twice" in line


def test_simulate_without_scenarios(runner, tmp_path):
    ratings = {code: (1, 1) for code in benchmark_dimensions()}
    path = write_assessment(tmp_path / "nn-2030.ttl", "NN", 2030, ratings)
    args = ["simulate", "--no-embedded", "--data", str(path)]
    assert "no scenarios of its own" in runner.invoke(app, args).stdout
    result = runner.invoke(app, [*args, "--set", "13=100", "-f", "csv"])
    assert result.stdout.splitlines()[1:] == [
        f"what-if,What-if: D13=100,{(17 * 50 + 100) / 18:.1f},PERFORMER"
    ]
