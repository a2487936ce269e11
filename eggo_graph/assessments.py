"""Which assessments a store holds, and picking one by a short id such as "UA-2018"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .errors import InputError
from .ids import id_key
from .queries import run_text
from .store import Store

if TYPE_CHECKING:
    from rdflib import URIRef


@dataclass(frozen=True)
class Assessment:
    """An assessment in the store."""

    iri: str
    label: str
    country: str
    year: str
    ratings: int
    framework: str = ""

    @property
    def id(self) -> str:
        """Short id: country code and year, e.g. "UA-2018"."""
        return f"{self.country}-{self.year}" if self.country and self.year else self.iri

    @property
    def term(self) -> URIRef:
        """The assessment's IRI as an rdflib term."""
        from rdflib import URIRef

        return URIRef(self.iri)

    @property
    def node(self) -> ox.NamedNode:
        """The assessment's IRI as a pyoxigraph term: the same bound value as ``term``, for the
        paths that run without rdflib (scoring)."""
        return ox.NamedNode(self.iri)

    @property
    def framework_term(self) -> URIRef:
        from rdflib import URIRef

        return URIRef(self.framework)


def list_assessments(store: Store) -> list[Assessment]:
    """Every assessment in the store."""
    return [
        Assessment(
            iri=str(r["assessment"]),
            label=str(r.get("label", "")),
            country=str(r.get("country", "")),
            year=str(r.get("year", "")),
            ratings=int(r["ratings"]),
            framework=str(r.get("framework", "")),
        )
        for r in run_text(store, "assessments")
    ]


def select_assessment(
    store: Store, selector: str | None = None, where: str = "--assessment"
) -> Assessment:
    """The assessment named by selector (id like "UA-2018" in any case, or IRI); without one, the
    only assessment loaded, else the embedded one (Ukraine 2018) if it is loaded. ``where`` names
    the option or argument the selector came from, for the error message."""
    found = list_assessments(store)
    if not found:
        raise InputError("no assessment is loaded", fix="pass a data file with --data")
    if selector is None:
        if len(found) == 1:
            return found[0]
        embedded = set(getattr(store, "embedded_assessments", ()))
        default = [a for a in found if a.iri in embedded]
        if len(default) == 1:
            return default[0]
        ids = ", ".join(a.id for a in found)
        raise InputError(
            f"{len(found)} assessments are loaded ({ids})", fix="pick one with --assessment"
        )
    wanted = selector.strip().removeprefix("<").removesuffix(">")
    matches = [a for a in found if wanted == a.iri] or [
        a for a in found if id_key(wanted) == id_key(a.id)
    ]
    if len(matches) == 1:
        return matches[0]
    if matches:
        iris = ", ".join(a.iri for a in matches)
        raise InputError(
            f"{len(matches)} assessments have the id {selector!r} ({iris})",
            where,
            "name one by its IRI",
        )
    ids = ", ".join(a.id for a in found)
    raise InputError(f"no assessment {selector!r}", where, f"use one of {ids}")
