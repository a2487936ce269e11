"""eggo serve: a real SPARQL 1.1 endpoint that SPARQLWrapper and curl can use, with content
negotiation, refusing updates, stopping a runaway query at its time limit and capping results."""

from __future__ import annotations

import csv
import io
import json
import shutil
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from servers import free_port, running
from SPARQLWrapper import JSON, SPARQLWrapper

from eggo_graph.cli import app
from eggo_graph.queries import catalogue

TIMEOUT = 2.0
MAX_BYTES = 300_000
AREAS = "SELECT ?code ?name WHERE { ?a a eggo:Area ; skos:notation ?code ; skos:prefLabel ?name }"
GRAPH = "CONSTRUCT { ?a skos:notation ?code } WHERE { ?a a eggo:Area ; skos:notation ?code }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


W3C = Path(__file__).resolve().parent / "w3c-protocol"


def w3c_data(folder: Path) -> list[Path]:
    """The W3C protocol tests' data files, each in the named graph its manifest gives."""
    manifest = ox.Store()
    manifest.load(path=str(W3C / "manifest.ttl"), base_iri=(W3C / "manifest.ttl").as_uri())
    rows = manifest.query(
        "PREFIX ut: <http://www.w3.org/2009/sparql/tests/test-update#> "
        "SELECT DISTINCT ?file ?label WHERE { ?t ut:graphData [ ut:graph ?file ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?label ] }"
    )
    files = []
    for row in rows:
        source = Path(row["file"].value.removeprefix("file://"))
        graph = ox.NamedNode(row["label"].value)
        quads = [
            ox.Quad(t.subject, t.predicate, t.object, graph) for t in ox.parse(path=str(source))
        ]
        target = folder / f"{source.stem}.nq"
        target.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
        files.append(target)
    return sorted(files)


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """One eggo serve for the session: the embedded data plus the W3C protocol tests' graphs."""
    port = free_port()
    command = [sys.executable, "-m", "eggo_graph", "serve", "--port", str(port)]
    command += ["--timeout", str(TIMEOUT), "--max-bytes", str(MAX_BYTES), "--workers", "2"]
    for path in w3c_data(tmp_path_factory.mktemp("w3c")):
        command += ["--data", str(path)]
    with running(command, port):
        yield f"http://127.0.0.1:{port}"


def test_sparqlwrapper(served):
    client = SPARQLWrapper(f"{served}/query")
    client.setQuery("PREFIX eggo: <https://w3id.org/eggo/ontology#>\n" + AREAS)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert sorted(r["code"]["value"] for r in rows) == ["A1", "A2", "A3", "A4", "A5"]


def _parse_areas(media: str, body: str) -> set[str]:
    if media == "application/sparql-results+json":
        return {b["code"]["value"] for b in json.loads(body)["results"]["bindings"]}
    if media == "application/sparql-results+xml":
        ns = "{http://www.w3.org/2005/sparql-results#}"
        root = ET.fromstring(body)
        return {e.text for e in root.iter(f"{ns}literal") if e.text and e.text.startswith("A")}
    if media == "text/csv":
        return {r["code"] for r in csv.DictReader(io.StringIO(body))}
    if media == "text/tab-separated-values":
        lines = body.splitlines()
        assert lines[0] == "?code\t?name"
        return {line.split("\t")[0].strip('"') for line in lines[1:]}
    fmt = {
        "text/turtle": ox.RdfFormat.TURTLE,
        "application/n-triples": ox.RdfFormat.N_TRIPLES,
        "application/ld+json": ox.RdfFormat.JSON_LD,
    }[media]
    return {t.object.value for t in ox.parse(body, format=fmt)}


MEDIA = {
    "application/sparql-results+json": AREAS,
    "application/sparql-results+xml": AREAS,
    "text/csv": AREAS,
    "text/tab-separated-values": AREAS,
    "text/turtle": GRAPH,
    "application/n-triples": GRAPH,
    "application/ld+json": GRAPH,
}


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
@pytest.mark.parametrize("media", sorted(MEDIA))
def test_curl_each_accept_type(served, media):
    curl = ["curl", "-sS", "-H", f"Accept: {media}", "--data-urlencode", f"query={MEDIA[media]}"]
    out = subprocess.run(
        [*curl, "-w", "\n%{http_code} %{content_type}", f"{served}/query"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    body, _, status_line = out.rpartition("\n")
    status, content_type = status_line.split(" ", 1)
    assert status == "200", body
    assert content_type.split(";")[0] == media
    assert _parse_areas(media, body) == {"A1", "A2", "A3", "A4", "A5"}


def test_get_post_and_direct_post_agree(served):
    url = f"{served}/query"
    accept = {"Accept": "text/csv"}
    got = httpx.get(url, params={"query": AREAS}, headers=accept)
    form = httpx.post(url, data={"query": AREAS}, headers=accept)
    direct = httpx.post(
        url, content=AREAS, headers={**accept, "Content-Type": "application/sparql-query"}
    )
    assert got.status_code == form.status_code == direct.status_code == 200
    assert sorted(got.text.splitlines()) == sorted(form.text.splitlines())
    assert sorted(got.text.splitlines()) == sorted(direct.text.splitlines())
    assert len(got.text.splitlines()) == 6


def test_dataset_parameters(served):
    """default-graph-uri narrows the default graph to the named graphs given."""
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s a eggo:Area }"
    url = f"{served}/query"
    union = httpx.get(url, params={"query": count, "format": "csv"}).text.splitlines()[1]
    ontology_only = httpx.get(
        url,
        params={
            "query": count,
            "format": "csv",
            "default-graph-uri": "https://w3id.org/eggo/ontology",
        },
    ).text.splitlines()[1]
    assert (union, ontology_only) == ("5", "0")


INSERT = "INSERT DATA { <urn:x:s> <urn:x:p> <urn:x:o> }"


def test_refuses_updates(served):
    attempts = [
        httpx.post(f"{served}/query", data={"update": INSERT}),
        httpx.post(f"{served}/update", data={"update": INSERT}),
        httpx.post(
            f"{served}/query",
            content=INSERT,
            headers={"Content-Type": "application/sparql-update"},
        ),
        httpx.get(f"{served}/query", params={"query": INSERT}),
    ]
    assert [r.status_code for r in attempts] == [403, 403, 403, 400]
    ask = httpx.get(f"{served}/query", params={"query": "ASK { <urn:x:s> ?p ?o }"}).json()
    assert ask["boolean"] is False


def test_stops_a_runaway_query(served):
    r = httpx.get(f"{served}/query", params={"query": RUNAWAY}, timeout=120)
    assert r.status_code == 503
    assert "time limit" in r.text
    # the server goes on answering
    after = httpx.get(f"{served}/query", params={"query": AREAS}, headers={"Accept": "text/csv"})
    assert after.status_code == 200 and len(after.text.splitlines()) == 6


def test_caps_result_size(served):
    r = httpx.get(f"{served}/query", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 507
    assert str(MAX_BYTES) in r.text
    small = httpx.get(f"{served}/query", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5"})
    assert small.status_code == 200 and len(small.json()["results"]["bindings"]) == 5


def test_negotiation_failures(served):
    url = f"{served}/query"
    assert (
        httpx.get(url, params={"query": AREAS}, headers={"Accept": "image/png"}).status_code == 406
    )
    assert httpx.get(url, params={"query": "SELECT * WHERE {"}).status_code == 400
    assert httpx.get(url).status_code == 400
    assert httpx.get(url, params={"query": AREAS, "format": "pdf"}).status_code == 400


def test_start_page(served):
    page = httpx.get(served)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<textarea name="query"' in page.text
    for name in catalogue():
        assert f"?example={name}" in page.text
    chosen = httpx.get(served, params={"example": "scores"}).text
    assert "AVG(?p) AS ?progressExact" in chosen
    # the page's form: GET /query with the box's text and the format picker left on "by Accept"
    submitted = httpx.get(f"{served}/query", params={"query": AREAS, "format": ""})
    assert submitted.status_code == 200 and len(submitted.json()["results"]["bindings"]) == 5


def test_public_host_needs_consent(runner):
    result = runner.invoke(app, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "--public" in result.stderr


def readme_curl_examples() -> list[tuple[str, str]]:
    import re

    from helpers import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Use your own SPARQL client", 1)[1].split("\n## ", 1)[0]
    examples = []
    for block in re.findall(r"```console\n(.*?)```", section, flags=re.S):
        for part in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = part.partition("\n")
            examples.append((command.strip(), output))
    return examples


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
@pytest.mark.parametrize(("command", "expected"), readme_curl_examples())
def test_readme_curl_output_is_real(served, command, expected):
    import shlex

    from helpers import REPO

    args = [a.replace("http://127.0.0.1:7878", served) for a in shlex.split(command)]
    assert args[0] == "curl"
    got = subprocess.run(args, capture_output=True, text=True, check=True, cwd=REPO).stdout
    assert got == expected


def test_readme_has_curl_examples():
    assert len(readme_curl_examples()) >= 7


def test_eggo_reads_from_eggo_serve(runner, served):
    """eggo serve is a SPARQL endpoint like any other: --endpoint gives the embedded output."""
    args = ["score", "--format", "csv"]
    remote = runner.invoke(app, [*args, "--endpoint", f"{served}/query"])
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == runner.invoke(app, args).stdout


def test_port_in_use_is_one_line(runner, served):
    port = served.rsplit(":", 1)[1]
    result = runner.invoke(app, ["serve", "--port", port])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "cannot listen on" in result.stderr


# ---------------------------------------------------------------- hardening (issue 15)


def test_service_is_refused(served):
    """SERVICE would make the server send requests into its network: refused, nothing sent."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.5)
        target = f"http://127.0.0.1:{listener.getsockname()[1]}/internal"
        for text in (
            f"SELECT ?s WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
            f"PREFIX x: <{target[:-8]}> SELECT * {{ SERVICE SILENT x:internal {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ BIND (<{target}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ \\u0053ERVICE <{target}> {{ ?s ?p ?o }} }}",
        ):
            r = httpx.post(f"{served}/query", data={"query": text})
            assert r.status_code == 403, (text, r.text)
            assert "SERVICE" in r.text and "refused" in r.text
        with pytest.raises(TimeoutError):
            listener.accept()  # no connection was made
    # the word inside a string, an IRI or a comment is no SERVICE clause
    harmless = "SELECT ?x WHERE { BIND ('SERVICE <http://x/>' AS ?x) } # SERVICE <http://y/>"
    assert httpx.get(f"{served}/query", params={"query": harmless}).status_code == 200


def test_chunked_body_past_the_limit_is_refused(served):
    """The 4 MB limit counts the bytes as they arrive, whether or not a length was declared."""
    sent = 0

    def chunks():
        nonlocal sent
        yield b"query=" + b"x" * 65_530
        for _ in range(200):  # 13 MB if the server kept reading
            sent += 65_536
            yield b"x" * 65_536

    r = httpx.post(
        f"{served}/query",
        content=chunks(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        timeout=30,
    )
    assert r.status_code == 413 and "longer than" in r.text
    assert httpx.get(f"{served}/query", params={"query": "ASK {}"}).status_code == 200


def test_deep_nesting_is_refused_before_parsing(served):
    from eggo_graph.query_guard import MAX_DEPTH

    deep = "SELECT * WHERE " + "{" * 3000 + "}" * 3000
    for _ in range(3):
        r = httpx.post(f"{served}/query", data={"query": deep})
        assert r.status_code == 400 and f"the limit is {MAX_DEPTH}" in r.text
    at_limit = "SELECT * WHERE " + "{" * MAX_DEPTH + "}" * MAX_DEPTH
    assert httpx.post(f"{served}/query", data={"query": at_limit}).status_code == 200


def _count(served: str, query: str, **params) -> int:
    r = httpx.get(f"{served}/query", params={"query": query, "format": "csv", **params})
    assert r.status_code == 200, r.text
    return int(r.text.splitlines()[1])


def test_from_replaces_the_default_graph(served):
    ua = "https://w3id.org/eggo/assessment/ua-2018"
    union = _count(served, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    own = _count(served, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ua}> {{ ?s ?p ?o }} }}")
    assert 0 < own < union
    assert _count(served, f"SELECT (COUNT(*) AS ?n) FROM <{ua}> WHERE {{ ?s ?p ?o }}") == own
    # FROM NAMED alone: an empty default graph, one named graph
    named = (
        f"SELECT (COUNT(*) AS ?n) FROM NAMED <{ua}> "
        "WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    )
    assert _count(served, named) == own
    # the request's dataset wins over the query's
    ontology = "https://w3id.org/eggo/ontology"
    in_ontology = _count(
        served, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ontology}> {{ ?s ?p ?o }} }}"
    )
    overridden = _count(
        served,
        f"SELECT (COUNT(*) AS ?n) FROM <{ua}> WHERE {{ ?s ?p ?o }}",
        **{"default-graph-uri": ontology},
    )
    assert overridden == in_ontology != own


def test_invalid_utf8_is_refused(served):
    url = f"{served}/query"
    bad = b'SELECT ?x WHERE { BIND ("\xff\xfe" AS ?x) }'
    direct = httpx.post(url, content=bad, headers={"Content-Type": "application/sparql-query"})
    form = httpx.post(
        url,
        content=b"query=" + bad.replace(b"\xff\xfe", b"%FF%FE").replace(b" ", b"+"),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    got = httpx.get(f"{url}?query=ASK%20%7B%20FILTER(%22%FF%22)%20%7D")
    utf16 = httpx.post(
        url,
        content="ASK {}".encode("utf-16"),
        headers={"Content-Type": "application/sparql-query; charset=UTF-16"},
    )
    assert [r.status_code for r in (direct, form, got, utf16)] == [400, 400, 400, 415]
    assert "UTF-8" in direct.text and "UTF-8" in form.text and "UTF-8" in got.text
    good = httpx.get(url, params={"query": 'ASK { FILTER ("é" = "é") }'}).json()
    assert good["boolean"] is True


def test_public_prints_a_warning(runner, monkeypatch):
    import eggo_graph.cli.serve as serve_command

    started = []
    monkeypatch.setattr(serve_command, "run_server", lambda *a, **k: started.append(a))
    result = runner.invoke(app, ["serve", "--host", "0.0.0.0", "--public"])
    assert result.exit_code == 0 and started
    assert "reachable from the network" in result.stderr
    assert "without TLS or authentication" in result.stderr and "reverse proxy" in result.stderr
    quiet = runner.invoke(app, ["serve"])
    assert quiet.exit_code == 0 and "warning" not in quiet.stderr


def test_readme_documents_a_reverse_proxy():
    from helpers import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Serving safely", 1)[1].split("\n### ", 1)[0]
    assert "proxy_pass http://127.0.0.1:7878" in section
    assert "X-Forwarded-For" in section and "--public" in section


# ---------------------------------------------------------------- the W3C protocol tests

_MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
_HT = "http://www.w3.org/2011/http#"
_CNT = "http://www.w3.org/2011/content#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def w3c_query_tests() -> list[dict]:
    """The manifest's query tests (the 20 whose names contain no 'update'), one request each."""
    manifest = ox.Store()
    manifest.load(path=str(W3C / "manifest.ttl"), base_iri=(W3C / "manifest.ttl").as_uri())
    prologue = f"PREFIX mf: <{_MF}> PREFIX ht: <{_HT}> PREFIX cnt: <{_CNT}> PREFIX rdf: <{_RDF}> "
    tests = []
    for row in manifest.query(
        prologue + "SELECT ?t ?name ?r WHERE { ?t a mf:ProtocolTest ; mf:name ?name ; "
        "mf:action/ht:requests/rdf:first ?r FILTER (!CONTAINS(STR(?t), 'update')) } ORDER BY ?t"
    ):
        request = row["r"]

        def one(predicate: str, subject=request):
            found = list(manifest.quads_for_pattern(subject, ox.NamedNode(predicate), None))
            return found[0].object if found else None

        headers = {}
        for h in manifest.query(
            prologue
            + "SELECT ?r ?n ?v WHERE { ?r ht:headers/rdf:rest*/rdf:first [ ht:fieldName ?n ; "
            "ht:fieldValue ?v ] }",
            substitutions={ox.Variable("r"): request},
        ):
            headers[h["n"].value] = h["v"].value
        body = one(_HT + "body")
        response = one(_HT + "resp")
        statuses = {
            s.object.value.rsplit("StatusCode", 1)[1]
            for s in manifest.quads_for_pattern(
                response, ox.NamedNode(_MF + "expectedStatus"), None
            )
        }
        boolean = one(_MF + "expectedBoolean", response)
        fmt = one(_MF + "expectedFormat", response)
        encoding = one(_CNT + "characterEncoding", body) if body else None
        tests.append(
            {
                "id": row["t"].value.rsplit("#", 1)[1],
                "method": one(_HT + "methodName").value,
                "path": one(_HT + "absolutePath").value,
                "headers": headers,
                "body": one(_CNT + "chars", body).value.encode(encoding.value) if body else None,
                "statuses": statuses,
                "boolean": None if boolean is None else boolean.value == "true",
                "format": fmt.value if fmt else None,
            }
        )
    return tests


W3C_TESTS = w3c_query_tests()


def test_w3c_suite_has_the_20_query_tests():
    assert len(W3C_TESTS) == 20


@pytest.mark.parametrize("case", W3C_TESTS, ids=[t["id"] for t in W3C_TESTS])
def test_w3c_protocol(served, case):
    path = case["path"].replace("/sparql/", "/sparql", 1)
    r = httpx.request(
        case["method"], served + path, headers=case["headers"], content=case["body"], timeout=30
    )
    assert f"{str(r.status_code)[0]}xx" in case["statuses"], (r.status_code, r.text)
    if case["format"] in ("boolean", "tabular"):
        media = r.headers["content-type"].split(";")[0]
        fmt = {
            "application/sparql-results+json": ox.QueryResultsFormat.JSON,
            "application/sparql-results+xml": ox.QueryResultsFormat.XML,
        }[media]
        result = ox.parse_query_results(r.content, fmt)
        if case["format"] == "boolean":
            assert isinstance(result, ox.QueryBoolean)
            if case["boolean"] is not None:
                assert bool(result) is case["boolean"]
        else:
            assert isinstance(result, ox.QuerySolutions) and len(list(result)) == 1
    elif case["format"] == "RDF":
        media = r.headers["content-type"].split(";")[0]
        assert media in ("text/turtle", "application/n-triples", "application/ld+json")
        list(ox.parse(r.content, format=ox.RdfFormat.from_media_type(media)))
