"""Dimension, area and overall scores, computed by the SPARQL query ``queries/scores.rq``.

Nothing here computes a score: each function runs that one query (where the statuses' thresholds,
the trend and the rounding live once) and types its rows. ``score_table``
and ``dimension_ranking`` first refuse data that cannot be scored (``integrity.check_scorable``);
the per-level functions assume data that passed that check.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal

from .assessments import Assessment
from .errors import InputError
from .integrity import check_scorable
from .queries import run_text
from .store import Rows, Store


def one_decimal(value: object) -> str:
    """Format a score the query has already rounded, with exactly one decimal: 25 -> "25.0"."""
    return f"{Decimal(str(value)):.1f}"


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
    data."""
    check_scorable(store, assessment)
    rows = [_score_row(r) for r in score_rows(store, assessment)]
    if not rows or rows[-1].level != "overall":
        raise _no_ratings(assessment)
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
    """Dimensions ranked by progress, weakest first; ties share a rank."""
    check_scorable(store, assessment)
    return [
        RankRow(
            rank=int(r["rank"]),
            code=str(r["dimensionCode"]),
            name=str(r["dimensionName"]),
            progress=one_decimal(r["progress"]),
            foresight=one_decimal(r["foresight"]),
        )
        for r in run_text(store, "dimension-ranking", {"assessment": assessment.node})
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
