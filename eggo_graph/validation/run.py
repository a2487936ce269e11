"""Running validation: every rule over a store, and the whole of ``eggo validate`` (load the
data, validate it, and optionally ask HermiT whether it is consistent under OWL).

How it runs, and why it stays fast as data grows:

- SHACL Core shapes (per-node checks) go through pySHACL (``core.py``) on the predicates they
  can look at.
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

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from ..namespaces import EGGO
from ..store import Store, open_store, to_rdflib
from .bands import method_files_with_bands
from .core import DISPLAY, core_predicates, run_pyshacl
from .findings import SEVERITY_ORDER, Finding, Validation, code_key, report_graph
from .reasoning import check_consistency
from .rules import load_rules, named_rules, rule_name
from .sparql import run_sparql_checks, sparql_checks

Engine = TypingLiteral["fast", "pyshacl"]


def validate(
    store: Store,
    *,
    rules: Graph | None = None,
    engine: Engine = "fast",
) -> Validation:
    """Validate everything in the store against the rules (default: every file in rules/)."""
    rules = load_rules() if rules is None else rules
    if engine == "pyshacl":
        core, checks = rules, []
        data = to_rdflib(store)
    else:
        checks, handled = sparql_checks(rules)
        core = Graph()
        for triple in rules:
            if triple[1] == SH.sparql and triple[0] in handled:
                continue
            core.add(triple)
        needed = core_predicates(core)
        data = to_rdflib(store, None if needed is None else needed | DISPLAY)
    findings = run_pyshacl(data, core, rules)
    findings += run_sparql_checks(store, checks, rules, data)
    findings.sort(
        key=lambda f: (
            SEVERITY_ORDER.get(SH[f.severity], 3),
            code_key(f.code),
            f.rule,
            str(f.focus),
            str(f.value),
        )
    )
    assessments = len(set(data.subjects(RDF.type, EGGO.Assessment)))
    validation = Validation(
        findings, Graph(), [rule_name(s) for s in named_rules(rules)], assessments
    )
    validation.report = report_graph(validation)
    return validation


def check(
    data: Iterable[Path] = (),
    *,
    embedded: bool = True,
    bands: Path | None = None,
    reason: bool = False,
    engine: Engine = "fast",
) -> Validation:
    """Load the data (as every command does) and validate it; with reason=True also ask HermiT
    whether the graph is consistent under OWL (an inconsistency is a violation)."""
    store = open_store(data, embedded=embedded, method=method_files_with_bands(bands))
    validation = validate(store, engine=engine)
    if reason:
        graph = to_rdflib(store)
        consistency = check_consistency(graph)
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
