"""Everything the graph says about one benchmark: place, ratings with rationale, evidence."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from rdflib import Literal

from .assessments import Assessment
from .errors import InputError
from .queries import run
from .store import Store

_CODE = re.compile(r"^\d{1,3}\.\d{1,3}$")


@dataclass(frozen=True)
class RatingInfo:
    aspect: str
    level: str
    origin: str
    rationale: str


@dataclass(frozen=True)
class EvidenceInfo:
    kind: str
    quote: str
    line: int | None
    claim: str
    indicator: str = ""
    value: str = ""
    unit: str = ""


@dataclass(frozen=True)
class BenchmarkDetail:
    code: str
    name: str
    dimension_code: str
    dimension_name: str
    area_code: str
    area_name: str
    assessment: str
    status_text: str
    trend: str = ""
    ratings: list[RatingInfo] = field(default_factory=list)
    evidence: list[EvidenceInfo] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def benchmark_detail(store: Store, code: str, assessment: Assessment) -> BenchmarkDetail:
    """The benchmark with this code (e.g. "6.4") as the assessment sees it."""
    code = code.strip()
    if not _CODE.match(code):
        raise InputError(
            f"{code!r} is not a benchmark code", fix="write DIMENSION.NUMBER, e.g. 6.4"
        )
    bindings = {"code": Literal(code)}
    rows = run(store, "benchmark-detail", {**bindings, "framework": assessment.framework_term})
    if not rows:
        raise InputError(
            f"there is no benchmark {code}",
            fix="list the codes with 'eggo query benchmark-ratings'",
        )
    first = rows[0]
    mine = [r for r in rows if str(r.get("assessment", "")) == assessment.iri]
    ratings = [
        RatingInfo(
            aspect=str(r["aspect"]),
            level=str(r["level"]),
            origin=str(r.get("origin", "")),
            rationale=str(r.get("rationale", "")),
        )
        for r in mine
    ]
    evidence = [
        EvidenceInfo(
            kind=str(r["kind"]),
            quote=str(r["quote"]),
            line=int(r["line"]) if "line" in r else None,
            claim=str(r.get("claim", "")),
            indicator=str(r.get("indicator", "")),
            value=str(r.get("value", "")),
            unit=str(r.get("unit", "")),
        )
        for r in run(store, "benchmark-evidence", {**bindings, "assessment": assessment.term})
    ]
    trend_rows = run(
        store, "benchmark-ratings", {"assessment": assessment.term, "code": Literal(code)}
    )
    return BenchmarkDetail(
        trend=f"{trend_rows[0]['trend']} {trend_rows[0]['trendLabel']}" if trend_rows else "",
        code=code,
        name=str(first["name"]),
        dimension_code=str(first["dimensionCode"]),
        dimension_name=str(first["dimensionName"]),
        area_code=str(first["areaCode"]),
        area_name=str(first["areaName"]),
        assessment=assessment.id,
        status_text=str(mine[0].get("statusText", "")) if mine else "",
        ratings=ratings,
        evidence=evidence,
    )
