"""eggo: the eGGO e-government governance assessment as a knowledge graph.

Everything the command line does is one import away::

    from eggo_graph import open_store, select_assessment, score_table

    store = open_store()                      # ontology, framework, Ukraine 2018
    for row in score_table(store, select_assessment(store)):
        print(row.code, row.progress, row.foresight, row.status)
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .assessments import Assessment, list_assessments, select_assessment
    from .benchmark_detail import benchmark_detail
    from .connection import connect
    from .errors import EggoError, InputError, QueryError
    from .queries import catalogue, named_query, parse_binding, read_query, run
    from .scenarios import simulate
    from .scores import area_scores, dimension_ranking, dimension_scores, overall_score, score_table
    from .store import Store, open_store
    from .validation import Finding, Validation
    from .validation import check as validate_files

# Each public name and the module it lives in: imported on first use (PEP 562), so that
# ``import eggo_graph.cli`` (every command's start-up) loads only what the command needs.
_HOMES = {
    "Assessment": "assessments",
    "list_assessments": "assessments",
    "select_assessment": "assessments",
    "benchmark_detail": "benchmark_detail",
    "EggoError": "errors",
    "InputError": "errors",
    "QueryError": "errors",
    "catalogue": "queries",
    "named_query": "queries",
    "parse_binding": "queries",
    "read_query": "queries",
    "run": "queries",
    "simulate": "scenarios",
    "area_scores": "scores",
    "dimension_ranking": "scores",
    "dimension_scores": "scores",
    "overall_score": "scores",
    "score_table": "scores",
    "Store": "store",
    "connect": "connection",
    "open_store": "store",
    "Finding": "validation",
    "Validation": "validation",
    "validate_files": "validation",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = import_module(f".{_HOMES[name]}", __name__)
    value = getattr(module, "check" if name == "validate_files" else name)
    globals()[name] = value
    return value


__all__ = [
    "Assessment",
    "EggoError",
    "Finding",
    "InputError",
    "QueryError",
    "Store",
    "Validation",
    "area_scores",
    "benchmark_detail",
    "catalogue",
    "connect",
    "dimension_ranking",
    "dimension_scores",
    "list_assessments",
    "named_query",
    "open_store",
    "overall_score",
    "parse_binding",
    "read_query",
    "run",
    "score_table",
    "select_assessment",
    "simulate",
    "validate_files",
]
