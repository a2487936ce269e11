"""One default-assessment rule (issue 13), the same locally and against a real Oxigraph server:
the one assessment of the --data files; else the one assessment loaded; else, with no --data, the
embedded UA-2018; else one line listing the candidates."""

from __future__ import annotations

import csv
import io

import pytest
from assessment_factory import benchmark_dimensions, write_assessment
from helpers import one_error_line
from servers import OXIGRAPH, free_port, running

from eggo_graph.assessments import select_assessment
from eggo_graph.cli import app
from eggo_graph.remote import RemoteStore
from eggo_graph.store import open_store

RATINGS = {code: (1, 2) for code in benchmark_dimensions()}


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("default")
    return {
        "FD-2025": write_assessment(tmp / "fd-2025.ttl", "FD", 2025, RATINGS),
        "GG-2026": write_assessment(tmp / "gg-2026.ttl", "GG", 2026, RATINGS),
    }


def chosen_locally(data, embedded=True) -> str:
    return select_assessment(open_store(data, embedded=embedded)).id


def score_assessment(runner, *args: str) -> str:
    result = runner.invoke(app, ["score", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def server():
    """A fresh in-memory Oxigraph server, read-write; yields a loader and the query URL."""
    from typer.testing import CliRunner

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with running([OXIGRAPH, "serve", "--bind", f"127.0.0.1:{port}"], port):

        def load(*args: str) -> None:
            result = CliRunner().invoke(app, ["load", "--endpoint", f"{url}/store", *args])
            assert result.exit_code == 0, result.output

        yield load, f"{url}/query", url


def clear(url: str) -> None:
    import urllib.request

    req = urllib.request.Request(
        f"{url}/update", data=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"}
    )
    urllib.request.urlopen(req, timeout=30).read()


def test_rules_locally(files):
    fd, gg = files["FD-2025"], files["GG-2026"]
    assert chosen_locally([]) == "UA-2018"  # 3. no --data: the embedded one
    assert chosen_locally([fd]) == "FD-2025"  # 1. the one assessment of the --data files
    assert chosen_locally([fd], embedded=False) == "FD-2025"  # 1 (and 2)
    with pytest.raises(
        Exception, match=r"2 assessments the --data files hold \(FD-2025, GG-2026\)"
    ):
        chosen_locally([fd, gg])


def test_a_data_file_without_an_assessment_keeps_the_embedded_default(tmp_path):
    landscape = tmp_path / "landscape.ttl"
    landscape.write_text(
        "@prefix eggo: <https://w3id.org/eggo/ontology#> .\n"
        '<https://example.org/l> a eggo:Landscape ; eggo:countryCode "FD" .\n'
    )
    assert chosen_locally([landscape]) == "UA-2018"  # 2. one assessment loaded in all


def test_score_without_assessment_scores_the_data_files_one(runner, files):
    """The issue's case: eggo score --data fd-2025.ttl scored UA-2018 silently."""
    fd_only = score_assessment(runner, "--data", str(files["FD-2025"]), "-a", "FD-2025")
    assert score_assessment(runner, "--data", str(files["FD-2025"])) == fd_only


def test_the_same_default_against_a_real_server(runner, files, server):
    load, query, url = server
    fd, gg = files["FD-2025"], files["GG-2026"]

    clear(url)
    load()  # the embedded dataset, as `eggo load` pushes it
    load("--no-embedded", "--data", str(fd))
    remote = RemoteStore(query)
    # with no --data, both pick the embedded UA-2018 when it is loaded beside others
    assert select_assessment(remote).id == "UA-2018" == chosen_locally([])
    local = runner.invoke(app, ["score", "--format", "csv"]).stdout
    assert runner.invoke(app, ["score", "--endpoint", query, "--format", "csv"]).stdout == local

    clear(url)
    load("--no-embedded", "--data", str(fd))
    # one assessment loaded in all: it, on both
    assert select_assessment(RemoteStore(query)).id == "FD-2025"
    assert chosen_locally([fd], embedded=False) == "FD-2025"
    remote_score = runner.invoke(app, ["score", "--endpoint", query, "--format", "csv"])
    local_score = runner.invoke(app, ["score", "--no-embedded", "--data", str(fd), "-f", "csv"])
    assert remote_score.exit_code == 0, remote_score.output
    assert remote_score.stdout == local_score.stdout
    rows = list(csv.DictReader(io.StringIO(remote_score.stdout)))
    assert rows and {r["progress"] for r in rows} == {"50.0"}

    load("--no-embedded", "--data", str(gg))
    # two, and no UA-2018: one line with the candidates, on both
    remote_line = one_error_line(runner.invoke(app, ["score", "--endpoint", query]))
    local_line = one_error_line(
        runner.invoke(app, ["score", "--no-embedded", "--data", str(fd), "--data", str(gg)])
    )
    for line in (remote_line, local_line):
        assert "FD-2025, GG-2026" in line and "--assessment" in line
