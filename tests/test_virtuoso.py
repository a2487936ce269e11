"""--endpoint on Virtuoso Open Source 7 (Debian's virtuoso-opensource): eggo load pushes the
dataset with --user (the password from the environment), and the read commands print exactly
what they print on the embedded store.

The tests use the Virtuoso at EGGO_VIRTUOSO_URL (default http://127.0.0.1:8890, user dba, password
EGGO_VIRTUOSO_PASSWORD or dba) and replace eggo's graphs there. They skip when no Virtuoso
answers, except where EGGO_REQUIRE_VIRTUOSO=1 (CI: .ci/run installs and starts one)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import httpx
import pytest
from helpers import REPO, one_error_line
from questionnaires import fd_rows, write_csv
from typer.testing import CliRunner

from eggo_graph.cli import app
from eggo_graph.dataset import open_dataset
from eggo_graph.errors import EndpointError
from eggo_graph.remote import RemoteStore

VIRTUOSO = os.environ.get("EGGO_VIRTUOSO_URL", "http://127.0.0.1:8890").rstrip("/")
PASSWORD = os.environ.get("EGGO_VIRTUOSO_PASSWORD", "dba")


# What the tests push: the embedded data, an imported assessment that is complete (a questionnaire
# through eggo import, from tests/questionnaires.py) and the shipped work in progress FD-2025
# (docs/examples). Every embedded run loads the same files.
FD_2025 = REPO / "docs" / "examples" / "fd-2025.ttl"


@pytest.fixture(scope="session")
def imported(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("imported")
    rows = fd_rows({"6.4": {"progress": "red", "foresight": "red"}})
    questionnaire = write_csv(folder / "fc-2024.csv", rows)
    out = folder / "fc-2024.ttl"
    result = CliRunner().invoke(
        app, ["import", str(questionnaire), "-c", "FC", "-y", "2024", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    return [out, FD_2025]


@pytest.fixture(scope="session")
def data(imported) -> list[str]:
    return [a for path in imported for a in ("--data", str(path))]


@pytest.fixture(scope="session")
def virtuoso(data) -> str:
    """The query URL, after `eggo load --user dba` pushed the embedded data and the imports."""
    try:
        httpx.get(f"{VIRTUOSO}/sparql", params={"query": "ASK {}"}, timeout=5)
    except httpx.HTTPError as exc:
        if os.environ.get("EGGO_REQUIRE_VIRTUOSO"):
            pytest.fail(f"no Virtuoso at {VIRTUOSO} ({exc}), and EGGO_REQUIRE_VIRTUOSO is set")
        pytest.skip(f"no Virtuoso at {VIRTUOSO}; set EGGO_VIRTUOSO_URL or start one")
    runner = CliRunner(env={"EGGO_ENDPOINT_PASSWORD": PASSWORD})
    store = f"{VIRTUOSO}/sparql-graph-crud-auth"
    result = runner.invoke(app, ["load", "-e", store, "--user", "dba", "-f", "csv", *data])
    assert result.exit_code == 0, result.output
    return f"{VIRTUOSO}/sparql"


def test_load_with_user_pushes_every_graph(virtuoso, imported):
    expected = open_dataset(imported).graphs()
    remote = RemoteStore(virtuoso)
    assert set(expected) <= set(remote.graphs())  # Virtuoso keeps graphs of its own too
    # its default graph is the union of its graphs: eggo sends no graph list
    assert remote.dataset() is None


def test_load_without_password_is_one_line(runner, monkeypatch):
    monkeypatch.delenv("EGGO_ENDPOINT_PASSWORD", raising=False)
    result = runner.invoke(
        app, ["load", "-e", f"{VIRTUOSO}/sparql-graph-crud-auth", "--user", "dba"]
    )
    assert result.exit_code == 2 and "EGGO_ENDPOINT_PASSWORD" in result.stderr


# One of each kind of query (each takes seconds on Virtuoso, so not every variant is here), on the
# embedded UA-2018, the complete import FC-2024 and the work in progress FD-2025.
COMMANDS = [
    ["score", "-a", "UA-2018", "--format", "csv"],
    ["score", "-a", "UA-2018", "--ranked", "--format", "json"],
    ["score", "-a", "FC-2024", "--format", "csv"],
    ["score", "-a", "FD-2025", "--format", "csv"],
    ["simulate", "-a", "UA-2018", "--format", "csv"],
    ["simulate", "-a", "UA-2018", "--adopt", "13.S1,6.S2", "--format", "csv"],
    ["simulate", "-a", "FC-2024", "--set", "6=80", "--format", "csv"],
    ["recommend", "-a", "UA-2018", "--format", "csv"],
    ["show", "6.4", "-a", "UA-2018", "--format", "json"],
    ["show", "3.5", "-a", "FD-2025", "--format", "json"],
    ["deps", "open data portal", "-a", "UA-2018", "--format", "csv"],
    ["deps", "--list", "-a", "UA-2018", "--format", "csv"],
    ["deps", "--conflicts", "-a", "UA-2018", "--format", "csv"],
    ["deps", "13", "-a", "UA-2018", "--format", "csv"],
    ["query", "benchmark-evidence", "--param", "code=6.4", "--format", "csv"],
    ["compare", "UA-2018", "FC-2024", "--format", "csv"],
    ["validate", "--format", "csv"],
    ["validate", "--format", "text"],
    ["validate", "--format", "ttl"],
    ["validate", "--format", "json"],
    ["export", "--format", "qb"],
    ["export", "--format", "csv"],
]

# validate finds violations (exit 1) in FD-2025; the others exit 0.
EXIT = {"validate": 1}


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_virtuoso_output_is_identical(runner, virtuoso, data, args):
    embedded = runner.invoke(app, [*args, *data])
    remote = runner.invoke(app, [*args, "--endpoint", virtuoso])
    expected = EXIT.get(args[0], 0)
    assert embedded.exit_code == expected, embedded.output
    assert remote.exit_code == expected, remote.output
    assert remote.stdout == embedded.stdout
    assert len(embedded.stdout.splitlines()) > 1


def test_virtuoso_refuses_what_embedded_refuses(runner, virtuoso, data):
    """score --all refuses the work in progress with the same problems (the integrity query)."""
    embedded = runner.invoke(app, ["score", "--all", *data])
    remote = runner.invoke(app, ["score", "--all", "--endpoint", virtuoso])
    assert embedded.exit_code == remote.exit_code == 2
    assert "FD-2025" in embedded.stderr and "no rating" in embedded.stderr
    assert remote.stderr == embedded.stderr


@pytest.mark.parametrize("assessment", ["UA-2018"])
def test_virtuoso_report_is_identical(runner, virtuoso, data, tmp_path, assessment):
    """The HTML report, byte for byte but for the minute it was written in (of an assessment with
    its own recommendations: the recommendation rules run only in the embedded store)."""
    written = []
    for name, where in (("embedded", data), ("remote", ["--endpoint", virtuoso])):
        out = tmp_path / f"{name}.html"
        result = runner.invoke(app, ["report", "-a", assessment, "-o", str(out), *where])
        assert result.exit_code == 0, result.output
        html = out.read_text(encoding="utf-8")
        written.append(re.sub(r"on \d{4}-\d\d-\d\d \d\d:\d\d UTC", "on (time)", html))
    assert written[0] == written[1]
    assert assessment in written[0]


def test_virtuoso_never_cuts_an_answer(virtuoso):
    """Virtuoso stops at ResultSetMaxRows (10,000 as installed) and says so only in a header:
    eggo gives every row or an error naming the setting, never a short answer."""
    remote = RemoteStore(virtuoso)
    total = int(remote.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"])
    try:
        rows = remote.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    except EndpointError as exc:
        assert "ResultSetMaxRows" in str(exc)
    else:
        assert len(rows) == total


def test_validate_and_export_through_an_endpoint_refuse_what_they_cannot(runner, virtuoso):
    one_error_line(runner.invoke(app, ["export", "--format", "trig", "-e", virtuoso]), "qb or csv")
    bands = REPO / "data" / "framework" / "eggo-bands.ttl"
    one_error_line(
        runner.invoke(app, ["validate", "--bands", str(bands), "-e", virtuoso]), "--bands"
    )


@pytest.mark.parametrize("command", ["recommend", "report"])
def test_generated_recommendations_through_an_endpoint_are_refused(runner, virtuoso, command):
    """An imported assessment has no recommendations of its own, and the rules that generate them
    run only in the embedded store: one line saying so, never "nothing to recommend"."""
    result = runner.invoke(app, [command, "-a", "FC-2024", "-e", virtuoso])
    one_error_line(result, "embedded store", "--data")
