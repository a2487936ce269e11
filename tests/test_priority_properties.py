"""Laws the priority model obeys for any scores, graphs and recommendations (hypothesis).

The model is pure (priority.py on a networkx graph), so these run without a store.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from eggo_graph.dimension_graph import Edge, build_graph
from eggo_graph.priority import (
    DEFAULT_WEIGHTS,
    DimensionScore,
    Recommendation,
    Weights,
    prioritise,
)

DIMS = [str(i) for i in range(1, 19)]
GRADES = ["explicit", "stated", "implied"]
RISKS = ["Low", "Medium", "High"]

percent = st.integers(0, 200).map(lambda x: x / 2)  # 0.0, 0.5, … 100.0


@st.composite
def scenario(draw):
    dims = {c: DimensionScore(c, f"D{c}", draw(percent), draw(percent)) for c in DIMS}
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(DIMS), st.sampled_from(DIMS), st.sampled_from(GRADES)),
            max_size=40,
        )
    )
    edges = {(a, b): g for a, b, g in pairs if a != b}
    recs = [
        Recommendation(
            id=f"{d}.{h[0].upper()}{i}",
            dimension=d,
            horizon=h,
            risk=draw(st.sampled_from(RISKS)),
            text="",
            headroom=draw(st.floats(0, 100)),
        )
        for i, (d, h) in enumerate(
            draw(
                st.lists(
                    st.tuples(st.sampled_from(DIMS), st.sampled_from(["short", "medium"])),
                    min_size=1,
                    max_size=25,
                )
            ),
            1,
        )
    ]
    return dims, edges, recs


def graph(edges: dict) -> object:
    return build_graph([Edge(a, b, g, "", "") for (a, b), g in edges.items()], DIMS)


def scores(dims, edges, recs, weights=DEFAULT_WEIGHTS) -> dict[str, float]:
    return {p.recommendation.id: p.score for p in prioritise(recs, dims, graph(edges), weights)}


EPS = 1e-9
SETTINGS = settings(max_examples=60, deadline=None)


@SETTINGS
@given(scenario(), st.sampled_from(DIMS), st.integers(1, 200))
def test_more_progress_never_raises_a_score(s, dim, step):
    dims, edges, recs = s
    before = scores(dims, edges, recs)
    d = dims[dim]
    raised = {
        **dims,
        dim: DimensionScore(dim, d.name, min(100.0, d.progress + step / 2), d.foresight),
    }
    after = scores(raised, edges, recs)
    assert all(after[i] <= before[i] + EPS for i in before)


@SETTINGS
@given(scenario(), st.sampled_from(DIMS), st.sampled_from(DIMS), st.sampled_from(GRADES))
def test_an_added_edge_never_lowers_a_score(s, a, b, grade):
    dims, edges, recs = s
    if a == b or (a, b) in edges:
        return
    before = scores(dims, edges, recs)
    after = scores(dims, {**edges, (a, b): grade}, recs)
    assert all(after[i] >= before[i] - EPS for i in before)


@SETTINGS
@given(scenario(), st.data())
def test_more_risk_raises_only_that_score(s, data):
    dims, edges, recs = s
    k = data.draw(st.integers(0, len(recs) - 1))
    r = recs[k]
    higher = RISKS[data.draw(st.integers(RISKS.index(r.risk), 2))]
    changed = [*recs[:k], Recommendation(**{**r.__dict__, "risk": higher}), *recs[k + 1 :]]
    before, after = scores(dims, edges, recs), scores(dims, edges, changed)
    assert after[r.id] >= before[r.id] - EPS
    assert all(abs(after[i] - before[i]) < EPS for i in before if i != r.id)


@SETTINGS
@given(scenario())
def test_full_progress_means_no_gap_and_parts_add_up(s):
    dims, edges, recs = s
    dims = {**dims, "1": DimensionScore("1", "D1", 100.0, dims["1"].foresight)}
    for p in prioritise(recs, dims, graph(edges), Weights()):
        assert abs(sum(p.contributions.values()) - p.score) < 1e-6
        assert all(v >= 0 for v in p.contributions.values())
        if p.recommendation.dimension == "1":
            assert p.contributions["gap"] == 0


@SETTINGS
@given(scenario(), st.sampled_from(DIMS))
def test_a_complete_dimension_has_neither_gap_nor_leverage(s, dim):
    """An enabler holds others back only as far as it is weak itself: at 100% progress, whatever
    the edges out of it and the weakness downstream, its gap and leverage contributions are 0."""
    dims, edges, recs = s
    dims = {**dims, dim: DimensionScore(dim, f"D{dim}", 100.0, dims[dim].foresight)}
    edges = {**edges, **{(dim, t): "explicit" for t in DIMS if t != dim}}  # enables all others
    recs = [*recs, Recommendation(f"{dim}.S99", dim, "short", "High", "")]
    for p in prioritise(recs, dims, graph(edges), Weights(), explain=True):
        if p.recommendation.dimension == dim:
            assert p.contributions["gap"] == 0
            assert p.contributions["leverage"] == 0
            assert p.paths == []  # --explain names no path it does not count


def test_leverage_grows_with_the_enablers_own_weakness():
    """Same edges, same weakness downstream: the weaker enabler gets more leverage."""
    g = graph({("1", "2"): "explicit"})
    recs = [Recommendation("1.S1", "1", "short", "High", "")]

    def lev(progress: float) -> float:
        dims = {c: DimensionScore(c, c, 50.0, 50.0) for c in DIMS}
        dims["1"] = DimensionScore("1", "D1", progress, progress)
        return prioritise(recs, dims, g)[0].contributions["leverage"]

    assert lev(0.0) > lev(50.0) > lev(100.0) == 0


@SETTINGS
@given(scenario(), st.randoms(use_true_random=False))
def test_ranking_does_not_depend_on_input_order(s, rnd: random.Random):
    dims, edges, recs = s
    base = [(p.recommendation.id, p.rank) for p in prioritise(recs, dims, graph(edges))]
    shuffled_recs = list(recs)
    rnd.shuffle(shuffled_recs)
    items = list(edges.items())
    rnd.shuffle(items)
    dim_items = list(dims.items())
    rnd.shuffle(dim_items)
    again = prioritise(shuffled_recs, dict(dim_items), graph(dict(items)))
    assert sorted(base) == sorted((p.recommendation.id, p.rank) for p in again)


def test_the_unplanned_gap_weighs_more_than_the_planned():
    w = Weights()
    assert w.unplanned > w.planned
    g = graph({})
    # same total gap (60 points), planned in one dimension, unplanned in the other
    dims = {c: DimensionScore(c, c, 100.0, 100.0) for c in DIMS}
    dims["1"] = DimensionScore("1", "D1", 40.0, 100.0)  # all of it planned
    dims["2"] = DimensionScore("2", "D2", 40.0, 40.0)  # none of it planned
    recs = [
        Recommendation("1.S1", "1", "short", "High", ""),
        Recommendation("2.S1", "2", "short", "High", ""),
    ]
    ranked = prioritise(recs, dims, g)
    assert ranked[0].recommendation.id == "2.S1"
