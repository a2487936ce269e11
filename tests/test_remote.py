"""--endpoint: the same commands against a real Oxigraph server (from PyPI) give the same output as
the embedded store; eggo load pushes the graphs with the Graph Store Protocol; a failing endpoint
is one line and exit code 2."""

from __future__ import annotations

import shutil
import socket
import sys
import threading
from pathlib import Path

import pytest
from conftest import one_error_line
from servers import free_port, running

from eggo_graph.cli import app
from eggo_graph.dataset import open_dataset
from eggo_graph.errors import EndpointError
from eggo_graph.remote import RemoteStore

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")


@pytest.fixture(scope="session")
def oxigraph_url():
    """An in-memory Oxigraph server, read-write, with its default graph NOT the union (eggo must
    not rely on that setting)."""
    port = free_port()
    with running([OXIGRAPH, "serve", "--bind", f"127.0.0.1:{port}"], port):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def endpoint(oxigraph_url):
    """The query URL of the Oxigraph server, after `eggo load` pushed the dataset."""
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["load", "--endpoint", f"{oxigraph_url}/store", "-f", "csv"])
    assert result.exit_code == 0, result.output
    return f"{oxigraph_url}/query"


def test_load_pushes_every_graph(runner, oxigraph_url, endpoint, store):
    again = runner.invoke(app, ["load", "--endpoint", f"{oxigraph_url}/store", "-f", "csv"])
    assert again.exit_code == 0, again.output
    lines = again.stdout.splitlines()
    assert lines[0] == "graph,triples,status,seconds"
    pushed = {line.split(",")[0]: int(line.split(",")[1]) for line in lines[1:]}
    expected = open_dataset([]).graphs()  # the embedded store's graphs plus the rules'
    assert set(store.graphs()) <= set(expected)
    assert sorted(pushed) == expected
    assert all(line.split(",")[2] in ("200", "201", "204") for line in lines[1:])
    remote = RemoteStore(endpoint)
    assert remote.graphs() == expected
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert int(remote.select(count)[0]["n"]) == sum(pushed.values())  # loading twice adds nothing


COMMANDS = [
    ["score"],
    ["score", "--format", "csv"],
    ["score", "--ranked", "--format", "json"],
    ["score", "--all", "--format", "csv"],
    ["simulate", "--format", "csv"],
    ["simulate", "--set", "13=100", "--set", "15=50.5", "--format", "csv"],
    ["show", "6.4", "--format", "json"],
    ["query", "benchmark-evidence", "--param", "code=6.4", "--format", "csv"],
    ["query", "scores", "--format", "json"],
    ["deps", "open data portal", "--format", "csv"],
    ["recommend", "--format", "csv"],
    ["recommend", "--explain", "--top", "3"],
    ["simulate", "--adopt", "13.S1,6.S2", "--format", "csv"],
    ["deps", "--conflicts", "--format", "csv"],
    ["deps", "--list", "--format", "csv"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_endpoint_output_is_identical(runner, endpoint, args):
    embedded = runner.invoke(app, args)
    remote = runner.invoke(app, [*args, "--endpoint", endpoint])
    assert embedded.exit_code == 0, embedded.output
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == embedded.stdout
    assert len(embedded.stdout.splitlines()) > 1


@pytest.mark.parametrize("value", ['6.4" } ?s ?p ?o . { #', "6.4'\n} #", "6.4\\"])
def test_injected_text_stays_one_literal(runner, endpoint, value):
    """A value that tries to end its literal and add query text matches no code: no rows, no
    error, on either engine."""
    args = ["query", "benchmark-evidence", "-p", f"code={value}", "-f", "csv"]
    for result in (runner.invoke(app, args), runner.invoke(app, [*args, "-e", endpoint])):
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines()[1:] == []


def test_unreachable_endpoint(runner):
    url = f"http://127.0.0.1:{free_port()}/query"
    result = runner.invoke(app, ["score", "--endpoint", url])
    one_error_line(result, url, "cannot reach")


def test_error_status(runner, oxigraph_url):
    url = f"{oxigraph_url}/no-such-path"
    result = runner.invoke(app, ["score", "--endpoint", url])
    one_error_line(result, url, "HTTP 404")


def test_bad_url_and_data_with_endpoint(runner, endpoint, tmp_path):
    one_error_line(runner.invoke(app, ["score", "-e", "localhost:7878"]), "http(s) URL")
    extra = tmp_path / "x.ttl"
    extra.write_text("")
    one_error_line(
        runner.invoke(app, ["score", "-e", endpoint, "--data", str(extra)]), "--endpoint"
    )


def test_slow_endpoint_times_out():
    """A server that accepts the connection and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        accepted: list[socket.socket] = []
        thread = threading.Thread(target=lambda: accepted.append(listener.accept()[0]))
        thread.start()
        url = f"http://127.0.0.1:{port}/query"
        with pytest.raises(EndpointError, match="timeout") as info:
            RemoteStore(url, timeout=0.5).select("SELECT * WHERE { ?s ?p ?o }")
        assert url in str(info.value)
        thread.join()
        for conn in accepted:
            conn.close()


def test_shipped_graphs_have_stable_names(tmp_path):
    """Every shipped graph has a w3id IRI, never a file:// path that differs between installs;
    a user's file is still named by its path."""
    from eggo_graph.load import file_iri, parse_file
    from eggo_graph.resources import RULES_DIR

    graphs = open_dataset([]).graphs()
    assert graphs and all(g.startswith("https://w3id.org/eggo/") for g in graphs), graphs
    assert file_iri(RULES_DIR / "evidence.ttl") == "https://w3id.org/eggo/graph/rules/evidence"
    copy = tmp_path / "evidence.ttl"
    copy.write_bytes((RULES_DIR / "evidence.ttl").read_bytes())
    assert parse_file(copy).graphs == [copy.resolve().as_uri()]
