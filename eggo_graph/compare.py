"""Two assessments side by side: each score's change, the status changes, and every benchmark
rating that changed. The scores come from the scoring queries; the rating changes from
``rating-changes.rq``; this module only lines them up."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal

from .assessments import Assessment
from .errors import InputError
from .queries import run
from .rounding import signed
from .scores import ScoreRow, score_table
from .store import Store


def _delta(a: str, b: str) -> str:
    """The change between two displayed scores, signed, one decimal: "+6.7", "-12.5", "0.0";
    "" where either side is not scored (a dimension of a work-in-progress assessment)."""
    if not a or not b:
        return ""
    return signed(Decimal(b) - Decimal(a))


@dataclass(frozen=True)
class ScoreChange:
    """A dimension's, area's or the overall score in a and in b."""

    level: str
    code: str
    name: str
    progress_a: str
    progress_b: str
    progress_change: str
    foresight_a: str
    foresight_b: str
    foresight_change: str
    status_a: str
    status_b: str

    @property
    def scored(self) -> bool:
        """Whether both sides have a score (else the status column says what is rated)."""
        return bool(self.progress_a and self.progress_b)

    @property
    def status_changed(self) -> bool:
        return self.scored and self.status_a != self.status_b

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class RatingChange:
    """A benchmark whose progress or foresight rating differs between a and b."""

    code: str
    name: str
    aspect: str
    level_a: str
    level_b: str
    change: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class Comparison:
    a: Assessment
    b: Assessment
    scores: list[ScoreChange]
    ratings: list[RatingChange]

    @property
    def status_changes(self) -> list[ScoreChange]:
        return [s for s in self.scores if s.status_changed]

    def as_json(self) -> dict:
        return {
            "a": self.a.id,
            "b": self.b.id,
            "scores": [s.as_dict() for s in self.scores],
            "status_changes": [
                {
                    "level": s.level,
                    "code": s.code,
                    "name": s.name,
                    "from": s.status_a,
                    "to": s.status_b,
                }
                for s in self.status_changes
            ],
            "rating_changes": [r.as_dict() for r in self.ratings],
        }


def _change(ra: ScoreRow, rb: ScoreRow) -> ScoreChange:
    return ScoreChange(
        level=ra.level,
        code=ra.code,
        name=ra.name,
        progress_a=ra.progress,
        progress_b=rb.progress,
        progress_change=_delta(ra.progress, rb.progress),
        foresight_a=ra.foresight,
        foresight_b=rb.foresight,
        foresight_change=_delta(ra.foresight, rb.foresight),
        status_a=ra.status,
        status_b=rb.status,
    )


def compare_assessments(store: Store, a: Assessment, b: Assessment) -> Comparison:
    """Compare assessment b with a (b minus a); both must be scorable on the same framework."""
    if a.iri == b.iri:
        raise InputError(f"both sides are {a.id}", "eggo compare", "name two assessments")
    if a.framework != b.framework:
        raise InputError(
            f"{a.id} and {b.id} follow different frameworks", fix="compare assessments of one"
        )
    rows_a = {(r.level, r.code): r for r in score_table(store, a)}
    rows_b = {(r.level, r.code): r for r in score_table(store, b)}
    scores = [_change(ra, rows_b[key]) for key, ra in rows_a.items() if key in rows_b]
    ratings = [
        RatingChange(
            code=str(r["code"]),
            name=str(r["name"]),
            aspect=str(r["aspect"]),
            level_a=str(r["levelA"]),
            level_b=str(r["levelB"]),
            change=f"{int(Decimal(str(r['change']))):+d}",
        )
        for r in run(store, "rating-changes", {"a": a.term, "b": b.term})
    ]
    return Comparison(a, b, scores, ratings)
