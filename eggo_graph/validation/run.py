"""Running validation: every rule over a store, and the whole of ``eggo validate`` (load the
data, validate it, and optionally ask HermiT whether it is consistent under OWL).

How it runs, and why it stays fast as data grows:

- SHACL Core shapes (per-node checks) run set-at-a-time on the store too (``core_sparql.py``):
  one query per property shape for all focus nodes. A shape that rewrite does not handle goes
  through pySHACL (``core.py``) on the predicates it can look at.
- Each SHACL-SPARQL constraint runs once on the store's engine for all its focus nodes
  (``sparql.py``).
- ``engine="pyshacl"`` runs every shape through pySHACL instead: the reference, slow on large
  data; the tests check that both engines find the same results.

``conforms`` is true when no result has severity ``sh:Violation`` (pySHACL's ``allow_warnings``):
warnings are reported but do not fail validation.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Literal as TypingLiteral

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import SH

from ..codes import code_key
from ..connection import connect
from ..errors import InputError
from ..namespaces import EGGO
from ..store import OxigraphStore, Store, open_store, to_rdflib
from ..terms import values_block
from .bands import method_files_with_bands
from .core import DISPLAY, core_predicates, run_pyshacl
from .core_sparql import compile_core, run_core
from .findings import SEVERITY_ORDER, Finding, Validation, make_finding, report_graph
from .reasoning import check_store_consistency
from .rules import load_rules, named_rules, owning_shape, rule_name
from .sparql import sparql_checks, sparql_finding, sparql_solutions

Engine = TypingLiteral["fast", "pyshacl"]


def validate_store(
    store: Store,
    *,
    rules: Graph | None = None,
    engine: Engine = "fast",
) -> Validation:
    """Validate everything in the store against the rules (default: every file in rules/)."""
    rules = load_rules() if rules is None else rules
    if engine == "pyshacl":
        data = to_rdflib(store)
        findings = run_pyshacl(data, rules, rules)
    else:
        findings = _fast(store, rules)
    findings.sort(
        key=lambda f: (
            SEVERITY_ORDER.get(SH[f.severity], 3),
            code_key(f.code),
            f.rule,
            str(f.focus),
            str(f.value),
        )
    )
    assessments = len(store.select("SELECT DISTINCT ?a WHERE { ?a a eggo:Assessment }"))
    validation = Validation(
        findings, Graph(), [rule_name(s) for s in named_rules(rules)], assessments
    )
    validation.report = report_graph(validation)
    return validation


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


def _fast(store: Store, rules: Graph) -> list[Finding]:
    """SHACL-SPARQL and SHACL Core set-at-a-time on the store; pySHACL only for what neither
    rewrite handles, on the predicates it can look at."""
    checks, handled = sparql_checks(rules)
    targeted = {s for t in _TARGETS for s in rules.subjects(t, None)} - handled
    compiled, rest = (
        compile_core(rules, sorted(targeted, key=str))
        if isinstance(store, OxigraphStore)
        else ([], sorted(targeted, key=str))
    )
    core = Graph()
    skip = {c.shape for c in compiled}
    for triple in rules:
        if triple[1] == SH.sparql and triple[0] in handled:
            continue
        if triple[1] in _TARGETS and triple[0] in skip:
            continue  # run by core_sparql: untargeted, pySHACL leaves it alone
        core.add(triple)
    data: Graph | None = None
    findings: list[Finding] = []
    if rest:
        needed = core_predicates(core)
        data = to_rdflib(store, None if needed is None else needed | DISPLAY)
        findings += run_pyshacl(data, core, rules)
    results = run_core(store, compiled) if compiled else []  # type: ignore[arg-type]
    solutions = sparql_solutions(store, checks)
    if data is None:
        nodes = {r.focus for r in results} | {r.value for r in results if r.value is not None}
        for _check, row in solutions:
            nodes |= {row[k] for k in ("this", "value", "benchmark") if k in row}
        data = display_graph(store, nodes)
    for r in results:
        findings.append(
            make_finding(
                data,
                severity=r.severity,
                rule=rule_name(owning_shape(rules, r.shape)),
                message=r.message,
                focus=r.focus,
                value=r.value,
                path=r.path,
                shape=r.shape,
                constraint=None,
                component=r.component,
            )
        )
    findings += [sparql_finding(c, row, rules, data) for c, row in solutions]
    return findings


def display_graph(store: Store, nodes: set) -> Graph:
    """What findings show about these nodes (codes, names, quotes, lines, what they are about),
    copied from the store into a small rdflib graph: the benchmark or dimension a node points to
    comes along."""
    g = Graph()
    wanted = sorted(DISPLAY)
    seen: set = set()
    todo = [n for n in nodes if isinstance(n, URIRef | BNode)]
    while todo:
        batch = [n for n in todo if n not in seen]
        seen |= set(batch)
        todo = []
        if not batch:
            break
        query = (
            "SELECT ?s ?p ?o WHERE { "
            + values_block(["s"], [[n] for n in batch if isinstance(n, URIRef)])
            + " "
            + values_block(["p"], [[p] for p in wanted])
            + " ?s ?p ?o }"
        )
        for row in store.select(query):
            g.add((row["s"], row["p"], row["o"]))
            if row["p"] in (EGGO.benchmark, EGGO.dimension, EGGO.assessment, EGGO.landscape):
                todo.append(row["o"])
    # the passages quoted on each benchmark (status texts, evidence): a finding shows the
    # assessment's own one where the node it is about quotes another's
    about = sorted({o for o in g.objects(None, EGGO.benchmark) if isinstance(o, URIRef)}, key=str)
    if about:
        query = (
            "SELECT ?s ?p ?o WHERE { "
            + values_block(["about"], [[b] for b in about])
            + " "
            + values_block(["p"], [[p] for p in wanted])
            + f" ?s <{EGGO.benchmark}> ?about ; <{EGGO.quote}> ?quote . ?s ?p ?o }}"
        )
        for row in store.select(query):
            g.add((row["s"], row["p"], row["o"]))
    return g


def validate_files(
    data: Iterable[Path] = (),
    *,
    embedded: bool = True,
    bands: Path | None = None,
    reason: bool = False,
    engine: Engine = "fast",
    endpoint: str | None = None,
) -> Validation:
    """Load the data (as every command does) and validate it; with reason=True also ask HermiT
    whether the graph is consistent under OWL (an inconsistency is a violation).

    With ``endpoint``, validate what the SPARQL endpoint holds instead (``connection.connect``):
    the SHACL-SPARQL checks run there, and the triples the Core shapes look at are fetched."""
    store: Store
    if endpoint is None:
        store = open_store(data, embedded=embedded, method=method_files_with_bands(bands))
    else:
        if bands is not None:
            raise InputError(
                "--bands cannot be combined with --endpoint (the endpoint holds its own bands)",
                "--bands",
                "push the bands file with 'eggo load --endpoint STORE-URL --data FILE' in place "
                "of the shipped one, or validate the files without --endpoint",
            )
        store = connect(endpoint, data, embedded=embedded)
    validation = validate_store(store, engine=engine)
    if reason:
        consistency = check_store_consistency(store)
        validation.consistency = consistency
        if not consistency.consistent:
            validation.extra.append(
                Finding(
                    severity="Violation",
                    rule="owl-consistency",
                    message="The ontology, the framework and the assessments are consistent "
                    "under OWL (HermiT: disjoint classes, functional properties, the closed "
                    f"scales): {consistency.detail}",
                    focus=URIRef("https://w3id.org/eggo/ontology"),
                )
            )
    return validation
