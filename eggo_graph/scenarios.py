"""Foresight scenarios (the report's Table 1) and your own what-ifs, scored by SPARQL.

A what-if's settings reach the ``what-if-scores`` query as inline data (a ``VALUES`` block of
serialised terms); adopting recommendations sends the benchmarks they address, assumed green, to
``scores`` the same way. Neither writes to the store, so both work on a read-only SPARQL
endpoint too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from .assessments import Assessment
from .errors import InputError
from .ids import dimension_code
from .integrity import check_scenarios, check_scorable
from .namespaces import FW
from .queries import run, with_values
from .scores import one_decimal
from .store import Store


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
    code, value = dimension_code(code), value.strip()
    if not sep or not code or not value:
        raise InputError(
            f"cannot read {text!r}", "--set", "write DIMENSION=PERCENT, e.g. --set 13=100"
        )
    if not code.isdigit() or not code.isascii():  # "-1" is no dimension: no negative indexing
        raise InputError(
            f"{code!r} is not a dimension code",
            f"--set {text}",
            "write the dimension's number, e.g. --set 13=100",
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
    rows = [_row(r) for r in run(store, "scenario-scores", bindings)]
    if not parsed:
        return rows
    settings_rows = [
        (dimensions[code], Literal(value, datatype=XSD.decimal)) for code, value in parsed.items()
    ]
    what_if = with_values("what-if-scores", ["dimension", "target"], settings_rows)
    for r in run(store, what_if, bindings):
        rows.append(_row({**r, "name": Literal(label), "scenario": label}))
    return rows


def _row(r: dict) -> ScenarioRow:
    number = r.get("number")
    return ScenarioRow(
        scenario=str(number) if number is not None else "what-if",
        name=str(r.get("name", r["scenario"])),
        average=one_decimal(r["average"]),
        status=str(r["status"]),
    )


@dataclass(frozen=True)
class AdoptionRow:
    """A dimension (or the average) before and after adopting recommendations."""

    code: str
    name: str
    progress: str
    new_progress: str
    progress_change: str
    foresight: str
    new_foresight: str
    foresight_change: str
    status: str
    new_status: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def _change(before: Decimal, after: Decimal) -> str:
    delta = after - before
    return f"{delta:+.1f}" if delta else "0.0"


def adopt(store: Store, assessment: Assessment, ids: Iterable[str]) -> list[AdoptionRow]:
    """Dimension scores, statuses and their average if the benchmarks that the given
    recommendations address were green, next to the scores as they are."""
    from .recommend import adopted_benchmarks

    check_scorable(store, assessment)
    wanted = [i for text in ids for i in text.replace(",", " ").split() if i]
    if not wanted:
        raise InputError("no recommendation ids given", "--adopt", "e.g. --adopt 13.S1,6.S2")
    codes = adopted_benchmarks(store, assessment, wanted)
    green = [(FW[f"benchmark-{c}"], Literal(True)) for c in codes]
    bindings = {"assessment": assessment.term}
    before = {(str(r["level"]), str(r["code"])): r for r in run(store, "scores", bindings)}
    after = run(store, with_values("scores", ["benchmark", "assumed"], green), bindings)
    rows = []
    for r in after:  # the dimensions, then the overall row: "Average of all dimensions"
        level = str(r["level"])
        if level == "area":
            continue
        b = before[(level, str(r["code"]))]
        values = [
            Decimal(str(x)) for x in (b["progress"], r["progress"], b["foresight"], r["foresight"])
        ]
        dimension = level == "dimension"
        rows.append(
            AdoptionRow(
                str(r["code"]) if dimension else "",
                str(r["name"]) if dimension else "Average of all dimensions",
                one_decimal(values[0]),
                one_decimal(values[1]),
                _change(values[0], values[1]),
                one_decimal(values[2]),
                one_decimal(values[3]),
                _change(values[2], values[3]),
                str(b["status"]) if dimension else "",
                str(r["status"]) if dimension else "",
            )
        )
    return rows
