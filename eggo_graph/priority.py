"""Which recommendation first: an additive, explainable priority score.

    score = gap + leverage + risk + horizon + headroom

    gap      = w_unplanned × (100 − max(F, P)) + w_planned × (max(F, P) − P)
    leverage = w_leverage × (100 − P_d)/100 × Σ_walks d→…→j  α^len × Π edge weights × (100 − P_j)
    risk     = w_risk[High | Medium | Low]
    horizon  = w_horizon[short | medium]
    headroom = w_headroom × the points of dimension progress the addressed benchmarks can gain

P and F are the progress and foresight of the recommendation's dimension d, computed by SPARQL
from the ratings. Leverage is the weak capacity downstream that d holds back, and d holds it
back only as far as d is weak itself: the walk sum is scaled by d's own progress gap, so it
vanishes at 100% progress (a complete dimension already enables all it can). The unplanned part
of the gap (100 − F) weighs more than the planned part (F − P): the report treats a dimension
with no foresight as the most concerning. Every weight is a fixed constant; nothing is
normalised by the largest value in the data, so each contribution is monotone: more progress
never raises a score, an added enabling edge never lowers one.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from .codes import code_key
from .dimension_graph import DAMPING, leverage, leverage_paths
from .rounding import number, one_decimal

if TYPE_CHECKING:
    import networkx as nx

CONTRIBUTIONS = ("gap", "leverage", "risk", "horizon", "headroom")


@dataclass(frozen=True)
class Weights:
    """The fixed parameters of the priority score."""

    unplanned: float = 1.0
    planned: float = 0.5
    leverage: float = 2.0
    risk_high: float = 20.0
    risk_medium: float = 10.0
    risk_low: float = 0.0
    short_term: float = 10.0
    medium_term: float = 0.0
    headroom: float = 0.25
    damping: float = DAMPING

    def risk(self, risk: str) -> float:
        return {"High": self.risk_high, "Medium": self.risk_medium, "Low": self.risk_low}[risk]

    def horizon(self, horizon: str) -> float:
        return {"short": self.short_term, "medium": self.medium_term}[horizon]

    def perturbed(self, rng: random.Random, spread: float = 0.2) -> Weights:
        """Every weight (but the damping) times a factor drawn uniformly from 1 ± spread."""
        values = {
            k: v * rng.uniform(1 - spread, 1 + spread) if k != "damping" else v
            for k, v in asdict(self).items()
        }
        return Weights(**values)


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True)
class DimensionScore:
    code: str
    name: str
    progress: float
    foresight: float


@dataclass(frozen=True)
class Trigger:
    """What made a recommendation rule fire: a rating, evidence item, mandate or link."""

    rule: str
    kind: str
    description: str

    def as_dict(self) -> dict:
        return {"rule": self.rule, "kind": self.kind, "description": self.description}


@dataclass(frozen=True)
class Recommendation:
    id: str
    dimension: str
    horizon: str
    risk: str
    text: str
    institutions: tuple[str, ...] = ()
    benchmarks: tuple[str, ...] = ()
    headroom: float = 0.0
    # "reported" (the assessment's own list) or "generated" (by the recommendation rules, with
    # the rules that fired, what triggered them and the benchmarks a prerequisite unblocks)
    source: str = "reported"
    rules: tuple[str, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    unblocks: tuple[str, ...] = ()


@dataclass
class Priority:
    """A ranked recommendation: its score, the contributions that add up to it, and why."""

    rank: int
    recommendation: Recommendation
    score: float
    contributions: dict[str, float]
    paths: list[str] = field(default_factory=list)

    def as_dict(self, names: Mapping[str, str] | None = None) -> dict:
        r = self.recommendation
        return {
            "rank": self.rank,
            "id": r.id,
            "dimension": r.dimension,
            "dimension_name": (names or {}).get(r.dimension, ""),
            "horizon": r.horizon,
            "risk": r.risk,
            "institutions": list(r.institutions),
            "score": number(self.score),
            "contributions": {k: number(v, 2) for k, v in self.contributions.items()},
            "paths": self.paths,
            "benchmarks": list(r.benchmarks),
            "text": r.text,
            "source": r.source,
            "rule": list(r.rules),
            "triggers": [t.as_dict() for t in r.triggers],
        }


def gap(d: DimensionScore, w: Weights) -> float:
    """The weighted gap: unplanned (100 − max(F, P)) and planned (max(F, P) − P) points."""
    reach = max(d.foresight, d.progress)
    return w.unplanned * (100 - reach) + w.planned * (reach - d.progress)


def weakness(dimensions: Mapping[str, DimensionScore]) -> dict[str, float]:
    """How much capacity each dimension lacks, in points of progress."""
    return {c: max(100.0 - d.progress, 0.0) for c, d in dimensions.items()}


def enabling_leverage(
    graph: nx.DiGraph, dimensions: Mapping[str, DimensionScore], damping: float = DAMPING
) -> dict[str, float]:
    """For each dimension d: (100 − P_d)/100 × the weak capacity downstream of d (the Katz walk
    sum of ``dimension_graph.leverage``). Zero for a dimension at 100% progress; monotone: more
    progress anywhere never raises it, an added edge never lowers it."""
    weak = weakness(dimensions)
    downstream = leverage(graph, weak, damping)
    return {c: weak.get(c, 0.0) / 100 * v for c, v in downstream.items()}


def prioritise(
    recommendations: Sequence[Recommendation],
    dimensions: Mapping[str, DimensionScore],
    graph: nx.DiGraph,
    weights: Weights = DEFAULT_WEIGHTS,
    explain: bool = False,
) -> list[Priority]:
    """Score and rank: highest score first, ties broken by id (so input order never matters)."""
    weak = weakness(dimensions)
    lev = enabling_leverage(graph, dimensions, weights.damping)
    paths: dict[str, list[str]] = {}
    scored = []
    for r in recommendations:
        d = dimensions[r.dimension]
        c = {
            "gap": gap(d, weights),
            "leverage": weights.leverage * lev.get(r.dimension, 0.0),
            "risk": weights.risk(r.risk),
            "horizon": weights.horizon(r.horizon),
            "headroom": weights.headroom * r.headroom,
        }
        if explain and r.dimension not in paths:
            own = weights.leverage * weak.get(r.dimension, 0.0) / 100  # 0 when d is complete
            paths[r.dimension] = [
                " → ".join(dimensions[p].name if p in dimensions else p for p in path)
                + f" ({one_decimal(own * share)})"
                for path, share in leverage_paths(graph, r.dimension, weak, weights.damping)
                if own * share > 0
            ]
        scored.append(Priority(0, r, sum(c.values()), c, list(paths.get(r.dimension, []))))
    scored.sort(key=lambda p: (-round(p.score, 9), code_key(p.recommendation.id)))
    for i, p in enumerate(scored, 1):
        p.rank = i
    return scored


@dataclass(frozen=True)
class Stability:
    """One recommendation's ranks over many rankings. Where the rankings need not hold the same
    recommendations (generated actions under other ratings), ``appears`` says in how many it
    is, the ranks are over those, and an id absent from the baseline has no ``baseline_rank``."""

    id: str
    baseline_rank: int | None
    median_rank: float | None  # None: in no ranking
    low_rank: int | None  # 5th percentile
    high_rank: int | None  # 95th percentile
    appears: int = 0  # in how many of the rankings


def stability(
    recommendations: Sequence[Recommendation],
    dimensions: Mapping[str, DimensionScore],
    graph: nx.DiGraph,
    weights: Weights = DEFAULT_WEIGHTS,
    draws: int = 300,
    seed: int = 2018,
    spread: float = 0.2,
    progress: Callable[[], None] | None = None,
    arrange: Callable[[list[Priority]], list[Priority]] | None = None,
) -> tuple[list[Stability], float]:
    """Rank intervals under weights perturbed by ±spread, and the median Kendall tau between each
    perturbed ranking and the baseline. ``arrange`` reorders each ranking after scoring (e.g.
    ``recommend.prerequisites_first``, as ``eggo recommend`` does)."""

    def rank(w: Weights) -> dict[str, int]:
        ranked = prioritise(recommendations, dimensions, graph, w)
        return {p.recommendation.id: p.rank for p in (arrange or list)(ranked)}

    base = rank(weights)
    rng = random.Random(seed)
    rankings = []
    for _ in range(draws):
        rankings.append(rank(weights.perturbed(rng, spread)))
        if progress:
            progress()
    return summarise_ranks(base, rankings)


def summarise_ranks(
    base_rank: Mapping[str, int], rankings: Sequence[Mapping[str, int]]
) -> tuple[list[Stability], float]:
    """Each id's baseline rank, median rank and 5–95% rank interval over the rankings, and the
    median Kendall tau between each ranking and the baseline (1 where tau is undefined).

    The rankings may hold other ids than the baseline (generated actions come and go with the
    ratings): an id's ranks are taken over the rankings that hold it (``appears`` counts them),
    ids the baseline lacks follow its own in order of median rank, and each tau compares the
    order of the ids a ranking shares with the baseline."""
    import numpy as np
    from scipy.stats import kendalltau

    taus = []
    for rank in rankings:
        shared = [i for i in base_rank if i in rank]
        tau = (
            kendalltau([base_rank[i] for i in shared], [rank[i] for i in shared]).statistic
            if len(shared) > 1
            else float("nan")
        )
        taus.append(1.0 if np.isnan(tau) else float(tau))
    seen: dict[str, list[int]] = {}
    for rank in rankings:
        for i, n in rank.items():
            seen.setdefault(i, []).append(n)
    extra = sorted(
        (i for i in seen if i not in base_rank),
        key=lambda i: (float(np.median(seen[i])), code_key(i)),
    )
    rows = []
    for i in [*base_rank, *extra]:
        ranks = seen.get(i, [])
        rows.append(
            Stability(
                i,
                base_rank.get(i),
                float(np.median(ranks)) if ranks else None,
                int(np.percentile(ranks, 5, method="lower")) if ranks else None,
                int(np.percentile(ranks, 95, method="higher")) if ranks else None,
                len(ranks),
            )
        )
    return rows, float(np.median(taus)) if taus else 1.0


def formula_text(w: Weights = DEFAULT_WEIGHTS) -> str:
    """The formula with the weights in force, for --explain and the README."""
    return (
        "score = gap + leverage + risk + horizon + headroom\n"
        f"  gap      = {w.unplanned:g} × (100 − max(F, P)) + {w.planned:g} × (max(F, P) − P)"
        "   [P, F: the dimension's progress and foresight]\n"
        f"  leverage = {w.leverage:g} × (100 − P)/100 × Σ over walks d→…→j of {w.damping:g}^length"
        " × edge weights × (100 − P_j)   [explicit 1, stated 0.75, implied 0.5]\n"
        f"  risk     = High {w.risk_high:g}, Medium {w.risk_medium:g}, Low {w.risk_low:g}\n"
        f"  horizon  = short {w.short_term:g}, medium {w.medium_term:g}\n"
        f"  headroom = {w.headroom:g} × points of dimension progress the addressed benchmarks"
        " can still gain"
    )
