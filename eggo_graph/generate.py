"""Synthetic assessments for tests and scale measurements: random but valid ratings on the loaded
framework, written through the same code as ``eggo import``.

Country codes come from ISO 3166's user-assigned ranges (XAA..XZZ, then QMA..QZZ), so synthetic
data never poses as a real country.
"""

from __future__ import annotations

import itertools
import random
import string
from collections.abc import Iterator
from dataclasses import dataclass

from .errors import InputError
from .queries import run
from .questionnaire import (
    Answer,
    FrameworkBenchmarks,
    assessment_iri,
    assessment_triples,
    to_turtle,
)
from .store import Store

FIRST_YEAR = 2018
MAX_YEARS = 100


def synthetic_countries(n: int) -> list[str]:
    """n country codes from the user-assigned ranges XAA..XZZ and QMA..QZZ."""
    letters = string.ascii_uppercase
    codes = [f"X{a}{b}" for a, b in itertools.product(letters, letters)]
    codes += [f"Q{a}{b}" for a, b in itertools.product(letters[letters.index("M") :], letters)]
    if not 1 <= n <= len(codes):
        raise InputError(f"cannot make {n} countries", "--countries", f"give 1 to {len(codes)}")
    return codes[:n]


@dataclass(frozen=True)
class RatingLinks:
    """The framework's links between ratings (from ``framework-rating-links.rq``): a benchmark is
    never rated above one it presupposes, and benchmarks measuring one fact agree."""

    prerequisites: tuple[tuple[str, str], ...] = ()  # (benchmark, the one it presupposes)
    shared: tuple[tuple[str, str], ...] = ()  # (benchmark, benchmark on the same fact)


NO_LINKS = RatingLinks()


def rating_links(store: Store) -> RatingLinks:
    rows = run(store, "framework-rating-links")
    pairs = {
        kind: tuple((str(r["code"]), str(r["otherCode"])) for r in rows if str(r["kind"]) == kind)
        for kind in ("prerequisite", "shared")
    }
    return RatingLinks(pairs["prerequisite"], pairs["shared"])


def _respect(levels: dict[str, list[int]], links: RatingLinks) -> None:
    """Lower ratings until every link holds, aspect by aspect (progress, foresight). Lowering
    both aspects by the same rule keeps foresight at or above progress."""
    changed = True
    while changed:
        changed = False
        for a, b in links.shared:
            if a in levels and b in levels and levels[a] != levels[b]:
                low = [min(x, y) for x, y in zip(levels[a], levels[b], strict=True)]
                levels[a], levels[b] = low, list(low)
                changed = True
        for code, pre in links.prerequisites:
            if code in levels and pre in levels:
                capped = [min(x, y) for x, y in zip(levels[code], levels[pre], strict=True)]
                if capped != levels[code]:
                    levels[code] = capped
                    changed = True


def synthetic_answers(
    framework: FrameworkBenchmarks, rng: random.Random, links: RatingLinks = NO_LINKS
) -> list[Answer]:
    """A rating for every benchmark: progress at random, foresight never below it, and the
    framework's rating links respected."""
    scale = framework.scale
    levels: dict[str, list[int]] = {}
    for code in framework.benchmarks:
        p = rng.randrange(len(scale))
        levels[code] = [p, rng.randrange(p, len(scale))]
    _respect(levels, links)
    answers = []
    for code, (iri, _name) in framework.benchmarks.items():
        p, f = levels[code]
        answers.append(
            Answer(
                code=code,
                benchmark=iri,
                progress=scale[p],
                foresight=scale[f],
                status=f"Synthetic status of benchmark {code}",
            )
        )
    return answers


@dataclass(frozen=True)
class Synthetic:
    """One synthetic assessment as Turtle, with the file name it should get."""

    id: str
    file_name: str
    turtle: str


def generate_assessments(
    framework: FrameworkBenchmarks,
    countries: int,
    years: int,
    seed: int,
    links: RatingLinks = NO_LINKS,
) -> Iterator[Synthetic]:
    """countries × years synthetic assessments, the same for the same seed. Bad counts raise
    InputError at once, before the first assessment is asked for."""
    codes = synthetic_countries(countries)
    check_years(years)
    return _generate(framework, codes, years, seed, links)


def check_years(years: int) -> None:
    """Raise InputError unless years is 1 to MAX_YEARS."""
    if not 1 <= years <= MAX_YEARS:
        raise InputError(f"cannot make {years} years", "--years", f"give 1 to {MAX_YEARS}")


def _generate(
    framework: FrameworkBenchmarks, codes: list[str], years: int, seed: int, links: RatingLinks
) -> Iterator[Synthetic]:
    rng = random.Random(seed)
    for country in codes:
        for year in range(FIRST_YEAR, FIRST_YEAR + years):
            answers = synthetic_answers(framework, rng, links)
            iri = assessment_iri(country, year)
            triples = assessment_triples(answers, framework.framework, country, year)
            yield Synthetic(
                f"{country}-{year}", f"{country.lower()}-{year}.ttl", to_turtle(triples, iri)
            )
