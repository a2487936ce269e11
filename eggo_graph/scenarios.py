"""Foresight scenarios (the report's Table 1) and your own what-ifs, scored by SPARQL.

A scenario's or a what-if's settings reach the ``scores`` query as inline data (a ``VALUES``
block of serialised terms): the overall row's foresight and foresight status are the scenario's
average and status, so the thresholds and the rounding live in that one query. Adopting
recommendations sends the benchmarks they address, assumed green, to ``scores`` the same way.
Neither writes to the store, so both work on a read-only SPARQL endpoint too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from .assessments import Assessment
from .codes import code_key
from .errors import InputError
from .ids import dimension_code
from .integrity import check_scenarios, check_scorable
from .namespaces import PREFIXES
from .queries import run_text, with_values
from .rounding import one_decimal, signed
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


_DECIMAL = ox.NamedNode(PREFIXES["xsd"] + "decimal")
_TRUE = ox.Literal("true", datatype=ox.NamedNode(PREFIXES["xsd"] + "boolean"))


def _dimension_iris(store: Store, assessment: Assessment) -> dict[str, str]:
    rows = run_text(
        store, "framework-dimensions", {"framework": ox.NamedNode(assessment.framework)}
    )
    return {r["code"]: r["dimension"] for r in rows}


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
            known = ", ".join(sorted(dimensions, key=code_key))
            raise InputError(f"there is no dimension {code!r}", "--set", f"use one of {known}")
    label = "What-if: " + ", ".join(f"D{c}={v:f}" for c, v in parsed.items())
    rows = [
        _average(store, assessment, number, name, targets)
        for number, name, targets in scenario_settings(store, assessment)
    ]
    if parsed:
        targets = {dimensions[code]: value for code, value in parsed.items()}
        rows.append(_average(store, assessment, "what-if", label, targets))
    return rows


def scenario_settings(
    store: Store, assessment: Assessment
) -> list[tuple[str, str, dict[str, Decimal]]]:
    """Each scenario's number (or IRI), name and foresight targets by dimension IRI: its own
    settings and those of the scenarios it builds on, the nearer setting winning."""
    found: dict[str, dict] = {}
    for r in run_text(store, "scenario-settings", {"assessment": assessment.node}):
        s = found.setdefault(
            str(r["scenario"]), {"number": None, "names": set(), "parents": set(), "own": {}}
        )
        if r.get("number") is not None:
            s["number"] = int(str(r["number"]))
        if r.get("name") is not None:
            s["names"].add(str(r["name"]))
        if r.get("parent") is not None:
            s["parents"].add(str(r["parent"]))
        if r.get("dimension") is not None:
            s["own"][str(r["dimension"])] = Decimal(str(r["target"]))

    def targets(iri: str) -> dict[str, Decimal]:
        # breadth first along eggo:buildsOn (acyclic: check_scenarios ran): nearest wins
        chosen: dict[str, Decimal] = {}
        level, seen = [iri], {iri}
        while level:
            for scenario in level:
                for dimension, value in found.get(scenario, {}).get("own", {}).items():
                    chosen.setdefault(dimension, value)
            level = sorted({p for s in level for p in found.get(s, {}).get("parents", ())} - seen)
            seen.update(level)
        return chosen

    order = sorted(found, key=lambda i: (found[i]["number"] is None, found[i]["number"] or 0, i))
    return [
        (
            str(found[i]["number"]) if found[i]["number"] is not None else i,
            min(found[i]["names"], default=i),
            targets(i),
        )
        for i in order
    ]


def _average(
    store: Store, assessment: Assessment, scenario: str, name: str, targets: dict
) -> ScenarioRow:
    """A scenario's average foresight and its status: the overall row of ``scores`` with the
    targets in place of the dimensions' foresight."""
    rows = [(ox.NamedNode(d), ox.Literal(f"{v:f}", datatype=_DECIMAL)) for d, v in targets.items()]
    query = with_values("scores", ["dimension", "target"], rows)
    overall = [
        r
        for r in run_text(store, query, {"assessment": assessment.node})
        if str(r["level"]) == "overall"
    ]
    if not overall:
        raise InputError(f"assessment {assessment.id} has no ratings to score")
    return ScenarioRow(
        scenario=scenario,
        name=name,
        average=one_decimal(overall[0]["foresight"]),
        status=str(overall[0]["foresightStatus"]),
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
    return signed(after - before)


def adopt(store: Store, assessment: Assessment, ids: Iterable[str]) -> list[AdoptionRow]:
    """Dimension scores, statuses and their average if the benchmarks that the given
    recommendations address were green, next to the scores as they are."""
    from .recommend import adopted_benchmarks

    check_scorable(store, assessment)
    wanted = [i for text in ids for i in text.replace(",", " ").split() if i]
    if not wanted:
        raise InputError("no recommendation ids given", "--adopt", "e.g. --adopt 13.S1,6.S2")
    codes = adopted_benchmarks(store, assessment, wanted)
    green = [(ox.NamedNode(f"{PREFIXES['fw']}benchmark-{c}"), _TRUE) for c in codes]
    bindings = {"assessment": assessment.node}
    before = {(str(r["level"]), str(r["code"])): r for r in run_text(store, "scores", bindings)}
    after = run_text(store, with_values("scores", ["benchmark", "assumed"], green), bindings)
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
