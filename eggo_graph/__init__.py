"""eggo: the eGGO e-government governance assessment as a knowledge graph.

Everything the command line does is one import away::

    from eggo_graph import open_store, select_assessment, score_table

    store = open_store()                      # ontology, framework, Ukraine 2018
    for row in score_table(store, select_assessment(store)):
        print(row.code, row.progress, row.foresight, row.status)
"""

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
