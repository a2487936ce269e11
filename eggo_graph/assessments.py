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
    complete: bool = True  # False for work in progress (eggo import --partial)

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
            complete=str(r.get("complete", "true")).lower() not in ("false", "0"),
        )
        for r in run_text(store, "assessments")
    ]


def shipped_assessments() -> list[str]:
    """The IRIs of the assessments shipped with eggo (the embedded UA-2018), read from the
    shipped files' graph names: the default of a store or endpoint that holds them."""
    from functools import cache

    @cache
    def _read() -> tuple[str, ...]:
        from .load import scan_file
        from .resources import DATA_DIR

        return tuple(
            g
            for path in sorted((DATA_DIR / "assessments").glob("*.ttl"))
            for g in scan_file(path).graphs
        )

    return list(_read())


def data_assessments(store: Store, found: list[Assessment] | None = None) -> list[Assessment]:
    """The assessments whose node is in a graph loaded from a --data file (none for an
    endpoint, which takes no --data)."""
    data_graphs = set(getattr(store, "data_graphs", ()))
    if not data_graphs:
        return []
    found = list_assessments(store) if found is None else found
    in_data = {
        str(r["assessment"])
        for r in run_text(store, "assessment-graphs")
        if str(r["graph"]) in data_graphs
    }
    return [a for a in found if a.iri in in_data]


def default_assessment(store: Store, found: list[Assessment] | None = None) -> Assessment:
    """The one rule for the assessment a command uses when none is named, the same locally and
    against an endpoint:

    1. if the --data files hold exactly one assessment, that one;
    2. otherwise, if one assessment is loaded in all, that one;
    3. otherwise, with no --data, the embedded UA-2018 (when loaded);
    4. otherwise an InputError that lists the candidates.
    """
    found = list_assessments(store) if found is None else found
    if not found:
        raise InputError("no assessment is loaded", fix="pass a data file with --data")
    from_data = data_assessments(store, found)
    if len(from_data) == 1:
        return from_data[0]
    if len(found) == 1:
        return found[0]
    if not getattr(store, "data_graphs", ()):
        embedded = set(getattr(store, "embedded_assessments", ()) or shipped_assessments())
        default = [a for a in found if a.iri in embedded]
        if len(default) == 1:
            return default[0]
    candidates = from_data if len(from_data) > 1 else found
    ids = ", ".join(a.id for a in candidates)
    where = "the --data files hold" if len(from_data) > 1 else "are loaded"
    raise InputError(
        f"{len(candidates)} assessments {where} ({ids}), so none is the default",
        "--assessment",
        f"pick one, e.g. --assessment {candidates[0].id}",
    )


def select_assessment(
    store: Store, selector: str | None = None, where: str = "--assessment"
) -> Assessment:
    """The assessment named by selector (id like "UA-2018" in any case, or IRI); without one, the
    default (``default_assessment``). ``where`` names the option or argument the selector came
    from, for the error message."""
    found = list_assessments(store)
    if not found:
        raise InputError("no assessment is loaded", fix="pass a data file with --data")
    if selector is None:
        return default_assessment(store, found)
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
