"""The one order of codes: dimension "6", benchmark "13.10", recommendation "1.M2", in the order
a reader expects (numbers as numbers, so 13.2 before 13.10 and 2 before 10)."""

from __future__ import annotations

import re

_PARTS = re.compile(r"\d+|\D+")


def code_key(code: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key for any eggo code: runs of digits compare as numbers, the rest as text."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in _PARTS.findall(code))
