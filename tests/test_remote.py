"""--endpoint: the same commands against a real Oxigraph server (from PyPI) give the same output as
the embedded store; eggo load pushes the graphs with the Graph Store Protocol; a failing endpoint
is one line and exit code 2."""

from __future__ import annotations

import socket
import sys
import threading

import pytest
from helpers import one_error_line
from servers import OXIGRAPH, free_port, running

from eggo_graph.cli import app
from eggo_graph.dataset import open_dataset
from eggo_graph.errors import EndpointError
from eggo_graph.remote import RemoteStore


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
    ["validate", "--format", "json"],
    ["export", "--format", "qb"],
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


@pytest.mark.parametrize(
    "command", [["score"], ["validate"], ["export", "-f", "qb"], ["report", "-o", "r.html"]]
)
def test_unreachable_endpoint(runner, command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    url = f"http://127.0.0.1:{free_port()}/query"
    result = runner.invoke(app, [*command, "--endpoint", url])
    one_error_line(result, url, "cannot reach")
    assert not (tmp_path / "r.html").exists()


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


def test_endpoint_queries_name_only_the_assessments_graphs(tmp_path, runner):
    """On a store whose default graph is not the union, a query about one assessment names the
    shared graphs and that assessment's own, not every graph of the store."""
    from assessment_factory import benchmark_dimensions, write_assessment
    from rdflib import URIRef

    extra = write_assessment(
        tmp_path / "xx-2030.ttl", "XX", 2030, {c: (1, 2) for c in benchmark_dimensions()}
    )
    port = free_port()
    with running([OXIGRAPH, "serve", "--bind", f"127.0.0.1:{port}"], port):
        url = f"http://127.0.0.1:{port}"
        load = runner.invoke(app, ["load", "-e", f"{url}/store", "-d", str(extra), "-f", "csv"])
        assert load.exit_code == 0, load.output
        remote = RemoteStore(f"{url}/query")
        ua = "https://w3id.org/eggo/assessment/ua-2018"
        scoped = remote.dataset({"assessment": URIRef(ua)})
        assert ua in scoped and "https://w3id.org/eggo/ontology" in scoped
        assert not any("xx-2030" in g for g in scoped)
        assert any("xx-2030" in g for g in remote.graphs())
        for args in (
            ["score", "-a", "UA-2018", "-f", "csv"],
            ["score", "-a", "XX-2030"],
            ["compare", "UA-2018", "XX-2030", "-f", "csv"],
        ):
            embedded = runner.invoke(app, [*args, "-d", str(extra)])
            through = runner.invoke(app, [*args, "-e", f"{url}/query"])
            assert through.exit_code == 0, through.output
            assert through.stdout == embedded.stdout


def test_eggo_serve_needs_no_dataset_parameters(tmp_path):
    """An endpoint whose default graph is the union (eggo serve) gets no graph list at all."""
    port = free_port()
    command = [sys.executable, "-m", "eggo_graph", "serve", "--port", str(port)]
    with running(command, port):
        remote = RemoteStore(f"http://127.0.0.1:{port}/query")
        assert remote.dataset() is None
        assert int(remote.select("SELECT (COUNT(*) AS ?n) WHERE { ?a a eggo:Area }")[0]["n"]) == 5


class _GraphStore(threading.Thread):
    """A stand-in Graph Store Protocol endpoint: 201 for the first `good` PUTs, then 500; with
    `password`, it wants HTTP Basic auth as user "eggo"."""

    def __init__(self, good: int, password: str | None = None) -> None:
        import base64
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        store = self
        self.puts = 0
        expected = (
            "Basic " + base64.b64encode(f"eggo:{password}".encode()).decode() if password else None
        )

        class Handler(BaseHTTPRequestHandler):
            def do_PUT(self) -> None:
                self.rfile.read(int(self.headers.get("content-length") or 0))
                if expected and self.headers.get("authorization") != expected:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="store"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                store.puts += 1
                status = 201 if store.puts <= good else 500
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/store"
        super().__init__(target=self.server.serve_forever, daemon=True)


def test_interrupted_load_says_how_many_graphs_were_pushed(runner):
    store = _GraphStore(good=3)
    store.start()
    try:
        result = runner.invoke(app, ["load", "-e", store.url])
    finally:
        store.server.shutdown()
    line = one_error_line(result, store.url, "HTTP 500")
    total = len(open_dataset([]).graphs())
    assert f"after pushing 3 of {total} graphs" in line and "rerun" in line


def test_load_user_takes_the_password_from_the_environment(runner, monkeypatch):
    monkeypatch.delenv("EGGO_ENDPOINT_PASSWORD", raising=False)
    store = _GraphStore(good=100, password="s3cret")
    store.start()
    try:
        missing = runner.invoke(app, ["load", "-e", store.url, "--user", "eggo"])
        one_error_line(missing, "EGGO_ENDPOINT_PASSWORD")
        anonymous = runner.invoke(app, ["load", "-e", store.url])
        one_error_line(anonymous, "HTTP 401")
        monkeypatch.setenv("EGGO_ENDPOINT_PASSWORD", "s3cret")
        ok = runner.invoke(app, ["load", "-e", store.url, "--user", "eggo", "-f", "csv"])
        assert ok.exit_code == 0, ok.output
        assert store.puts == len(open_dataset([]).graphs())
    finally:
        store.server.shutdown()
    assert "--password" not in runner.invoke(app, ["load", "--help"]).stdout


class _Answering(threading.Thread):
    """A stand-in SPARQL endpoint that answers every query with `rows` solutions of ?n and the
    given extra headers (what Virtuoso sends when it cuts or stops a query)."""

    def __init__(self, rows: int, headers: dict[str, str]) -> None:
        import json
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        bindings = [{"n": {"type": "literal", "value": str(i)}} for i in range(rows)]
        body = json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": bindings}}).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("content-length") or 0))
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        super().__init__(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> str:
        self.start()
        return self.url

    def __exit__(self, *exc) -> None:
        self.server.shutdown()


QUERY = "SELECT ?n WHERE { ?n ?p ?o }"


def test_an_answer_cut_at_the_row_limit_is_an_error():
    """Virtuoso cuts a result at ResultSetMaxRows and says so only in a header."""
    with _Answering(5, {"X-SPARQL-MaxRows": "5"}) as url:
        with pytest.raises(EndpointError, match="ResultSetMaxRows") as info:
            RemoteStore(url).select(QUERY)
        assert "5 rows" in str(info.value) and url in str(info.value)
    with _Answering(4, {"X-SPARQL-MaxRows": "5"}) as url:  # under the limit: complete
        assert [int(r["n"]) for r in RemoteStore(url).select(QUERY)] == [0, 1, 2, 3]


def test_a_partial_answer_is_an_error():
    """Virtuoso's "anytime" answers: what it found before its time limit."""
    headers = {"X-SQL-State": "S1TAT", "X-SQL-Message": "RC...: Returning incomplete results"}
    with _Answering(3, headers) as url, pytest.raises(EndpointError) as info:
        RemoteStore(url).select(QUERY)
    assert "partial result" in str(info.value) and "MaxQueryExecutionTime" in str(info.value)


def test_the_timeout_comes_from_the_environment(monkeypatch, runner):
    from eggo_graph.remote import endpoint_timeout

    monkeypatch.setenv("EGGO_ENDPOINT_TIMEOUT", "2.5")
    assert endpoint_timeout() == 2.5
    assert RemoteStore("http://127.0.0.1:1/sparql")._client.timeout.read == 2.5
    for bad in ("soon", "0", "-3", "inf", "nan"):
        monkeypatch.setenv("EGGO_ENDPOINT_TIMEOUT", bad)
        line = one_error_line(
            runner.invoke(app, ["score", "-e", "http://127.0.0.1:1/sparql"]),
            "EGGO_ENDPOINT_TIMEOUT",
        )
        assert "positive number" in line
