"""Laws the scoring obeys, for any ratings (hypothesis): the SPARQL scores equal an independent
computation with exact fractions, rounding half up, and statuses follow the thresholds."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from assessment_factory import assessment_graph, framework_benchmarks
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eggo_graph.assessments import select_assessment
from eggo_graph.scores import score_table
from eggo_graph.store import open_store

BENCHMARKS = framework_benchmarks()
AREAS = {
    "1": "A1",
    "2": "A1",
    "3": "A1",
    "4": "A1",
    "5": "A2",
    "6": "A2",
    "7": "A2",
    "8": "A2",
    "9": "A2",
    "10": "A2",
    "11": "A3",
    "12": "A3",
    "13": "A4",
    "14": "A4",
    "15": "A4",
    "16": "A4",
    "17": "A5",
    "18": "A5",
}


def half_up(x: Fraction) -> str:
    return str(
        (Decimal(x.numerator) / Decimal(x.denominator)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
    )


def status(x: Fraction) -> str:
    return (
        "BEGINNER" if x <= 25 else "FOLLOWER" if x <= 50 else "PERFORMER" if x <= 75 else "FRONTIER"
    )


def trend(p: Fraction, f: Fraction) -> str:
    return "⚑" if p == 100 else "↑" if f > p else "!"


def expected_table(ratings: dict[str, tuple[int, int]]) -> dict[str, tuple[str, str, str, str]]:
    by_dim: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for code, pf in ratings.items():
        by_dim[BENCHMARKS[code]].append(pf)
    dim = {
        d: (
            Fraction(sum(p for p, _ in v) * 50, len(v)),
            Fraction(sum(f for _, f in v) * 50, len(v)),
        )
        for d, v in by_dim.items()
    }
    out = {d: (half_up(p), half_up(f), status(p), trend(p, f)) for d, (p, f) in dim.items()}
    for area in sorted(set(AREAS.values())):
        ds = [dim[d] for d in dim if AREAS[d] == area]
        p = sum((x for x, _ in ds), Fraction(0)) / len(ds)
        f = sum((y for _, y in ds), Fraction(0)) / len(ds)
        out[area] = (half_up(p), half_up(f), status(p), trend(p, f))
    p = sum((x for x, _ in dim.values()), Fraction(0)) / len(dim)
    f = sum((y for _, y in dim.values()), Fraction(0)) / len(dim)
    out["all"] = (half_up(p), half_up(f), status(p), trend(p, f))
    return out


ratings_strategy = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 2)),
    min_size=len(BENCHMARKS),
    max_size=len(BENCHMARKS),
).map(lambda levels: dict(zip(BENCHMARKS, levels, strict=True)))


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ratings_strategy)
def test_sparql_scores_equal_an_independent_computation(tmp_path_factory, ratings):
    assert sparql_scores(tmp_path_factory.mktemp("a"), ratings) == expected_table(ratings)


def sparql_scores(tmp_dir, ratings) -> dict[str, tuple[str, str, str, str]]:
    path = tmp_dir / "a.ttl"
    assessment_graph("ZZ", 2031, ratings).serialize(path, format="turtle")
    store = open_store([path], embedded=False)
    return {
        r.code: (r.progress, r.foresight, r.status, r.trend)
        for r in score_table(store, select_assessment(store))
    }


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ratings_strategy, st.sampled_from(sorted(BENCHMARKS)))
def test_raising_one_progress_rating_never_lowers_a_score(tmp_path_factory, ratings, code):
    p, f = ratings[code]
    if p == 2:
        return
    raised = dict(ratings, **{code: (p + 1, f)})
    before = sparql_scores(tmp_path_factory.mktemp("b"), ratings)
    after = sparql_scores(tmp_path_factory.mktemp("a"), raised)
    for key in before:
        assert Decimal(after[key][0]) >= Decimal(before[key][0])
        assert after[key][1] == before[key][1]  # foresight untouched
    assert Decimal(after[BENCHMARKS[code]][0]) > Decimal(before[BENCHMARKS[code]][0])
