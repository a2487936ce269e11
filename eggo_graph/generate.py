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
from .questionnaire import (
    Answer,
    FrameworkBenchmarks,
    assessment_iri,
    assessment_triples,
    to_turtle,
)

FIRST_YEAR = 2018


def synthetic_countries(n: int) -> list[str]:
    """n country codes from the user-assigned ranges XAA..XZZ and QMA..QZZ."""
    letters = string.ascii_uppercase
    codes = [f"X{a}{b}" for a, b in itertools.product(letters, letters)]
    codes += [f"Q{a}{b}" for a, b in itertools.product(letters[letters.index("M") :], letters)]
    if not 1 <= n <= len(codes):
        raise InputError(f"cannot make {n} countries", "--countries", f"give 1 to {len(codes)}")
    return codes[:n]


def synthetic_answers(framework: FrameworkBenchmarks, rng: random.Random) -> list[Answer]:
    """A rating for every benchmark: progress at random, foresight never below it."""
    scale = framework.scale
    answers = []
    for code, (iri, _name) in framework.benchmarks.items():
        p = rng.randrange(len(scale))
        f = rng.randrange(p, len(scale))
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


def generate(
    framework: FrameworkBenchmarks, countries: int, years: int, seed: int
) -> Iterator[Synthetic]:
    """countries × years synthetic assessments, the same for the same seed."""
    if not 1 <= years <= 100:
        raise InputError(f"cannot make {years} years", "--years", "give 1 to 100")
    codes = synthetic_countries(countries)
    rng = random.Random(seed)
    for country in codes:
        for year in range(FIRST_YEAR, FIRST_YEAR + years):
            answers = synthetic_answers(framework, rng)
            iri = assessment_iri(country, year)
            triples = assessment_triples(answers, framework.framework, country, year)
            yield Synthetic(
                f"{country}-{year}", f"{country.lower()}-{year}.ttl", to_turtle(triples, iri)
            )
