"""`eggo recommend` as a library: read the recommendations, scores and dependency graph from the
store, and rank with the priority model (priority.py) on the graph (dimension_graph.py).

Two lists can be ranked: the assessment's own (reported) recommendations, and the ones the
recommendation rules generate from its ratings, evidence and landscape (recommendation_rules.py).
Both are ranked by the same formula. A generated prerequisite-first recommendation is moved above
every recommendation addressing a benchmark it unblocks, if its score alone would put it below."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
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
    Trigger,
    Weights,
    enabling_leverage,
    gap,
    prioritise,
)
from .queries import run, run_text
from .scores import dimension_rows
from .store import Store
from .terms import term_text

if TYPE_CHECKING:
    import networkx as nx
    from rdflib.term import Node


GENERATED_ID = re.compile(r"^\d+(\.\d+)+-[a-z]+$")  # a generated recommendation's id


class Source(StrEnum):
    """Which recommendations to rank."""

    reported = "reported"
    generated = "generated"
    all = "all"


@dataclass(frozen=True)
class RankingInputs:
    """Everything the ranking needs, read from the graph once."""

    recommendations: list[Recommendation]
    dimensions: dict[str, DimensionScore]
    graph: nx.DiGraph
    source: Source = Source.reported


def exact_dimension_scores(store: Store, assessment: Assessment) -> dict[str, DimensionScore]:
    """Each dimension's unrounded progress and foresight, in code order (for the gaps); of a
    work-in-progress assessment, only the fully rated dimensions."""
    if not assessment.complete:
        from .scores import dimension_coverage

        whole = {c.code for c in dimension_coverage(store, assessment) if c.complete}
        return {c: d for c, d in _exact_dimension_scores(store, assessment).items() if c in whole}
    return _exact_dimension_scores(store, assessment)


def _exact_dimension_scores(store: Store, assessment: Assessment) -> dict[str, DimensionScore]:
    return {
        term_text(r["dimensionCode"]): DimensionScore(
            term_text(r["dimensionCode"]),
            term_text(r["dimensionName"]),
            float(r["progressExact"]),
            float(r["foresightExact"]),
        )
        for r in dimension_rows(store, assessment)
    }


def _split(value: Node | None) -> list[str]:
    return [v for v in term_text(value).split("|") if v]


def reported_recommendations(store: Store, assessment: Assessment) -> list[Recommendation]:
    """The assessment's own recommendations (e.g. Annex 2 for UA-2018)."""
    return [
        Recommendation(
            id=term_text(r["id"]),
            dimension=term_text(r["dimensionCode"]),
            horizon=term_text(r["horizon"]),
            risk=term_text(r["risk"]),
            text=term_text(r["text"]),
            institutions=tuple(sorted(_split(r.get("institutions")))),
            # GROUP_CONCAT's order is the engine's: sort, so every engine prints the same
            benchmarks=tuple(sorted(_split(r.get("benchmarks")), key=code_key)),
            headroom=float(r["headroom"]) if r.get("headroom") is not None else 0.0,
        )
        for r in run_text(store, "recommendation-list", {"assessment": assessment.node})
    ]


def generated_recommendations(store: Store, assessment: Assessment) -> list[Recommendation]:
    """The recommendations the rules generate for the assessment (running them first if the
    store holds no generated graphs yet)."""
    return _generated(store, assessment).get(str(assessment.term), [])


def _generated(store: Store, assessment: Assessment | None) -> dict[str, list[Recommendation]]:
    """Generated recommendations by assessment IRI: of one assessment, or (None) of all at once,
    with one query each for the list, the triggers and the progress values."""
    from .recommendation_rules import generate

    generate(store)
    bind = {"assessment": assessment.node} if assessment is not None else {}
    triggers: dict[tuple[str, str], list[Trigger]] = {}
    for r in run_text(store, "generated-recommendation-triggers", bind):
        triggers.setdefault((str(r["assessment"]), term_text(r["id"])), []).append(
            Trigger(term_text(r["rule"]), term_text(r["kind"]), term_text(r["description"]))
        )
    gain = {
        (str(r["assessment"]), term_text(r["code"])): (1 - float(r["value"])) * 100 / int(r["size"])
        for r in run_text(store, "benchmark-progress", bind)
    }
    out: dict[str, list[Recommendation]] = {}
    for r in run_text(store, "generated-recommendation-list", bind):
        a, rec_id = str(r["assessment"]), term_text(r["id"])
        benchmarks = tuple(sorted(_split(r.get("benchmarks")), key=code_key))
        out.setdefault(a, []).append(
            Recommendation(
                id=rec_id,
                dimension=term_text(r["dimensionCode"]),
                horizon=term_text(r["horizon"]),
                risk=term_text(r["risk"]),
                text=term_text(r["text"]),
                institutions=tuple(sorted(_split(r.get("institutions")))),
                benchmarks=benchmarks,
                headroom=sum(gain.get((a, b), 0.0) for b in benchmarks),
                source="generated",
                rules=tuple(sorted(_split(r.get("rules")))),
                triggers=tuple(triggers.get((a, rec_id), ())),
                unblocks=tuple(sorted(_split(r.get("unblocks")), key=code_key)),
            )
        )
    return out


def recommend_all(
    store: Store, weights: Weights = DEFAULT_WEIGHTS, explain: bool = False
) -> dict[Assessment, list[Priority]]:
    """Every loaded assessment's generated recommendations, ranked: the rules run once for all of
    them, and each query runs once for all of them (set at a time)."""
    from .assessments import list_assessments

    recs = _generated(store, None)
    dims: dict[str, dict[str, DimensionScore]] = {}
    for r in dimension_rows(store):
        code = term_text(r["dimensionCode"])
        dims.setdefault(str(r["assessment"]), {})[code] = DimensionScore(
            code,
            term_text(r["dimensionName"]),
            float(r["progressExact"]),
            float(r["foresightExact"]),
        )
    edges = load_edges(store)
    out = {}
    for a in list_assessments(store):
        mine, scores = recs.get(str(a.term), []), dims.get(str(a.term), {})
        if mine and scores:
            graph = build_graph(edges, scores)
            out[a] = prerequisites_first(prioritise(mine, scores, graph, weights, explain))
    return out


def default_source(store: Store, assessment: Assessment) -> Source:
    """Reported where the assessment has its own recommendations, else generated."""
    has_reported = bool(run_text(store, "recommendation-list", {"assessment": assessment.node}))
    return Source.reported if has_reported else Source.generated


def read_ranking_inputs(
    store: Store, assessment: Assessment, source: Source | str | None = None
) -> RankingInputs:
    """The recommendations of ``source`` (default: ``default_source``), the dimension scores and
    the dependency graph."""
    chosen = Source(source) if source is not None else default_source(store, assessment)
    dims = exact_dimension_scores(store, assessment)
    recs: list[Recommendation] = []
    if chosen in (Source.reported, Source.all):
        recs += reported_recommendations(store, assessment)
    if chosen in (Source.generated, Source.all):
        recs += generated_recommendations(store, assessment)
    if not assessment.complete:  # work in progress: what is rated
        recs = [r for r in recs if r.dimension in dims]
    if not recs:
        fix = (
            "load a recommendations file with --data, use --source generated, "
            "or pick another --assessment"
            if chosen is Source.reported
            else "its ratings are green on both aspects everywhere, or it has no ratings: "
            "check them with 'eggo show'"
        )
        what = f"the assessment {assessment.id} has no {chosen.value} recommendations"
        raise InputError(what, fix=fix)
    missing = sorted({r.dimension for r in recs} - set(dims))
    if missing:
        raise InputError(
            f"recommendations name dimensions the assessment does not score: {', '.join(missing)}"
        )
    graph = build_graph(load_edges(store), dims)
    return RankingInputs(recs, dims, graph, chosen)


def prerequisites_first(ranked: list[Priority]) -> list[Priority]:
    """Move each recommendation that unblocks a benchmark above every recommendation addressing
    that benchmark, keeping the score order otherwise; ranks are renumbered. Scores and their
    contributions do not change."""
    order = list(ranked)
    for _ in range(len(order)):  # prerequisite chains are short; this converges in a few passes
        moved = False
        for p in list(order):
            blocked = set(p.recommendation.unblocks)
            if not blocked:
                continue
            dependents = [
                i
                for i, q in enumerate(order)
                if q is not p and blocked & set(q.recommendation.benchmarks)
            ]
            here = order.index(p)
            if dependents and min(dependents) < here:
                order.insert(min(dependents), order.pop(here))
                moved = True
        if not moved:
            break
    for i, p in enumerate(order, 1):
        p.rank = i
    return order


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
    ranked = prioritise(i.recommendations, i.dimensions, i.graph, weights, explain)
    return prerequisites_first(ranked)


def recommendations_naming(store: Store, assessment: Assessment, institution: str) -> set[str]:
    """The ids of the recommendations that name the institution (found as `eggo deps` finds)."""
    from .landscape import find_entity

    entity = find_entity(store, institution, assessment, where="--institution")
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
    """The dimensions ranked by gap + leverage, each with its MICMAC and DEMATEL role. Needs no
    recommendations: it works on any assessment with ratings."""
    dims = exact_dimension_scores(store, assessment)
    if not dims:
        raise InputError(f"the assessment {assessment.id} has no ratings to rank dimensions by")
    graph = build_graph(load_edges(store), dims)
    lev = enabling_leverage(graph, dims, weights.damping)
    role = roles(graph)
    rows = []
    for code, d in dims.items():
        g, lv = gap(d, weights), weights.leverage * lev.get(code, 0.0)
        rows.append((code, d, g, lv))
    rows.sort(key=lambda t: (-round(t[2] + t[3], 9), code_key(t[0])))
    return [
        DimensionPriority(n, c, d.name, d.progress, d.foresight, g, lv, g + lv, role[c])
        for n, (c, d, g, lv) in enumerate(rows, 1)
    ]


def adopted_benchmarks(store: Store, assessment: Assessment, ids: list[str]) -> list[str]:
    """The benchmarks the given recommendations (reported or generated) address; unknown ids are
    an error. Ids match in any case (ids.py)."""
    known = {r.id: list(r.benchmarks) for r in reported_recommendations(store, assessment)}
    if any(find_id(i, known) is None and GENERATED_ID.match(i.strip().lower()) for i in ids):
        known |= {r.id: list(r.benchmarks) for r in _generated_or_none(store, assessment)}
    if not known:
        raise InputError(
            f"{assessment.id} has no recommendations to adopt",
            "--adopt",
            "load a recommendation set for it with --data, or use --set for a what-if",
        )
    found = {i: find_id(i, known) for i in ids}
    unknown = [i for i, k in found.items() if k is None]
    if unknown:
        sample = ", ".join(sorted(known, key=code_key)[:4])
        raise InputError(
            f"no recommendation {', '.join(map(repr, unknown))} in {assessment.id}",
            "--adopt",
            f"use ids as printed by 'eggo recommend', e.g. {sample}",
        )
    return sorted({b for k in found.values() if k for b in known[k] if b})


def _generated_or_none(store: Store, assessment: Assessment) -> list[Recommendation]:
    from .store import OxigraphStore

    return generated_recommendations(store, assessment) if isinstance(store, OxigraphStore) else []
