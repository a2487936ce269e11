"""Institutions, registries, laws and the 104 recommendations: counted by SPARQL, quoted, and
explored with `eggo deps`."""

from __future__ import annotations

import csv
import io
import json

import pytest
from helpers import REPO, one_error_line
from rdflib import Graph, URIRef
from rdflib.namespace import ORG, RDF

from eggo_graph.cli import app
from eggo_graph.errors import InputError
from eggo_graph.landscape import dependencies, find_entity
from eggo_graph.namespaces import EGGO, ELI
from eggo_graph.queries import run

LANDSCAPE = REPO / "data" / "institutions" / "ukraine-2018.ttl"
RECOMMENDATIONS = REPO / "data" / "recommendations" / "ukraine-2018.ttl"
SEGA = URIRef("https://w3id.org/eggo/ua/org/sega")


def deps_json(runner, *args: str) -> dict:
    result = runner.invoke(app, ["deps", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# ------------------------------------------------------------------ the data


def test_recommendation_counts_by_sparql(store, ukraine):
    rows = run(store, "recommendation-counts", {"assessment": ukraine.term})
    by_horizon: dict[str, int] = {}
    by_risk: dict[str, int] = {}
    for r in rows:
        n = int(r["recommendations"])
        by_horizon[str(r["horizon"])] = by_horizon.get(str(r["horizon"]), 0) + n
        by_risk[str(r["risk"])] = by_risk.get(str(r["risk"]), 0) + n
    assert by_horizon == {"short": 62, "medium": 42}
    assert by_risk == {"High": 38, "Medium": 57, "Low": 9}


def test_every_recommendation_is_complete(store):
    rows = store.select(
        """SELECT ?id (COUNT(DISTINCT ?b) AS ?benchmarks) WHERE {
             ?r a eggo:Recommendation ; skos:notation ?id ; eggo:dimension ?d ;
                eggo:horizon ?h ; eggo:risk ?k ; eggo:recommendationText ?t ;
                eggo:rationale ?why ; eggo:quote ?q ; eggo:sourceLine ?l .
             OPTIONAL { ?r eggo:addresses ?b . ?b a eggo:Benchmark }
           } GROUP BY ?id"""
    )
    assert len(rows) == 104
    assert all(int(r["benchmarks"]) >= 1 for r in rows), [
        str(r["id"]) for r in rows if int(r["benchmarks"]) < 1
    ]
    ids = {str(r["id"]) for r in rows}
    assert {"13.S1", "14.M1", "16.M1", "1.S1"} <= ids


def test_recommendation_ids_follow_dimension_and_horizon(store):
    for r in store.select(
        """SELECT ?id ?dim ?h WHERE { ?r a eggo:Recommendation ; skos:notation ?id ;
             eggo:dimension/skos:notation ?dim ; eggo:horizon/skos:notation ?h }"""
    ):
        dim, _, rest = str(r["id"]).partition(".")
        assert dim == str(r["dim"]) and rest[0] == {"short": "S", "medium": "M"}[str(r["h"])]


@pytest.mark.parametrize(
    ("cls", "minimum"),
    [
        (EGGO.Actor, 30),
        (EGGO.Mandate, 60),
        (EGGO.BenchmarkLink, 100),
        (ELI.LegalResource, 20),
        (EGGO.Registry, 10),
    ],
)
def test_every_landscape_node_carries_a_quote(cls, minimum):
    """The verbatim check itself is test_data's; here: no node goes without a quote."""
    g = Graph().parse(LANDSCAPE)
    nodes = set(g.subjects(RDF.type, cls))
    assert len(nodes) >= minimum
    for n in nodes:
        assert g.value(n, EGGO.quote) and g.value(n, EGGO.sourceLine), f"{n} has no quote"


def test_the_named_institutions_are_there(store):
    labels = {
        str(r["abbr"]).lower()
        for r in store.select(
            "SELECT ?abbr WHERE { ?a a eggo:Actor ; eggo:abbreviation|skos:altLabel ?abbr }"
        )
    }
    for abbr in ["com", "sega", "gir", "moedt", "ssscip", "uss", "cert-ua", "nsdc", "nccc"]:
        assert abbr in labels, abbr
    for abbr in ["moj", "nais", "mia", "sms", "sfs", "tapas", "usaid", "egov4ukraine", "u-lead"]:
        assert abbr in labels, abbr


def test_institutions_use_w3c_org(store):
    (row,) = store.select(
        "SELECT (COUNT(*) AS ?n) WHERE { ?gir org:subOrganizationOf ?sega . "
        "?gir eggo:abbreviation 'GIR' . ?sega eggo:abbreviation 'SEGA' }"
    )
    assert int(row["n"]) == 1
    g = Graph().parse(LANDSCAPE)
    assert set(g.subjects(RDF.type, ORG.Organization))


def test_laws_have_type_number_and_date(store):
    rows = {
        str(r["number"]): r
        for r in store.select(
            "SELECT ?number ?date ?type WHERE { ?l a eli:LegalResource ; eli:id_local ?number ;"
            " eli:type_document/rdfs:label ?type . OPTIONAL { ?l eli:date_document ?date } }"
        )
    }
    assert str(rows["5203-VI"]["date"]) == "2012-09-16"
    assert str(rows["3163-VIII"]["date"]) == "2017-10-05"
    for n in ["649-p", "918-p", "394-p", "835", "606", "492", "275", "996", "4"]:
        assert n in rows, n
        assert str(rows[n]["type"]) == "Cabinet of Ministers decision"


def test_registry_figures(store):
    rows = store.select(
        """SELECT ?label ?indicator ?value WHERE { ?r skos:prefLabel ?label ; eggo:figure ?f .
           ?f eggo:indicator ?indicator ; eggo:indicatorValue ?value }"""
    )
    figures = {(str(r["label"]), float(r["value"])) for r in rows}
    assert ("Unified State Demographic Register", 20.0) in figures
    assert ("Unified State Open Data Portal (data.gov.ua)", 40000.0) in figures


# ------------------------------------------------------------------ eggo deps


def test_deps_sega(runner, store):
    d = deps_json(runner, "SEGA")
    assert d["entity"]["label"] == "State e-Government Agency"
    holds = {(r["relation"], r["name"]) for r in d["holds"]}
    assert ("holder", "Trembita interoperability platform") in holds
    assert any("Open Data Portal" in name for _, name in holds)
    assert {"policymaking", "implementation"} <= {rel for rel, _ in holds}
    named = {
        str(r["id"])
        for r in store.select(
            "SELECT ?id ?sega WHERE { ?r eggo:names ?sega ; skos:notation ?id }", {"sega": SEGA}
        )
    }
    assert len(named) >= 10
    listed = {r["code"] for r in d["recommendations"] if r["relation"] == "names"}
    assert listed == named


def test_deps_benchmark_6_6(runner):
    d = deps_json(runner, "6.6")
    upstream = {r["name"] for r in d["depends_on"]}
    assert "Trembita interoperability platform" in upstream
    assert "State e-Government Agency" in upstream
    assert 'State Enterprise "Government Information Resources"' in upstream
    assert "6.7" in {r["code"] for r in d["dependents"]}


def test_deps_names_any_case_and_abbreviation(store):
    for name in ["sega", "SEGA", "State e-Government Agency", "state E-GOVERNMENT agency"]:
        assert find_entity(store, name).iri == str(SEGA)
    assert find_entity(store, "trembita").kind == "platform"
    assert find_entity(store, "5203-vi").kind == "law"
    assert find_entity(store, "Data centers").kind == "dimension"


def test_deps_benchmarks_carry_ratings(store, ukraine):
    rows = dependencies(store, find_entity(store, "trembita"), ukraine)
    bench = {r.code: r for r in rows if r.section == "benchmarks"}
    assert bench["6.6"].progress in {"red", "amber", "green"}
    # the rating shown is the one in the graph
    (rating,) = store.select(
        """SELECT ?level ?a WHERE { ?r eggo:assessment ?a ; eggo:aspect eggo:Progress ;
             eggo:benchmark fw:benchmark-6.6 ; eggo:level/rdfs:label ?level }""",
        {"a": ukraine.term},
    )
    assert bench["6.6"].progress == str(rating["level"])


def test_deps_conflicts_report_sega_dual_role(runner):
    result = runner.invoke(app, ["deps", "--conflicts", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    dual = {r["institution"]: r for r in rows if r["kind"] == "dual role"}
    assert dual["State e-Government Agency"]["flagged"] == "yes"
    overlap = [r for r in rows if r["kind"] == "overlap"]
    assert {overlap[0]["institution"], overlap[0]["other"]} == {
        "State e-Government Agency",
        "Ministry of Economic Development and Trade",
    }


def test_deps_dot(runner):
    result = runner.invoke(app, ["deps", "trembita", "--format", "dot"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("digraph")
    assert "State e-Government Agency" in result.stdout and "->" in result.stdout


def test_deps_table_and_list(runner):
    out = runner.invoke(app, ["deps", "SEGA"]).stdout
    assert "Holds, runs or regulates" in out and "Trembita" in out
    listing = runner.invoke(app, ["deps", "--list", "--format", "csv"]).stdout
    kinds = {r["kind"] for r in csv.DictReader(io.StringIO(listing))}
    assert {"institution", "registry", "platform", "law", "dimension", "benchmark"} <= kinds


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["registry"], "matches 5 entries"),
        (["no-such-body"], "no institution, registry"),
        (['x" } ; DROP ALL ; { "'], "no institution, registry"),
        ([], "exactly one of NAME, --conflicts or --list"),
        (["SEGA", "--conflicts"], "exactly one of"),
    ],
)
def test_deps_bad_names_are_one_line(runner, args, expected):
    one_error_line(runner.invoke(app, ["deps", *args]), expected)


def test_crafted_name_is_a_plain_value(store):
    with pytest.raises(InputError):
        find_entity(store, 'x" } ; DROP ALL ; { "')
    assert find_entity(store, "SEGA").iri == str(SEGA)  # the store is intact
