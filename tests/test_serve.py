"""eggo serve: a real SPARQL 1.1 endpoint that SPARQLWrapper and curl can use, with content
negotiation, refusing updates, stopping a runaway query at its time limit and capping results."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

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


@pytest.fixture(scope="session")
def served():
    port = free_port()
    command = [sys.executable, "-m", "eggo_graph", "serve", "--port", str(port)]
    command += ["--timeout", str(TIMEOUT), "--max-bytes", str(MAX_BYTES), "--workers", "2"]
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
    chosen = httpx.get(served, params={"example": "dimension-scores"}).text
    assert "AVG(?v) AS ?progressExact" in chosen
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
