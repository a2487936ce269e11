"""Foresight scenarios (the report's Table 1) and your own what-ifs, scored by SPARQL.

A what-if is written into a temporary named graph as an ``eggo:Scenario`` with one
``eggo:ScenarioSetting`` per dimension, so the same query scores it as the reported scenarios.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from .assessments import Assessment
from .errors import InputError
from .integrity import check_scenarios, check_scorable
from .namespaces import EGGO
from .queries import run
from .scores import one_decimal
from .store import Store

WHAT_IF_BASE = "urn:eggo:what-if:"


@dataclass(frozen=True)
class ScenarioRow:
    """A scenario's average foresight score and status."""

    scenario: str
    name: str
    average: str
    status: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def parse_setting(text: str) -> tuple[str, Decimal]:
    """Read "13=100" as (dimension code "13", foresight 100); values are percent, 0 to 100."""
    code, sep, value = text.partition("=")
    code, value = code.strip().upper().removeprefix("D").removeprefix("-"), value.strip()
    if not sep or not code or not value:
        raise InputError(
            f"cannot read {text!r}", "--set", "write DIMENSION=PERCENT, e.g. --set 13=100"
        )
    try:
        number = Decimal(value.removesuffix("%"))
    except InvalidOperation:
        raise InputError(
            f"{value!r} is not a number", f"--set {text}", "give a percentage from 0 to 100"
        ) from None
    if not number.is_finite() or not Decimal(0) <= number <= Decimal(100):
        raise InputError(
            f"{value} is outside 0 to 100", f"--set {text}", "give a percentage from 0 to 100"
        )
    if number != number.quantize(Decimal("0.01")):
        raise InputError(f"{value} has more than two decimals", f"--set {text}", "round it to 0.01")
    return code, number.quantize(Decimal("0.01")).normalize() + 0


def _dimension_iris(store: Store, assessment: Assessment) -> dict[str, URIRef]:
    rows = run(store, "framework-dimensions", {"framework": assessment.framework_term})
    return {str(r["code"]): URIRef(str(r["dimension"])) for r in rows}


def _what_if_triples(
    base: str,
    assessment: Assessment,
    settings: dict[str, Decimal],
    dimensions: dict[str, URIRef],
    label: str,
) -> Iterable[tuple]:
    s = URIRef(f"{base}scenario")
    yield s, RDF.type, EGGO.Scenario
    yield s, EGGO.assessment, assessment.term
    yield s, RDFS.label, Literal(label)
    for code, value in settings.items():
        setting = URIRef(f"{base}setting-{code}")
        yield s, EGGO.setting, setting
        yield setting, RDF.type, EGGO.ScenarioSetting
        yield setting, EGGO.dimension, dimensions[code]
        yield setting, EGGO.aspect, EGGO.Foresight
        yield setting, EGGO.targetPercent, Literal(value, datatype=XSD.decimal)


def simulate(
    store: Store, assessment: Assessment, settings: Iterable[str] = ()
) -> list[ScenarioRow]:
    """The assessment's scenarios, then (if settings are given) the what-if they describe.

    settings are strings like "13=100": a dimension code and its foresight in percent.
    """
    parsed: dict[str, Decimal] = {}
    for text in settings:
        code, value = parse_setting(text)
        if code in parsed:
            raise InputError(f"dimension {code} is set twice", f"--set {text}", "set it once")
        parsed[code] = value
    check_scorable(store, assessment)
    check_scenarios(store, assessment)
    dimensions = _dimension_iris(store, assessment)
    for code in parsed:
        if code not in dimensions:
            known = ", ".join(sorted(dimensions, key=lambda c: (len(c), c)))
            raise InputError(f"there is no dimension {code!r}", "--set", f"use one of {known}")
    label = "What-if: " + ", ".join(f"D{c}={v:f}" for c, v in parsed.items())
    bindings = {"assessment": assessment.term}
    if not parsed:
        return [_row(r) for r in run(store, "scenario-scores", bindings)]
    base = f"{WHAT_IF_BASE}{uuid.uuid4()}:"
    with store.temporary_graph(
        base.rstrip(":"), list(_what_if_triples(base, assessment, parsed, dimensions, label))
    ):
        rows = run(store, "scenario-scores", bindings)
    return [_row(r) for r in rows]


def _row(r: dict) -> ScenarioRow:
    number = r.get("number")
    return ScenarioRow(
        scenario=str(number) if number is not None else "what-if",
        name=str(r.get("name", r["scenario"])),
        average=one_decimal(r["average"]),
        status=str(r["status"]),
    )
