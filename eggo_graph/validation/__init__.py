"""Validation: the SHACL shapes of ``rules/`` over a store, as typed findings and a standard
``sh:ValidationReport``, with OWL consistency under HermiT on request.

A room per concern: ``rules`` (loading and naming the shapes), ``sparql`` (the set-at-a-time
SHACL-SPARQL engine), ``core`` (the pySHACL call), ``findings`` (findings, the outcome and the
report graph), ``bands`` (validating with other indicator bands), ``reasoning`` (HermiT), and
``run`` (putting them together).
"""

from .bands import BANDS_FILE, method_files_with_bands
from .core import core_predicates
from .findings import Finding, Validation, report_graph
from .rules import RULE, load_rules, named_rules, rule_files, rule_name, shapes_in
from .run import Engine, validate_files, validate_store
from .sparql import sparql_checks

__all__ = [
    "BANDS_FILE",
    "RULE",
    "Engine",
    "Finding",
    "Validation",
    "core_predicates",
    "load_rules",
    "method_files_with_bands",
    "named_rules",
    "report_graph",
    "rule_files",
    "rule_name",
    "shapes_in",
    "sparql_checks",
    "validate_files",
    "validate_store",
]
