"""Substituting bound values into query text (for remote endpoints) means exactly what the
embedded store's substitutions mean: every shipped query with parameters gives the same rows both
ways, and a value can never become query text."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from eggo_graph.errors import QueryError
from eggo_graph.namespaces import PREFIXES
from eggo_graph.queries import catalogue
from eggo_graph.store import Rows
from eggo_graph.substitute import substitute_bindings
from eggo_graph.terms import from_ox, to_ox

UA = URIRef("https://w3id.org/eggo/assessment/ua-2018")
VALUES = {
    "assessment": [UA],
    "code": [Literal("6.4"), Literal("13.1")],
    "dimensionCode": [Literal("13")],
    "framework": [URIRef("https://w3id.org/eggo/framework/eggo")],
    "needle": [Literal("sega"), Literal("registry"), Literal("")],
    "country": [Literal("UA")],
    "a": [UA],  # rating-changes: the two assessments compared
    "b": [UA],
    "entity": [
        URIRef("https://w3id.org/eggo/ua/org/sega"),
        URIRef("https://w3id.org/eggo/framework/benchmark-6.4"),
    ],
}


def native(store, query, bindings):
    """The rows with Oxigraph's own substitutions (SEP-0007), the reference meaning."""
    solutions = store.oxigraph.query(
        query,
        prefixes=PREFIXES,
        use_default_graph_as_union=True,
        substitutions={ox.Variable(k): to_ox(v) for k, v in bindings.items()},
    )
    names = [v.value for v in solutions.variables]
    return Rows(({n: from_ox(s[n]) for n in names if s[n] is not None} for s in solutions), names)


CASES = [(name, param) for name, q in sorted(catalogue().items()) for param in q.param_names]


@pytest.fixture(scope="module")
def generated_store():
    """The embedded dataset with the recommendation rules run (their queries read what they
    infer); its own store, since the shared one must not change."""
    from eggo_graph.recommendation_rules import generate
    from eggo_graph.store import open_store

    s = open_store()
    generate(s)
    return s


@pytest.mark.parametrize(("name", "param"), CASES, ids=[f"{n}-{p}" for n, p in CASES])
def test_substitution_means_what_the_embedded_binding_means(request, store, name, param):
    if name.startswith("generated-"):
        store = request.getfixturevalue("generated_store")
    q = catalogue()[name]
    found = 0
    for value in VALUES[param]:
        bound = native(store, q.text, {param: value})
        substituted = store.select(substitute_bindings(q.text, {param: value}))
        assert substituted.columns == bound.columns
        assert list(substituted) == list(bound)
        assert store.select(q.text, {param: value}) == bound  # what the embedded store does
        found += len(bound)
    # the integrity checks find nothing in good data; rating-changes needs two assessments;
    # deps-lookup needs its needle too (its country alone finds nothing)
    if (
        "integrity" not in name
        and name != "rating-changes"
        and (name, param)
        != (
            "deps-lookup",
            "country",
        )
    ):
        assert found, "no value finds rows: the case tests nothing"


def test_the_shape_of_a_substitution():
    query = """SELECT ?a ?b WHERE {
      { SELECT ?a (COUNT(*) AS ?n) WHERE { ?a ?p "?a" FILTER (?a != <u:?a>) } GROUP BY ?a }
      ?a <urn:x:p> ?b . # ?a in a comment
    } ORDER BY ?a DESC(?b)"""
    got = substitute_bindings(query, {"a": Literal('x" }')})
    t = '"x\\" }"'
    assert (
        got
        == f"""SELECT ({t} AS ?a) ?b WHERE {{
      {{ SELECT  (COUNT(*) AS ?n) WHERE {{ {t} ?p "?a" FILTER ({t} != <u:?a>) }} GROUP BY ({t}) }}
      {t} <urn:x:p> ?b . # ?a in a comment
    }} ORDER BY ({t}) DESC(?b)"""
    )


def test_other_variables_and_prefixed_names_are_untouched():
    query = "SELECT ?ab WHERE { ?ab ex:select ?a . ?a2 ?p $a }"
    got = substitute_bindings(query, {"a": URIRef("urn:x:v")})
    assert got == "SELECT ?ab WHERE { ?ab ex:select <urn:x:v> . ?a2 ?p <urn:x:v> }"


def test_the_embedded_store_keeps_a_bound_column_of_select_star(store):
    """SELECT * keeps the bound variable's column (the text substitution would drop it)."""
    rows = store.select("SELECT * WHERE { ?a a eggo:Assessment }", {"a": UA})
    assert rows.columns == ["a"] and rows == [{"a": UA}]


def test_the_embedded_store_refuses_a_bound_variable_it_does_not_project(store):
    with pytest.raises(QueryError, match="no projected variable"):
        store.select("SELECT ?b WHERE { ?a a ?b }", {"a": UA})
