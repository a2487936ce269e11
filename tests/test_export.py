"""eggo export: the dataset in RDF formats with its named graphs, the dimension scores as a W3C
Data Cube that passes the standard's integrity constraints (and fails them when broken), CSV,
and safe file writing."""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox
import pytest
from helpers import IC_DIR, IC_FILES, IC_PREFIXES, ic12_grouped, violations

from eggo_graph.cli import app
from eggo_graph.dataset import open_dataset

QB = IC_PREFIXES["qb"]
EGGO = "https://w3id.org/eggo/ontology#"
SCORE = ox.NamedNode("https://w3id.org/eggo/cube/score")


def _export(runner, fmt: str) -> bytes:
    result = runner.invoke(app, ["export", "--format", fmt])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


@pytest.fixture(scope="module")
def cube_text() -> bytes:
    from typer.testing import CliRunner

    return _export(CliRunner(), "qb")


def _cube(cube_text: bytes) -> ox.Store:
    store = ox.Store()
    store.load(cube_text, format=ox.RdfFormat.TURTLE)
    return store


def test_all_integrity_constraints_are_here():
    numbers = {p.name[3:5] for p in IC_FILES}
    assert numbers == {f"{i:02d}" for i in range(1, 22)}


@pytest.mark.parametrize("path", IC_FILES, ids=lambda p: p.stem)
def test_cube_passes_integrity_constraint(cube_text, path):
    assert violations(_cube(cube_text), path) == []


def test_hierarchy_templates_are_instantiated(cube_text):
    """IC-21 is checked for real: the dimension code list hangs under the areas by the inverse
    of skos:broader; IC-20 has no instance (no plain parent-child property is used)."""
    store = _cube(cube_text)
    ic21 = (IC_DIR / "ic-21-codes-from-hierarchy-inverse.rq").read_text()
    ic20 = (IC_DIR / "ic-20-codes-from-hierarchy.rq").read_text()
    inst = store.query(ic21.partition("#---- instantiation")[2], prefixes=IC_PREFIXES)
    assert [r["p"].value for r in inst] == [IC_PREFIXES["skos"] + "broader"]
    assert list(store.query(ic20.partition("#---- instantiation")[2], prefixes=IC_PREFIXES)) == []


def _first_observation(store: ox.Store) -> ox.NamedNode:
    return min(
        (q.subject for q in store.quads_for_pattern(None, None, ox.NamedNode(QB + "Observation"))),
        key=str,
    )


def _set(store, s, p, o):
    for q in list(store.quads_for_pattern(s, p, None)):
        store.remove(q)
    if o is not None:
        store.add(ox.Quad(s, p, o))


def _duplicate(store, obs):
    twin = ox.NamedNode(obs.value + "-twin")
    for q in list(store.quads_for_pattern(obs, None, None)):
        store.add(ox.Quad(twin, q.predicate, q.object))


BREAKAGES = {
    "ic-01-unique-dataset": lambda s, o: s.add(
        ox.Quad(o, ox.NamedNode(QB + "dataSet"), ox.NamedNode("urn:x:other"))
    ),
    "ic-11-all-dimensions-required": lambda s, o: _set(s, o, ox.NamedNode(EGGO + "aspect"), None),
    "ic-12-no-duplicate-observations": _duplicate,
    "ic-14-all-measures-present": lambda s, o: _set(s, o, SCORE, None),
    "ic-19a-codes-from-code-list-scheme": lambda s, o: _set(
        s, o, ox.NamedNode(EGGO + "aspect"), ox.NamedNode(EGGO + "Red")
    ),
    "ic-21-codes-from-hierarchy-inverse": lambda s, o: _set(
        s,
        o,
        ox.NamedNode(EGGO + "dimension"),
        ox.NamedNode("https://w3id.org/eggo/framework/benchmark-6.4"),
    ),
}


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_a_broken_cube_fails_its_constraint(cube_text, name):
    store = _cube(cube_text)
    BREAKAGES[name](store, _first_observation(store))
    tripped = {v.split(" with ")[0] for path in IC_FILES for v in violations(store, path)}
    assert name in tripped


def test_cube_scores_are_the_score_table(runner, cube_text):
    store = _cube(cube_text)
    cube = {
        (r["code"].value, r["aspect"].value.rsplit("#", 1)[1].lower()): r["score"].value
        for r in store.query(
            """SELECT ?code ?aspect ?score WHERE {
                 ?o a qb:Observation ; eggo:dimension ?d ; eggo:aspect ?aspect ;
                    <https://w3id.org/eggo/cube/score> ?score .
                 ?d skos:notation ?code }""",
            prefixes={**IC_PREFIXES, "eggo": EGGO},
        )
    }
    table = runner.invoke(app, ["score", "--format", "csv"])
    expected = {}
    for row in csv.DictReader(io.StringIO(table.stdout)):
        if row["level"] == "dimension":
            expected[(row["code"], "progress")] = row["progress"]
            expected[(row["code"], "foresight")] = row["foresight"]
    assert len(cube) == 36
    assert {k: f"{float(v):.1f}" for k, v in cube.items()} == expected


def test_csv_export(runner):
    rows = list(csv.DictReader(io.StringIO(_export(runner, "csv").decode())))
    assert list(rows[0]) == ["assessment", "area", "dimension", "name", "aspect", "score", "status"]
    assert len(rows) == 36
    assert rows[0] == {
        "assessment": "UA-2018",
        "area": "A1",
        "dimension": "1",
        "name": "Policymaking",
        "aspect": "progress",
        "score": "33.3",
        "status": "FOLLOWER",
    }


def _comparable(items) -> tuple[set, dict]:
    """Statements without blank nodes, and how many with blank nodes each graph has (a parser
    gives blank nodes new labels)."""
    ground, blank = set(), {}
    for q in items:
        graph = getattr(q, "graph_name", None)
        if any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object)):
            blank[str(graph)] = blank.get(str(graph), 0) + 1
        else:
            ground.add(q)
    return ground, blank


@pytest.fixture(scope="module")
def dataset_quads():
    return set(open_dataset().oxigraph)


@pytest.mark.parametrize("fmt", ["trig", "jsonld"])
def test_dataset_formats_keep_named_graphs(runner, dataset_quads, fmt):
    rdf_format = {"trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD}[fmt]
    quads = set(ox.parse(_export(runner, fmt), format=rdf_format))
    assert _comparable(quads) == _comparable(dataset_quads)
    assert {q.graph_name for q in quads} == {q.graph_name for q in dataset_quads}


@pytest.mark.parametrize("fmt", ["ttl", "nt"])
def test_graph_formats_hold_the_union(runner, dataset_quads, fmt):
    rdf_format = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}[fmt]
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in dataset_quads}
    parsed = {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in ox.parse(_export(runner, fmt), format=rdf_format)
    }
    assert _comparable(parsed) == _comparable(triples)


def test_out_file_is_never_overwritten_without_force(runner, tmp_path):
    out = tmp_path / "scores.csv"
    out.write_text("keep me\n")
    refused = runner.invoke(app, ["export", "-f", "csv", "--out", str(out)])
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert out.read_text() == "keep me\n"
    forced = runner.invoke(app, ["export", "-f", "csv", "--out", str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    assert out.read_text().startswith("assessment,area,")
    assert [p.name for p in tmp_path.iterdir()] == ["scores.csv"]  # no temporary file left


def test_failed_export_writes_nothing(runner, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle")
    out = tmp_path / "out.trig"
    result = runner.invoke(app, ["export", "--data", str(bad), "--out", str(out)])
    assert result.exit_code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.ttl"]


def test_ic12_rewrite_agrees_with_the_standard(cube_text):
    store = _cube(cube_text)
    standard = IC_DIR / "ic-12-no-duplicate-observations.rq"
    assert ic12_grouped(store) is False and violations(store, standard) == []
    _duplicate(store, _first_observation(store))
    assert ic12_grouped(store) is True and violations(store, standard) != []
