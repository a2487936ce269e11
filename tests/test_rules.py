"""The rules in rules/: every shape has a message and a severity; every rule has its own invalid
example (tests/rules/invalid/RULE.ttl, on the mini framework in tests/rules/mini-framework.ttl)
on which `eggo validate` fails with that rule's message and no other rule's; the valid data stays
valid; the set-at-a-time engine finds exactly what pySHACL finds; the shipped framework links bind
the Ukraine data when it is edited to break them."""

from __future__ import annotations

import json
import re

import pytest
from helpers import REPO
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from eggo_graph.cli import app
from eggo_graph.namespaces import EGGO, FW
from eggo_graph.store import open_store
from eggo_graph.validation import (
    RULE,
    load_rules,
    method_files_with_bands,
    named_rules,
    rule_name,
    shapes_in,
    sparql_checks,
    validate_store,
)
from eggo_graph.validation.core_sparql import compile_core

EXAMPLES = REPO / "tests" / "rules"
MINI = EXAMPLES / "mini-framework.ttl"
VALID = EXAMPLES / "valid" / "mini-assessment.ttl"
INVALID = sorted((EXAMPLES / "invalid").glob("*.ttl"))
UKRAINE = REPO / "data" / "assessments" / "ukraine-2018.ttl"
UA18 = "https://w3id.org/eggo/assessment/ua-2018/"


@pytest.fixture(scope="module")
def rules() -> Graph:
    return load_rules()


def severity(rules: Graph, name: str) -> URIRef:
    return rules.value(URIRef(RULE + name), SH.severity)


def message_pattern(rules: Graph, name: str) -> re.Pattern[str]:
    """The rule's sh:message as a regex: {?var} stands for any text. The messages of a rule's
    property shapes start with the rule's message and add a detail."""
    template = str(rules.value(URIRef(RULE + name), SH.message))
    parts = re.split(r"\{[?$]\w+\}", template)
    return re.compile(".+".join(re.escape(p) for p in parts))


def run_json(runner, *args: str):
    result = runner.invoke(app, ["validate", *args, "--format", "json"])
    assert result.exit_code in (0, 1), (result.exit_code, result.output)
    return result.exit_code, json.loads(result.stdout)


def test_every_shape_has_a_message_and_a_severity(rules):
    shapes = shapes_in(rules)
    assert len(shapes) > 20
    for shape in shapes:
        assert rules.value(shape, SH.message) is not None, f"{shape} has no sh:message"
        assert rules.value(shape, SH.severity) is not None, f"{shape} has no sh:severity"


def test_every_rule_has_its_own_invalid_example(rules):
    names = {rule_name(s) for s in named_rules(rules)}
    examples = {p.stem for p in INVALID}
    assert names == examples, (sorted(names - examples), sorted(examples - names))


def test_sparql_constraints_are_standard_and_run_set_at_a_time(rules):
    checks, handled = sparql_checks(rules)
    assert len(checks) >= 11 and len(handled) == len(checks)
    for select in rules.objects(None, SH.select):
        head = str(select).split("WHERE", 1)[0]
        assert "$this" in head, "a SHACL-SPARQL query must project $this"
        assert "VALUES" not in str(select) and "MINUS" not in str(select), "not allowed in SHACL"
    for check in checks:
        assert check.targets, f"{check.shape} has no target"


def test_embedded_data_conforms(runner):
    code, report = run_json(runner)
    assert code == 0
    assert report["conforms"] is True and report["violations"] == 0
    assert report["rules"] == len(INVALID)


def test_valid_example_has_no_findings(runner):
    code, report = run_json(runner, "--no-embedded", "--data", str(MINI), "--data", str(VALID))
    assert (code, report["findings"]) == (0, [])


@pytest.mark.parametrize("example", INVALID, ids=lambda p: p.stem)
def test_invalid_example_fails_with_its_rule(runner, rules, example):
    name = example.stem
    code, report = run_json(runner, "--no-embedded", "--data", str(MINI), "--data", str(example))
    level = str(severity(rules, name)).rsplit("#", 1)[-1]  # Violation, Warning or Info
    assert code == (1 if level == "Violation" else 0)
    assert report["findings"], "the rule did not fire"
    assert {f["rule"] for f in report["findings"]} == {name}
    assert {f["severity"] for f in report["findings"]} == {level}
    pattern = message_pattern(rules, name)
    for finding in report["findings"]:
        assert pattern.match(finding["message"]), finding["message"]
        assert finding["code"], "a finding names its benchmark or dimension"


def test_all_examples_beside_the_embedded_data(runner):
    """Loaded together, every rule fires, and none of it is about the Ukraine data."""
    files = [MINI, *INVALID, VALID]
    args = [a for f in files for a in ("--data", str(f))]
    code, report = run_json(runner, *args)
    assert code == 1
    assert {f["rule"] for f in report["findings"]} == {p.stem for p in INVALID}
    assert not [f for f in report["findings"] if UA18 in f["node"] or "ua-2018" in f["focus"]]


CORE_EXAMPLES = [  # SHACL Core shapes, run set-at-a-time by validation/core_sparql.py
    "rating-on-scale",
    "rating-well-formed",
    "evidence-for-non-red",
    "benchmark-in-one-dimension",
    "dimension-in-one-area",
    "bands-well-formed",
    "link-sourced",
]


@pytest.mark.slow
@pytest.mark.parametrize(
    "example",
    [
        "rating-complete",
        "rating-missing",
        "fact-bound-respected",
        "foresight-not-below-progress",
        "separated-roles-not-green",
        *CORE_EXAMPLES,
    ],
)
def test_fast_engine_finds_what_pyshacl_finds(example):
    """The set-at-a-time rewrites (SHACL-SPARQL and SHACL Core) against pySHACL, which runs one
    query per focus node and checks the Core shapes node by node."""
    store = open_store([MINI, EXAMPLES / "invalid" / f"{example}.ttl"], embedded=False)

    def key(f):
        return (f.rule, str(f.focus), str(f.value), f.severity, f.message)

    fast = sorted(map(key, validate_store(store).findings))
    reference = sorted(map(key, validate_store(store, engine="pyshacl").findings))
    assert fast and fast == reference


def test_every_shipped_shape_runs_set_at_a_time(rules):
    """No shipped shape is left to pySHACL by the fast engine (so it never copies the data into
    rdflib), and a shape the Core rewrite cannot run is handed to pySHACL, not skipped."""
    _checks, handled = sparql_checks(rules)
    targeted = {s for s in rules.subjects(SH.targetClass, None)} - handled
    compiled, rest = compile_core(rules, sorted(targeted, key=str))
    assert rest == [] and {c.shape for c in compiled} == targeted
    odd = Graph()
    odd += rules
    odd.add((URIRef(RULE + "rating-on-scale"), SH.pattern, Literal("^x")))
    _, rest = compile_core(odd, [URIRef(RULE + "rating-on-scale")])
    assert rest == [URIRef(RULE + "rating-on-scale")]


# ---------------------------------------------------------------- the shipped links bind


def set_level(g: Graph, code: str, aspect: str, level: URIRef) -> None:
    rating = URIRef(f"{UA18}rating-{code}-{aspect}")
    assert (rating, RDF.type, EGGO.Rating) in g
    g.set((rating, EGGO.level, level))


EDITS = {  # (benchmark, aspect, new level): the (rule, benchmark) it must trip
    ("6.6", "progress", EGGO.Red): ("prerequisite-not-exceeded", "6.7"),
    ("10.3", "foresight", EGGO.Amber): ("same-measure-agree", "10.3"),
    ("14.4", "progress", EGGO.Amber): ("fact-bound-respected", "14.4"),
    ("10.4", "progress", EGGO.Red): ("fact-bound-respected", "10.4"),
    ("7.5", "progress", EGGO.Amber): ("indicator-in-band", "7.5"),
    ("1.2", "progress", EGGO.Green): ("absent-claim-not-green", "1.2"),
    ("5.2", "progress", EGGO.Green): ("exclusive-mandate-not-green", "5.2"),
}
# 1.2 green also trips the institutions rule (SEGA holds policymaking and implementation), and
# 5.2 green the absent-claim rule (its status says the roles are not clearly assigned).
ALSO = {("separated-roles-not-green", "1.2"), ("absent-claim-not-green", "5.2")}


@pytest.mark.slow
def test_shipped_links_bind_the_ukraine_data(tmp_path, ukraine_graph):
    """Each edit breaks one link of data/framework/ (or one claim) and trips exactly its rule."""
    g = Graph()
    g += ukraine_graph
    for code, aspect, level in EDITS:
        set_level(g, code, aspect, level)
    edited = tmp_path / "ukraine-edited.ttl"
    g.serialize(edited, format="turtle")
    landscapes = sorted((REPO / "data" / "institutions").glob("*.ttl"))
    findings = validate_store(open_store([edited, *landscapes], embedded=False)).violations
    expected = set(EDITS.values()) | ALSO
    fired = {(f.rule, f.code) for f in findings if f.rule in {rule for rule, _ in expected}}
    assert fired == expected, sorted((f.rule, f.code, f.message) for f in findings)


@pytest.fixture(scope="module")
def ukraine_graph() -> Graph:
    return Graph().parse(UKRAINE)


@pytest.mark.slow
def test_bands_can_be_replaced(runner, tmp_path):
    """--bands FILE replaces the shipped bands: with 7.1's green band from 50%, the embedded 55%
    households with internet access no longer fit 7.1's amber progress."""
    bands = tmp_path / "bands.ttl"
    bands.write_text(
        "@prefix eggo: <https://w3id.org/eggo/ontology#> .\n"
        "@prefix fw: <https://w3id.org/eggo/framework/> .\n"
        "fw:my-bands a eggo:IndicatorBands ; eggo:benchmark fw:benchmark-7.1 ;\n"
        '  eggo:forIndicator "households with internet access" ; eggo:forUnit "percent" ;\n'
        '  eggo:amberFrom 20 ; eggo:greenFrom 50 ; eggo:quote "q" ; eggo:sourceLine 1 .\n',
        encoding="utf-8",
    )
    code, report = run_json(runner, "--bands", str(bands))
    assert code == 1
    assert {(f["rule"], f["code"]) for f in report["findings"]} == {("indicator-in-band", "7.1")}
    # the shipped bands (7.1, 7.3, 7.5, ...) are gone with the replaced file: only the user's
    banded = "SELECT DISTINCT ?b WHERE { ?bands a eggo:IndicatorBands ; eggo:benchmark ?b }"
    shipped = {r["b"] for r in open_store(method=method_files_with_bands(None)).select(banded)}
    assert {FW["benchmark-7.3"], FW["benchmark-7.5"]} <= shipped
    replaced = {r["b"] for r in open_store(method=method_files_with_bands(bands)).select(banded)}
    assert replaced == {FW["benchmark-7.1"]}
