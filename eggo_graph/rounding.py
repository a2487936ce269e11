"""The one rounding of every figure eggo shows: half up, to one decimal unless told otherwise.

The report rounds half up (2.25 gives 2.3); Python's ``round`` and ``f"{x:.1f}"`` round half
to even on the binary float (2.25 gives 2.2, and 0.15 gives 0.1 because the float is below
0.15). So every figure goes through ``half_up``, which rounds a ``Decimal`` of the exact value:

- a ``Decimal``, an ``int`` or the lexical form of an RDF literal is taken as is;
- a ``float`` is read back as the shortest decimal that gives the same float (``repr``), which
  is the decimal it was read from: scores reach Python as SPARQL decimals, converted once.

Scores are fractions of rating values; a true score on a rounding boundary (x.x5) is a finite
decimal, so SPARQL's decimal division gives it exactly and this rounding agrees with the
queries' ``ROUND(x * 10 + 1e-9) / 10``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def exact(value: object) -> Decimal:
    """The exact decimal value of a number, a numeric literal or its text."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("a bool is not a figure")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(float(value)))  # a numpy float64 too (its repr names the type)
    return Decimal(str(value).strip())  # text, or an rdflib Literal's lexical form


def half_up(value: object, places: int = 1) -> Decimal:
    """The value rounded half up (away from zero on a tie) to this many decimals."""
    rounded = exact(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return rounded if rounded else abs(rounded)  # never "-0.0"


def one_decimal(value: object) -> str:
    """The figure as eggo prints it: half up, exactly one decimal, e.g. 2.25 -> "2.3"."""
    return str(half_up(value))


def decimals(value: object, places: int) -> str:
    """The figure rounded half up to this many decimals, e.g. a correlation to 3."""
    return str(half_up(value, places))


def signed(value: object) -> str:
    """A change, half up to one decimal with its sign: "+6.3", "-0.5", and "0.0" for none."""
    rounded = half_up(value)
    return f"{rounded:+}" if rounded else "0.0"


def number(value: object, places: int = 1) -> float:
    """The rounded figure as a JSON number (the float nearest the rounded decimal)."""
    return float(half_up(value, places))
