"""Shared fixtures. Paths are built from this file, never from the current directory."""

from __future__ import annotations

import os

import pytest
from helpers import SOURCE_TEXT
from typer.testing import CliRunner

from eggo_graph.assessments import Assessment, select_assessment
from eggo_graph.cli.common import State
from eggo_graph.store import Store, open_store


@pytest.fixture(scope="session")
def store() -> Store:
    """The embedded dataset, loaded once. Tests must not change it."""
    return open_store()


@pytest.fixture(scope="session")
def ukraine(store: Store) -> Assessment:
    return select_assessment(store, "UA-2018")


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"})


@pytest.fixture(scope="session")
def source_text() -> str:
    """The report's plain text; CI sets EGGO_REQUIRE_SOURCE=1 so that it is never skipped there."""
    if not SOURCE_TEXT.is_file():
        if os.environ.get("EGGO_REQUIRE_SOURCE"):
            pytest.fail(f"the source text is missing at {SOURCE_TEXT}; set EGGO_SOURCE_TEXT")
        pytest.skip(
            f"the source text is not at {SOURCE_TEXT}; set EGGO_SOURCE_TEXT to run this test"
        )
    return SOURCE_TEXT.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _no_debug():
    """Every test starts and ends without --debug (a test that passes it must not leak it)."""
    State.debug = False
    yield
    State.debug = False


@pytest.fixture(autouse=True)
def _no_store_from_the_environment(monkeypatch):
    """A developer's EGGO_STORE never reaches the tests (the CLI reads it as --store)."""
    monkeypatch.delenv("EGGO_STORE", raising=False)
