"""Data that cannot be scored honestly is refused with one clear line, never averaged away:
duplicates, off-scale levels, unknown or unrated benchmarks, a copy of an already loaded graph,
malformed scenarios, and ambiguous assessments."""

from __future__ import annotations

import csv
import io

import pytest
from assessment_factory import assessment_graph, benchmark_dimensions
from helpers import GOLDEN, expected_table, one_error_line
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from eggo_graph.cli import app
from eggo_graph.namespaces import EGGO, FW
from eggo_graph.resources import DATA_DIR

UKRAINE = DATA_DIR / "assessments" / "ukraine-2018.ttl"
CODES = list(benchmark_dimensions())


def write(tmp_path, name, graph):
    path = tmp_path / name
    graph.serialize(path, format="turtle")
    return path


def complete(country="QQ", year=2040):
    return assessment_graph(country, year, {c: (1, 1) for c in CODES})


def assessment_iri(g):
    return next(g.subjects(RDF.type, EGGO.Assessment))


def score(runner, *args):
    return runner.invoke(app, ["score", "--no-embedded", *args])


def test_valid_synthetic_assessment_scores(runner, tmp_path):
    """A complete synthetic assessment scores, every row as the independent computation says."""
    ratings = {c: (i % 3, (i + 1) % 3) for i, c in enumerate(CODES)}
    path = write(tmp_path, "ok.ttl", assessment_graph("QQ", 2040, ratings))
    result = score(runner, "--data", str(path), "-f", "csv")
    assert result.exit_code == 0, result.output
    got = {
        r["code"]: (r["progress"], r["foresight"], r["status"])
        for r in csv.DictReader(io.StringIO(result.stdout))
    }
    assert got == {code: row[:3] for code, row in expected_table(ratings).items()}


def test_an_edited_copy_does_not_merge_with_the_embedded_graph(runner, tmp_path):
    copy = tmp_path / "ua-copy.ttl"
    copy.write_text(UKRAINE.read_text(encoding="utf-8"), encoding="utf-8")
    line = one_error_line(runner.invoke(app, ["score", "--data", str(copy)]))
    assert "already loaded" in line and "--no-embedded" in line
    result = runner.invoke(app, ["score", "--no-embedded", "--data", str(copy), "-f", "csv"])
    assert result.stdout == (GOLDEN / "score.csv").read_text()


def test_a_benchmark_rated_twice(runner, tmp_path):
    g = complete()
    extra = URIRef("https://example.org/extra-rating")
    for p, o in [
        (RDF.type, EGGO.Rating),
        (EGGO.assessment, assessment_iri(g)),
        (EGGO.benchmark, FW["benchmark-1.1"]),
        (EGGO.aspect, EGGO.Progress),
        (EGGO.level, EGGO.Green),
    ]:
        g.add((extra, p, o))
    line = one_error_line(score(runner, "--data", str(write(tmp_path, "twice.ttl", g))))
    assert "1.1 progress: rated more than once" in line


def test_a_level_off_the_scale(runner, tmp_path):
    g = complete()
    rating = next(r for r in g.subjects(EGGO.benchmark, FW["benchmark-1.1"]))
    g.set((rating, EGGO.level, EGGO.Orange))
    line = one_error_line(score(runner, "--data", str(write(tmp_path, "orange.ttl", g))))
    assert "not on the red/amber/green scale" in line


def test_a_dimension_left_unrated(runner, tmp_path):
    g = assessment_graph("QQ", 2040, {c: (1, 1) for c in CODES if not c.startswith("12.")})
    line = one_error_line(score(runner, "--data", str(write(tmp_path, "no12.ttl", g))))
    assert "12.1 foresight: no rating" in line
    line = one_error_line(
        runner.invoke(
            app,
            ["simulate", "--no-embedded", "--data", str(tmp_path / "no12.ttl"), "--set", "12=100"],
        )
    )
    assert "cannot be scored" in line


def test_an_unknown_benchmark(runner, tmp_path):
    g = assessment_graph("QQ", 2040, {**{c: (1, 1) for c in CODES}, "19.1": (2, 2)})
    line = one_error_line(score(runner, "--data", str(write(tmp_path, "b19.ttl", g))))
    assert "benchmark-19.1" in line and "not a benchmark of the assessment's framework" in line


def scenario_graph(settings_by_scenario, builds_on=()):
    g = complete()
    a = assessment_iri(g)
    for name, settings in settings_by_scenario.items():
        s = URIRef(f"https://example.org/{name}")
        g.add((s, RDF.type, EGGO.Scenario))
        g.add((s, EGGO.assessment, a))
        g.add((s, RDFS.label, Literal(name)))
        for i, (dim, target) in enumerate(settings):
            setting = URIRef(f"https://example.org/{name}-setting-{i}")
            g.add((s, EGGO.setting, setting))
            g.add((setting, EGGO.dimension, FW[f"dimension-{dim}"]))
            g.add((setting, EGGO.aspect, EGGO.Foresight))
            g.add((setting, EGGO.targetPercent, Literal(target)))
    for child, parent in builds_on:
        g.add(
            (
                URIRef(f"https://example.org/{child}"),
                EGGO.buildsOn,
                URIRef(f"https://example.org/{parent}"),
            )
        )
    return g


@pytest.mark.parametrize(
    ("settings", "builds_on", "expected"),
    [
        ({"s1": [(13, 100), (13, 0)]}, (), "sets one dimension twice"),
        ({"s1": [(13, 1000)]}, (), "without a target from 0 to 100"),
        ({"s1": [(13, 100)], "s2": [(15, 100)]}, [("s1", "s2"), ("s2", "s1")], "builds on itself"),
    ],
)
def test_malformed_scenarios(runner, tmp_path, settings, builds_on, expected):
    path = write(tmp_path, "sc.ttl", scenario_graph(settings, builds_on))
    line = one_error_line(runner.invoke(app, ["simulate", "--no-embedded", "--data", str(path)]))
    assert expected in line


def test_nearer_scenario_setting_wins(runner, tmp_path):
    # all foresight amber (50); s2 builds on s1 and lowers D13 again
    g = scenario_graph({"s1": [(13, 100)], "s2": [(13, 50)]}, [("s2", "s1")])
    path = write(tmp_path, "chain.ttl", g)
    result = runner.invoke(app, ["simulate", "--no-embedded", "--data", str(path), "-f", "csv"])
    rows = {r["name"]: r["average"] for r in csv.DictReader(io.StringIO(result.stdout))}
    assert rows == {"s1": f"{(17 * 50 + 100) / 18:.1f}", "s2": "50.0"}


def test_set_rejects_more_than_two_decimals(runner):
    assert "more than two decimals" in one_error_line(
        runner.invoke(app, ["simulate", "--set", "13=33.333"])
    )
    result = runner.invoke(app, ["simulate", "--set", "13=1e2", "-f", "csv"])
    assert result.stdout.splitlines()[-1].startswith("what-if,What-if: D13=100,")


def test_a_second_framework_does_not_confuse_settings(runner, tmp_path):
    text = (DATA_DIR / "framework" / "eggo-framework.ttl").read_text(encoding="utf-8")
    other = tmp_path / "other-framework.ttl"
    other.write_text(
        text.replace(
            "<https://w3id.org/eggo/framework/>", "<https://example.org/other-framework/>"
        ),
        encoding="utf-8",
    )
    base = runner.invoke(app, ["simulate", "--set", "13=100", "-f", "csv"]).stdout
    both = runner.invoke(app, ["simulate", "--set", "13=100", "--data", str(other), "-f", "csv"])
    assert both.exit_code == 0, both.output
    assert both.stdout == base
    show = runner.invoke(app, ["show", "6.4", "--data", str(other), "-f", "json"])
    assert show.exit_code == 0, show.output


def test_extra_labels_do_not_split_an_assessment(runner, tmp_path):
    extra = tmp_path / "uk-label.nt"
    extra.write_text(
        "<https://w3id.org/eggo/assessment/ua-2018> "
        '<http://www.w3.org/2000/01/rdf-schema#label> "Оцінка"@uk .\n',
        encoding="utf-8",
    )
    # an N-Triples file without an assessment node of its own gets a graph named after the file
    result = runner.invoke(app, ["score", "--data", str(extra), "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (GOLDEN / "score.csv").read_text()


def test_two_assessments_with_one_id(runner, tmp_path):
    g = complete("UA", 2018)
    path = write(tmp_path, "other-ua.ttl", g)
    line = one_error_line(runner.invoke(app, ["score", "--data", str(path), "-a", "UA-2018"]))
    assert "2 assessments have the id 'UA-2018'" in line and "IRI" in line
    iri = str(assessment_iri(g))
    result = runner.invoke(app, ["score", "--data", str(path), "-a", f"<{iri}>", "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert {r["progress"] for r in csv.DictReader(io.StringIO(result.stdout))} == {"50.0"}


def test_what_if_leaves_no_graph_behind(store, ukraine):
    from eggo_graph.scenarios import simulate

    before = store.graphs()
    simulate(store, ukraine, ["13=100"])
    assert store.graphs() == before


def test_named_query_wins_over_a_local_file(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "scores").write_text("")  # e.g. left by a shell redirect
    result = runner.invoke(app, ["query", "scores", "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 1 + 18 + 5 + 1


@pytest.mark.parametrize("value", ["<bad iri>", "<>", "http://x y"])
def test_param_with_an_invalid_iri(runner, value):
    line = one_error_line(
        runner.invoke(app, ["query", "benchmark-evidence", "-p", f"code={value}"])
    )
    assert "not a valid IRI" in line


def test_param_naming_no_variable(runner):
    line = one_error_line(runner.invoke(app, ["query", "benchmark-evidence", "-p", "cod=6.4"]))
    assert "no projected variable ?cod" in line


def test_sparql_error_names_file_and_true_line(runner, tmp_path):
    rq = tmp_path / "bad.rq"
    rq.write_text("# a comment\nSELEC ?s WHERE { ?s ?p ?o }\n")
    line = one_error_line(runner.invoke(app, ["query", str(rq)]))
    assert str(rq) in line and "line 2, column 1" in line
