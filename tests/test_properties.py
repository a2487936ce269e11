"""Laws the scoring obeys, for any ratings (hypothesis): the SPARQL scores equal an independent
computation with exact fractions, rounding half up, and statuses follow the thresholds."""

from __future__ import annotations

from decimal import Decimal

import pytest
from assessment_factory import assessment_graph
from helpers import BENCHMARKS, expected_table
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eggo_graph.assessments import select_assessment
from eggo_graph.scores import score_table
from eggo_graph.store import open_store

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
