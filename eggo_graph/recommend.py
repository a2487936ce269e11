"""`eggo recommend` as a library: read the recommendations, scores and dependency graph from the
store, and rank with the priority model (priority.py) on the graph (dimension_graph.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .assessments import Assessment
from .codes import code_key
from .dimension_graph import DimensionRole, build_graph, load_edges, roles
from .errors import InputError
from .ids import find_id
from .priority import (
    DEFAULT_WEIGHTS,
    DimensionScore,
    Priority,
    Recommendation,
    Weights,
    enabling_leverage,
    gap,
    prioritise,
)
from .queries import run
from .scores import dimension_rows
from .store import Store
from .terms import term_text

if TYPE_CHECKING:
    import networkx as nx


@dataclass(frozen=True)
class RankingInputs:
    """Everything the ranking needs, read from the graph once."""

    recommendations: list[Recommendation]
    dimensions: dict[str, DimensionScore]
    graph: nx.DiGraph


def exact_dimension_scores(store: Store, assessment: Assessment) -> dict[str, DimensionScore]:
    """Each dimension's unrounded progress and foresight, in code order (for the gaps)."""
    return {
        term_text(r["dimensionCode"]): DimensionScore(
            term_text(r["dimensionCode"]),
            term_text(r["dimensionName"]),
            float(r["progressExact"]),
            float(r["foresightExact"]),
        )
        for r in dimension_rows(store, assessment)
    }


def read_ranking_inputs(store: Store, assessment: Assessment) -> RankingInputs:
    dims = exact_dimension_scores(store, assessment)
    recs = [
        Recommendation(
            id=term_text(r["id"]),
            dimension=term_text(r["dimensionCode"]),
            horizon=term_text(r["horizon"]),
            risk=term_text(r["risk"]),
            text=term_text(r["text"]),
            institutions=tuple(sorted(filter(None, term_text(r.get("institutions")).split("|")))),
            # GROUP_CONCAT's order is the engine's: sort, so every engine prints the same
            benchmarks=tuple(
                sorted(filter(None, term_text(r.get("benchmarks")).split("|")), key=code_key)
            ),
            headroom=float(r["headroom"]) if r.get("headroom") is not None else 0.0,
        )
        for r in run(store, "recommendation-list", {"assessment": assessment.term})
    ]
    if not recs:
        raise InputError(
            f"the assessment {assessment.id} has no recommendations",
            fix="load a recommendations file with --data, or pick another --assessment",
        )
    missing = sorted({r.dimension for r in recs} - set(dims))
    if missing:
        raise InputError(
            f"recommendations name dimensions the assessment does not score: {', '.join(missing)}"
        )
    graph = build_graph(load_edges(store), dims)
    return RankingInputs(recs, dims, graph)


def rank_recommendations(
    store: Store,
    assessment: Assessment,
    *,
    weights: Weights = DEFAULT_WEIGHTS,
    explain: bool = False,
    inputs: RankingInputs | None = None,
) -> list[Priority]:
    """Every recommendation of the assessment, ranked."""
    i = inputs or read_ranking_inputs(store, assessment)
    return prioritise(i.recommendations, i.dimensions, i.graph, weights, explain)


def recommendations_naming(store: Store, assessment: Assessment, institution: str) -> set[str]:
    """The ids of the recommendations that name the institution (found as `eggo deps` finds)."""
    from .landscape import find_entity

    entity = find_entity(store, institution, where="--institution")
    if entity.kind != "institution":
        raise InputError(f"{institution!r} is a {entity.kind}, not an institution", "--institution")
    rows = run(
        store,
        "deps-recommendations",
        {"entity": entity.term, "assessment": assessment.term},
    )
    return {term_text(r["id"]) for r in rows if term_text(r.get("how")) == "names"}


@dataclass(frozen=True)
class DimensionPriority:
    rank: int
    code: str
    name: str
    progress: float
    foresight: float
    gap: float
    leverage: float
    score: float
    role: DimensionRole


def rank_dimensions(
    store: Store, assessment: Assessment, weights: Weights = DEFAULT_WEIGHTS
) -> list[DimensionPriority]:
    """The dimensions ranked by gap + leverage, each with its MICMAC and DEMATEL role."""
    i = read_ranking_inputs(store, assessment)
    lev = enabling_leverage(i.graph, i.dimensions, weights.damping)
    role = roles(i.graph)
    rows = []
    for code, d in i.dimensions.items():
        g, lv = gap(d, weights), weights.leverage * lev.get(code, 0.0)
        rows.append((code, d, g, lv))
    rows.sort(key=lambda t: (-round(t[2] + t[3], 9), code_key(t[0])))
    return [
        DimensionPriority(n, c, d.name, d.progress, d.foresight, g, lv, g + lv, role[c])
        for n, (c, d, g, lv) in enumerate(rows, 1)
    ]


def adopted_benchmarks(store: Store, assessment: Assessment, ids: list[str]) -> list[str]:
    """The benchmarks the given recommendations address; unknown ids are an error."""
    known = {
        term_text(r["id"]): term_text(r.get("benchmarks")).split("|")
        for r in run(store, "recommendation-list", {"assessment": assessment.term})
    }
    if not known:
        raise InputError(
            f"{assessment.id} has no recommendations to adopt",
            "--adopt",
            "load a recommendation set for it with --data, or use --set for a what-if",
        )
    found = {i: find_id(i, known) for i in ids}  # ids match in any case (ids.py)
    unknown = [i for i, k in found.items() if k is None]
    if unknown:
        sample = ", ".join(sorted(known, key=code_key)[:4])
        raise InputError(
            f"no recommendation {', '.join(map(repr, unknown))} in {assessment.id}",
            "--adopt",
            f"use ids as printed by 'eggo recommend', e.g. {sample}",
        )
    return sorted({b for k in found.values() if k for b in known[k] if b})
