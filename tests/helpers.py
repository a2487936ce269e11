"""Helpers shared by the tests (and the benchmarks): paths, the one-error-line check, an
independent scoring oracle, and the W3C Data Cube integrity constraints. Import them with
``from helpers import ...``; conftest.py holds only fixtures."""

from __future__ import annotations

import os
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pyoxigraph as ox
from assessment_factory import benchmark_dimensions

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
GOLDEN = TESTS / "golden"
SOURCE_TEXT = Path(
    os.environ.get(
        "EGGO_SOURCE_TEXT",
        REPO.parent / "shared" / "source" / "ukraine-e-government-assessment-2018.txt",
    )
)


# ---------------------------------------------------------------- the command line


def one_error_line(result, *needles: str) -> str:
    """The one line a failed command prints: exit code 2, no traceback, "eggo: error: ..." on
    stderr, containing each needle."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("eggo: error: "), result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


# ---------------------------------------------------------------- scoring, computed independently


BENCHMARKS = benchmark_dimensions()  # code -> dimension code
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


# ---------------------------------------------------------------- W3C Data Cube constraints

IC_DIR = TESTS / "data-cube-ic"
IC_FILES = sorted(IC_DIR.glob("ic-*.rq"))
IC_PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "qb": "http://purl.org/linked-data/cube#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}


def violations(store: ox.Store, path: Path) -> list[str]:
    """The IC's ASK (instantiated for each $p where it is a template) that answer true."""
    ask, _, instantiation = path.read_text().partition("#---- instantiation")
    if not instantiation:
        return [path.stem] if store.query(ask, prefixes=IC_PREFIXES) else []
    found = []
    for row in store.query(instantiation, prefixes=IC_PREFIXES):
        p = row["p"].value
        if store.query(ask.replace("$p", p), prefixes=IC_PREFIXES):
            found.append(f"{path.stem} with {p}")
    return found


def ic12_grouped(store: ox.Store) -> bool:
    """IC-12 rewritten for large cubes (as written it compares every pair of observations): the
    query is instantiated with the structure's dimension properties and groups the observations
    by their dimension values. True means violated, as for the ASK queries."""
    dims = [
        r["dim"]
        for r in store.query(
            "SELECT DISTINCT ?dim WHERE { ?ds a qb:DataSet ; "
            "qb:structure/qb:component/qb:componentProperty ?dim . ?dim a qb:DimensionProperty }"
            " ORDER BY ?dim",
            prefixes=IC_PREFIXES,
        )
    ]
    names = " ".join(f"?v{i}" for i in range(len(dims)))
    patterns = " ".join(f"?obs {d} ?v{i} ." for i, d in enumerate(dims))
    query = (
        f"ASK {{ SELECT ?dataset {names} WHERE {{ ?obs qb:dataSet ?dataset . {patterns} }}"
        f" GROUP BY ?dataset {names} HAVING (COUNT(DISTINCT ?obs) > 1) }}"
    )
    return bool(store.query(query, prefixes=IC_PREFIXES))
