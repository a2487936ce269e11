"""--endpoint on Virtuoso Open Source 7 (Debian's virtuoso-opensource): eggo load pushes the
dataset with --user (the password from the environment), and the read commands print exactly
what they print on the embedded store.

The tests use the Virtuoso at EGGO_VIRTUOSO_URL (default http://127.0.0.1:8890, user dba, password
EGGO_VIRTUOSO_PASSWORD or dba) and replace eggo's graphs there. They skip when no Virtuoso
answers, except where EGGO_REQUIRE_VIRTUOSO=1 (CI: .ci/run installs and starts one)."""

from __future__ import annotations

import os

import httpx
import pytest
from typer.testing import CliRunner

from eggo_graph.cli import app
from eggo_graph.dataset import open_dataset
from eggo_graph.remote import RemoteStore

VIRTUOSO = os.environ.get("EGGO_VIRTUOSO_URL", "http://127.0.0.1:8890").rstrip("/")
PASSWORD = os.environ.get("EGGO_VIRTUOSO_PASSWORD", "dba")


@pytest.fixture(scope="session")
def virtuoso() -> str:
    """The query URL, after `eggo load --user dba` pushed the embedded dataset."""
    try:
        httpx.get(f"{VIRTUOSO}/sparql", params={"query": "ASK {}"}, timeout=5)
    except httpx.HTTPError as exc:
        if os.environ.get("EGGO_REQUIRE_VIRTUOSO"):
            pytest.fail(f"no Virtuoso at {VIRTUOSO} ({exc}), and EGGO_REQUIRE_VIRTUOSO is set")
        pytest.skip(f"no Virtuoso at {VIRTUOSO}; set EGGO_VIRTUOSO_URL or start one")
    runner = CliRunner(env={"EGGO_ENDPOINT_PASSWORD": PASSWORD})
    store = f"{VIRTUOSO}/sparql-graph-crud-auth"
    result = runner.invoke(app, ["load", "-e", store, "--user", "dba", "-f", "csv"])
    assert result.exit_code == 0, result.output
    return f"{VIRTUOSO}/sparql"


def test_load_with_user_pushes_every_graph(virtuoso):
    expected = open_dataset([]).graphs()
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


# One of each kind of query (each takes seconds on Virtuoso, so not every variant is here).
COMMANDS = [
    ["score", "--format", "csv"],
    ["score", "--ranked", "--format", "json"],
    ["score", "--all", "--format", "csv"],
    ["simulate", "--format", "csv"],
    ["simulate", "--adopt", "13.S1,6.S2", "--format", "csv"],
    ["recommend", "--format", "csv"],
    ["show", "6.4", "--format", "json"],
    ["deps", "open data portal", "--format", "csv"],
    ["deps", "--list", "--format", "csv"],
    ["deps", "--conflicts", "--format", "csv"],
    ["deps", "13", "--format", "csv"],
    ["query", "benchmark-evidence", "--param", "code=6.4", "--format", "csv"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_virtuoso_output_is_identical(runner, virtuoso, args):
    embedded = runner.invoke(app, args)
    remote = runner.invoke(app, [*args, "--endpoint", virtuoso])
    assert embedded.exit_code == 0, embedded.output
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == embedded.stdout
    assert len(embedded.stdout.splitlines()) > 1
