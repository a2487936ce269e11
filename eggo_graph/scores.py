"""Dimension, area and overall scores, computed by the SPARQL query ``queries/scores.rq``.

Nothing here computes a score: each function runs that one query (where the statuses' thresholds,
the trend and the rounding live once) and types its rows. ``score_table``
and ``dimension_ranking`` first refuse data that cannot be scored (``integrity.check_scorable``);
the per-level functions assume data that passed that check.

A work-in-progress assessment (``eggo:complete false``, from ``eggo import --partial``) is scored
only where it is whole: a dimension whose benchmarks all have both ratings, an area whose
dimensions are all scored, the overall score when every dimension is. The others show
"n of m rated" (``dimension-coverage.rq``) and no number: a mean is never taken over a part.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .assessments import Assessment
from .errors import InputError
from .integrity import check_scorable
from .queries import run_text
from .rounding import one_decimal
from .store import Rows, Store


@dataclass(frozen=True)
class ScoreRow:
    """One row of the score table; level is "dimension", "area" or "overall"."""

    level: str
    code: str
    name: str
    progress: str
    foresight: str
    status: str
    trend: str
    area: str = ""
    foresight_status: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def _score_row(r: dict) -> ScoreRow:
    level = str(r["level"])
    return ScoreRow(
        level=level,
        code=str(r["code"]),
        name=str(r["name"]),
        progress=one_decimal(r["progress"]),
        foresight=one_decimal(r["foresight"]),
        status=str(r["status"]),
        trend=str(r["trend"]),
        area=str(r.get("areaCode") or "") if level != "overall" else "",
        foresight_status=str(r["foresightStatus"]),
    )


def score_rows(store: Store, assessment: Assessment | None = None) -> Rows:
    """The rows of the ``scores`` query (dimension, area, overall; every assessment unless one
    is given): the one query where scores get their status, trend and rounding."""
    return run_text(store, "scores", {"assessment": assessment.node} if assessment else None)


def dimension_rows(store: Store, assessment: Assessment | None = None) -> list[dict]:
    """The dimension rows of the ``scores`` query, in code order."""
    return [r for r in score_rows(store, assessment) if str(r["level"]) == "dimension"]


def _level(store: Store, assessment: Assessment, level: str) -> list[ScoreRow]:
    return [_score_row(r) for r in score_rows(store, assessment) if str(r["level"]) == level]


def dimension_scores(store: Store, assessment: Assessment) -> list[ScoreRow]:
    """The 18 (or however many) dimension rows, in code order."""
    return _level(store, assessment, "dimension")


def area_scores(store: Store, assessment: Assessment) -> list[ScoreRow]:
    """One row per area: the mean of its dimensions' scores."""
    return _level(store, assessment, "area")


def _no_ratings(assessment: Assessment) -> InputError:
    return InputError(
        f"assessment {assessment.id} has no ratings to score",
        fix="add eggo:Rating nodes for its benchmarks",
    )


def overall_score(store: Store, assessment: Assessment) -> ScoreRow:
    """The mean of all dimension scores."""
    rows = _level(store, assessment, "overall")
    if not rows:
        raise _no_ratings(assessment)
    return rows[0]


def score_table(store: Store, assessment: Assessment) -> list[ScoreRow]:
    """Dimension rows, then area rows, then the overall row (one query); refuses unscorable
    data. A work-in-progress assessment gets scores only where it is fully rated
    (``partial_table``)."""
    check_scorable(store, assessment)
    rows = [_score_row(r) for r in score_rows(store, assessment)]
    if not assessment.complete:
        return partial_table(store, assessment, rows)
    if not rows or rows[-1].level != "overall":
        raise _no_ratings(assessment)
    return rows


@dataclass(frozen=True)
class Coverage:
    """How much of a dimension an assessment rates: ``rated`` of ``benchmarks`` have both."""

    code: str
    name: str
    area: str
    area_name: str
    benchmarks: int
    rated: int

    @property
    def complete(self) -> bool:
        return self.rated == self.benchmarks

    @property
    def note(self) -> str:
        return f"{self.rated} of {self.benchmarks} rated"


def dimension_coverage(store: Store, assessment: Assessment) -> list[Coverage]:
    """Every dimension of the assessment's framework with how many benchmarks are rated."""
    return [
        Coverage(
            str(r["dimensionCode"]),
            str(r["dimensionName"]),
            str(r["areaCode"]),
            str(r["areaName"]),
            int(r["benchmarks"]),
            int(r["rated"]),
        )
        for r in run_text(store, "dimension-coverage", {"assessment": assessment.node})
    ]


def _unscored(level: str, code: str, name: str, note: str, area: str = "") -> ScoreRow:
    return ScoreRow(level, code, name, "", "", note, "", area, "")


def partial_table(
    store: Store, assessment: Assessment, computed: list[ScoreRow] | None = None
) -> list[ScoreRow]:
    """The score table of a work-in-progress assessment: each fully rated dimension with its
    scores, the others with "n of m rated" and no number; an area or the overall score only
    when all of its dimensions are scored ("n of m dimensions scored" otherwise). ``computed``
    are the rows of the scores query, when already at hand."""
    if computed is None:
        computed = [_score_row(r) for r in score_rows(store, assessment)]
    coverage = dimension_coverage(store, assessment)
    scored = {(r.level, r.code): r for r in computed}
    rows = [
        scored["dimension", c.code]
        if c.complete and ("dimension", c.code) in scored
        else _unscored("dimension", c.code, c.name, c.note, c.area)
        for c in coverage
    ]
    by_area: dict[str, list[Coverage]] = {}
    for c in coverage:
        by_area.setdefault(c.area, []).append(c)
    for code, dims in by_area.items():
        done = sum(c.complete for c in dims)
        if done == len(dims) and ("area", code) in scored:
            rows.append(scored["area", code])
        else:
            note = f"{done} of {len(dims)} dimensions scored"
            rows.append(_unscored("area", code, dims[0].area_name, note, code))
    done = sum(c.complete for c in coverage)
    overall = next((r for r in computed if r.level == "overall"), None)
    if done == len(coverage) and overall is not None:
        rows.append(overall)
    else:
        rows.append(
            _unscored("overall", "all", "Overall", f"{done} of {len(coverage)} dimensions scored")
        )
    return rows


@dataclass(frozen=True)
class RankRow:
    """A dimension's place when ranked by progress, weakest first."""

    rank: int
    code: str
    name: str
    progress: str
    foresight: str


def dimension_ranking(store: Store, assessment: Assessment) -> list[RankRow]:
    """Dimensions ranked by progress, weakest first; ties share a rank. A work-in-progress
    assessment ranks only its fully rated dimensions."""
    check_scorable(store, assessment)
    rows = [
        RankRow(
            rank=int(r["rank"]),
            code=str(r["dimensionCode"]),
            name=str(r["dimensionName"]),
            progress=one_decimal(r["progress"]),
            foresight=one_decimal(r["foresight"]),
        )
        for r in run_text(store, "dimension-ranking", {"assessment": assessment.node})
    ]
    if assessment.complete:
        return rows
    whole = {c.code for c in dimension_coverage(store, assessment) if c.complete}
    kept = [r for r in rows if r.code in whole]
    # the rank among the kept ones: 1 + how many kept dimensions are strictly weaker (the
    # query's ranks order them by unrounded progress)
    return [
        RankRow(
            1 + sum(o.rank < r.rank for o in kept),
            r.code,
            r.name,
            r.progress,
            r.foresight,
        )
        for r in kept
    ]


def score_all(store: Store) -> list[tuple[Assessment, list[ScoreRow]]]:
    """Every loaded assessment's score table, in the order of ``list_assessments``.

    The query runs once for all assessments (it groups by assessment), so the cost
    grows with the data, not with the data times the number of assessments. Refuses if any
    assessment cannot be scored, naming it.
    """
    from .assessments import list_assessments

    assessments = list_assessments(store)
    if not assessments:
        raise InputError("no assessment is loaded", fix="pass a data file with --data")
    by_iri = {a.iri: a for a in assessments}
    problems = [
        f"{by_iri[str(r['assessment'])].id} "
        + " ".join(str(r[k]) for k in ("code", "aspect") if k in r)
        + f": {r['problem']}"
        for r in run_text(store, "scoring-integrity-violation")
        if str(r.get("assessment", "")) in by_iri
    ]
    if problems:
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise InputError(
            f"{len(problems)} problems stop scoring: {'; '.join(problems[:3])}{more}",
            fix="correct the data, or score the others one by one with --assessment; "
            "'eggo query scoring-integrity-violation' lists every problem",
        )
    rows: dict[str, list[ScoreRow]] = {a.iri: [] for a in assessments}
    for r in score_rows(store):
        if str(r["assessment"]) in rows:
            rows[str(r["assessment"])].append(_score_row(r))
    return [(a, rows[a.iri]) for a in assessments]
