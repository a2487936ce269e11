"""eggo: the eGGO e-government governance assessment as a knowledge graph.

Everything the command line does is one import away: each command calls one of these functions::

    from eggo_graph import open_store, select_assessment, score_table

    store = open_store()                      # ontology, framework, Ukraine 2018
    for row in score_table(store, select_assessment(store)):
        print(row.code, row.progress, row.foresight, row.status)

==============  =====================================================================
command         library function
==============  =====================================================================
recommend       ``recommendation_rows``, ``ranked_view``, ``dimension_view``,
                ``stability_view`` (over ``rank_recommendations``, ``rank_dimensions``,
                ``recommend_all``)
score           ``score_table``, ``dimension_ranking``, ``score_all``
simulate        ``simulate``, ``adopt``
query           ``run``, ``named_query``, ``read_query``, ``catalogue``
show            ``benchmark_detail``
deps            ``find_entity``, ``dependencies``, ``list_entities``, ``role_conflicts``
load            ``open_dataset``, ``push_graphs``, ``write_store``
serve           ``serve``
export          ``export_dataset``
report          ``build_report``, ``write_report``
validate        ``validate_files``, ``validate_store``
import          ``import_questionnaire``
compare         ``compare_assessments``
generate        ``generate_assessments``
reconstruct     ``reconstruct``, ``check_reconstruction``
==============  =====================================================================

Names load on first use, so ``import eggo_graph`` stays fast (the server, the spreadsheet reader
and the report's figures import only when asked for).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

# name -> the module that defines it
_SOURCES = {
    "Assessment": "assessments",
    "list_assessments": "assessments",
    "select_assessment": "assessments",
    "benchmark_detail": "benchmark",
    "compare_assessments": "compare",
    "connect": "connection",
    "open_dataset": "dataset",
    "write_store": "disk_store",
    "EggoError": "errors",
    "InputError": "errors",
    "QueryError": "errors",
    "ExportFormat": "export",
    "export_dataset": "export",
    "generate_assessments": "generate",
    "dependencies": "landscape",
    "find_entity": "landscape",
    "list_entities": "landscape",
    "role_conflicts": "landscape",
    "catalogue": "queries",
    "named_query": "queries",
    "parse_binding": "queries",
    "read_query": "queries",
    "run": "queries",
    "import_questionnaire": "questionnaire",
    "generated_recommendations": "recommend",
    "rank_dimensions": "recommend",
    "rank_recommendations": "recommend",
    "recommend_all": "recommend",
    "dimension_view": "recommend_views",
    "ranked_view": "recommend_views",
    "recommendation_rows": "recommend_views",
    "stability_view": "recommend_views",
    "push_graphs": "remote",
    "check_reconstruction": "reconstruction",
    "reconstruct": "reconstruction",
    "build_report": "report",
    "write_report": "report",
    "adopt": "scenarios",
    "simulate": "scenarios",
    "area_scores": "scores",
    "dimension_ranking": "scores",
    "dimension_scores": "scores",
    "overall_score": "scores",
    "score_all": "scores",
    "score_table": "scores",
    "ServeSettings": "server",
    "serve": "server",
    "Store": "store",
    "open_store": "store",
    "Finding": "validation",
    "Validation": "validation",
    "validate_files": "validation",
    "validate_store": "validation",
}

__all__ = [
    "Assessment",
    "EggoError",
    "ExportFormat",
    "Finding",
    "InputError",
    "QueryError",
    "ServeSettings",
    "Store",
    "Validation",
    "adopt",
    "area_scores",
    "benchmark_detail",
    "build_report",
    "catalogue",
    "check_reconstruction",
    "compare_assessments",
    "connect",
    "dependencies",
    "dimension_ranking",
    "dimension_scores",
    "dimension_view",
    "export_dataset",
    "find_entity",
    "generate_assessments",
    "generated_recommendations",
    "import_questionnaire",
    "list_assessments",
    "list_entities",
    "named_query",
    "open_dataset",
    "open_store",
    "overall_score",
    "parse_binding",
    "push_graphs",
    "rank_dimensions",
    "rank_recommendations",
    "ranked_view",
    "read_query",
    "recommend_all",
    "recommendation_rows",
    "reconstruct",
    "role_conflicts",
    "run",
    "score_all",
    "score_table",
    "select_assessment",
    "serve",
    "simulate",
    "stability_view",
    "validate_files",
    "validate_store",
    "write_report",
    "write_store",
]  # the keys of _SOURCES (a test checks)


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use."""
    module = _SOURCES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:
    from .assessments import Assessment, list_assessments, select_assessment
    from .benchmark import benchmark_detail
    from .compare import compare_assessments
    from .connection import connect
    from .dataset import open_dataset
    from .disk_store import write_store
    from .errors import EggoError, InputError, QueryError
    from .export import ExportFormat, export_dataset
    from .generate import generate_assessments
    from .landscape import dependencies, find_entity, list_entities, role_conflicts
    from .queries import catalogue, named_query, parse_binding, read_query, run
    from .questionnaire import import_questionnaire
    from .recommend import (
        generated_recommendations,
        rank_dimensions,
        rank_recommendations,
        recommend_all,
    )
    from .recommend_views import dimension_view, ranked_view, recommendation_rows, stability_view
    from .reconstruction import check_reconstruction, reconstruct
    from .remote import push_graphs
    from .report import build_report, write_report
    from .scenarios import adopt, simulate
    from .scores import (
        area_scores,
        dimension_ranking,
        dimension_scores,
        overall_score,
        score_all,
        score_table,
    )
    from .server import ServeSettings, serve
    from .store import Store, open_store
    from .validation import Finding, Validation, validate_files, validate_store
