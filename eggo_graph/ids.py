"""The one rule for the identifiers a user types: assessment ids (UA-2018), recommendation ids
(13.S1), dimension and benchmark codes (13, 6.4) and the names and abbreviations `eggo deps` knows
(SEGA). They are matched ignoring case and runs of white space, everywhere: ``--assessment``,
``compare``, ``--adopt``, ``--set``, ``show``, ``deps``, ``--institution``. The ids printed are
always the graph's own spelling.
"""

from __future__ import annotations

from collections.abc import Iterable


def id_key(text: str) -> str:
    """What two ids must share to be the same id: lower case, white space collapsed."""
    return " ".join(str(text).split()).lower()  # lower(), as SPARQL LCASE in deps-lookup


def find_id(text: str, known: Iterable[str]) -> str | None:
    """The known id that text means (the graph's spelling), or None."""
    key = id_key(text)
    return next((k for k in known if id_key(k) == key), None)


def dimension_code(text: str) -> str:
    """A dimension as the user may write it ("13", "d13", "D13") as its code, "13"."""
    return str(text).strip().upper().removeprefix("D").strip()
