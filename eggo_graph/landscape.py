"""Who depends on whom: institutions, registries and platforms, laws, dimensions and benchmarks.

Every fact comes from the queries ``deps-*.rq`` and ``role-conflicts.rq``; this module only finds
the entity a user names and puts the query rows into sections.

Countries are kept apart: institutions, registries, laws, mandates and benchmark links are read
only from the landscapes of the assessment's country (``eggo:countryCode`` on the landscape, and
``eggo:landscape`` on each of its nodes), never from another country's.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pyoxigraph as ox

from .assessments import Assessment
from .errors import InputError
from .ids import id_key
from .queries import run_text
from .scores import dimension_scores
from .store import Store
from .terms import term_text

KINDS = ("institution", "registry", "platform", "portal", "information system", "law")
SECTIONS = {
    "holds": "Holds, runs or regulates",
    "held by": "Held, run or overseen by",
    "benchmarks": "Benchmarks that rest on it",
    "dependents": "Benchmarks that depend on it",
    "recommendations": "Recommendations",
    "depends on": "Depends on in turn",
}


@dataclass(frozen=True)
class Entity:
    """Something `eggo deps` can be asked about."""

    iri: str
    kind: str
    label: str
    code: str = ""

    @property
    def term(self) -> ox.NamedNode:
        return ox.NamedNode(self.iri)

    @property
    def title(self) -> str:
        code = f"{self.code} " if self.code and self.code != self.label else ""
        return f"{self.kind} {code}{self.label}"


@dataclass(frozen=True)
class DepRow:
    """One line of a dependency listing; which fields are filled depends on the section."""

    section: str
    relation: str
    code: str
    name: str
    progress: str = ""
    foresight: str = ""
    detail: str = ""
    via: str = ""
    line: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def _t(row: dict, key: str) -> str:
    return term_text(row.get(key))


def _country(assessment: Assessment | None) -> dict[str, ox.Literal]:
    return {"country": ox.Literal(assessment.country)} if assessment and assessment.country else {}


def has_landscape(store: Store, assessment: Assessment) -> bool:
    """Whether a landscape of the assessment's country is loaded."""
    return bool(assessment.country) and bool(run_text(store, "landscapes", _country(assessment)))


def no_landscape_note(store: Store, assessment: Assessment) -> str:
    """A line saying the assessment's country has no landscape, or "" when it has one."""
    if has_landscape(store, assessment):
        return ""
    return (
        f"No institutions recorded for {assessment.country or assessment.id}: no landscape with "
        f'eggo:countryCode "{assessment.country}" is loaded (data/institutions/ shows the form).'
    )


def _entities(
    store: Store, needle: str, assessment: Assessment | None = None
) -> list[tuple[Entity, int]]:
    best: dict[str, tuple[Entity, int]] = {}
    for r in run_text(store, "deps-lookup", {"needle": ox.Literal(needle), **_country(assessment)}):
        e = Entity(str(r["entity"]), _t(r, "kind"), _t(r, "label"), _t(r, "code"))
        match = int(r["match"])
        if e.iri not in best or best[e.iri][1] < match:
            best[e.iri] = (e, match)
    return list(best.values())


def list_entities(store: Store, assessment: Assessment | None = None) -> list[Entity]:
    """Everything `eggo deps` knows (of the assessment's country's landscape), by kind and label."""
    found = _entities(store, "", assessment)
    return sorted((e for e, _ in found), key=lambda e: (e.kind, e.label))


def find_entity(
    store: Store, name: str, assessment: Assessment | None = None, where: str = "NAME"
) -> Entity:
    """The one entity NAME means: an exact code, key, abbreviation or label (any case, as every
    id: ids.py), else the one label that contains it; institutions, registries and laws only of
    the assessment's country. Ambiguous or unknown names are a clear error; ``where`` names the
    argument or option in it."""
    needle = id_key(name)
    if not needle:
        raise InputError("the name is empty", where, "give a name, e.g. SEGA")
    found = _entities(store, needle, assessment)
    top = max((m for _, m in found), default=0)
    best = sorted((e for e, m in found if m == top), key=lambda e: (e.kind, e.label))
    if len(best) == 1:
        return best[0]
    if not best and assessment is not None and not has_landscape(store, assessment):
        raise InputError(
            f"no dimension or benchmark matches {name!r}, and no institutions are recorded for "
            f"{assessment.country or assessment.id} (no landscape of that country is loaded)",
            "NAME",
            "name a dimension or benchmark, or load the country's landscape with --data",
        )
    if not best:
        raise InputError(
            f"no institution, registry, platform, law, dimension or benchmark matches {name!r}",
            where,
            "try an abbreviation (SEGA), a code (6.6) or a word of the name; "
            "'eggo deps --list' lists them all",
        )
    shown = "; ".join(f"{e.title}" for e in best[:6]) + ("; …" if len(best) > 6 else "")
    raise InputError(
        f"{name!r} matches {len(best)} entries: {shown}",
        where,
        "give more of the name, an abbreviation or a code",
    )


def dependencies(store: Store, entity: Entity, assessment: Assessment) -> list[DepRow]:
    """What the entity holds, who holds it, which benchmarks rest on it (with their ratings),
    which recommendations concern it and what it depends on in turn, in that order."""
    e, a = entity.term, assessment.node
    rows: list[DepRow] = []
    for r in run_text(store, "deps-mandates", {"entity": e}):
        holds = _t(r, "side") == "holds"
        name = _t(r, "objectLabel" if holds else "agentLabel") or _t(r, "field")
        detail = _t(r, "field") if _t(r, "field") not in name else ""
        status = _t(r, "status")
        if status != "in force":
            detail = f"{detail} ({status})".strip()
        rows.append(
            DepRow(
                section="holds" if holds else "held by",
                relation=_t(r, "role"),
                code="",
                name=name,
                detail=detail,
                line=_t(r, "line"),
            )
        )
    if entity.kind == "dimension":
        rows += _dimension_benchmarks(store, entity, assessment)
    else:
        for r in run_text(store, "deps-benchmarks", {"entity": e, "assessment": a}):
            rows.append(
                DepRow(
                    "benchmarks",
                    _t(r, "relation"),
                    _t(r, "code"),
                    _t(r, "name"),
                    _t(r, "progress"),
                    _t(r, "foresight"),
                    via=_t(r, "viaLabel"),
                    line=_t(r, "line"),
                )
            )
    if entity.kind == "benchmark":
        for r in run_text(store, "deps-dependents", {"entity": e, "assessment": a}):
            rows.append(
                DepRow(
                    "dependents",
                    "shares " + _t(r, "sharedLabel"),
                    _t(r, "code"),
                    _t(r, "name"),
                    _t(r, "progress"),
                    _t(r, "foresight"),
                    via=_t(r, "sharedLabel"),
                )
            )
    for r in run_text(store, "deps-recommendations", {"entity": e, "assessment": a}):
        rows.append(
            DepRow(
                "recommendations",
                _t(r, "how"),
                _t(r, "id"),
                _t(r, "text"),
                detail=f"{_t(r, 'horizon')} term, {_t(r, 'risk')} risk",
            )
        )
    for r in run_text(store, "deps-upstream", {"entity": e, "assessment": a}):
        rows.append(
            DepRow(
                "depends on",
                _t(r, "relation"),
                "",
                _t(r, "targetLabel"),
                detail=f"depth {_t(r, 'depth')}",
                via=_t(r, "viaLabel"),
            )
        )
    return _sorted(rows)


def _dimension_benchmarks(store: Store, entity: Entity, assessment: Assessment) -> list[DepRow]:
    score = {s.code: s for s in dimension_scores(store, assessment)}.get(entity.code)
    rows = []
    if score:
        rows.append(
            DepRow(
                "benchmarks",
                "dimension score",
                score.code,
                score.name,
                score.progress,
                score.foresight,
                detail=score.status,
            )
        )
    for r in run_text(
        store,
        "benchmark-ratings",
        {"assessment": assessment.node, "dimensionCode": ox.Literal(entity.code)},
    ):
        rows.append(
            DepRow(
                "benchmarks",
                "part of",
                _t(r, "code"),
                _t(r, "name"),
                _t(r, "progress"),
                _t(r, "foresight"),
            )
        )
    return rows


def _sorted(rows: list[DepRow]) -> list[DepRow]:
    order = {s: i for i, s in enumerate(SECTIONS)}
    return sorted(rows, key=lambda r: order[r.section])  # stable: keeps each query's order


def role_conflicts(store: Store, assessment: Assessment | None = None) -> list[dict[str, str]]:
    """Institutions holding both policymaking and implementation mandates, and overlapping
    mandates, with the source's own wording where it flags them; of the assessment's country
    only, when one is given."""
    return [
        {
            "kind": _t(r, "kind"),
            "institution": _t(r, "institutionLabel"),
            "other": _t(r, "otherLabel"),
            # a boolean: "true" in SPARQL JSON, "1" from Virtuoso 7
            "flagged": "yes" if str(r.get("flagged")) in ("true", "1") else "no",
            # GROUP_CONCAT's order is the engine's: sort, so every engine prints the same
            "fields": "; ".join(sorted(_t(r, "fields").split("; "))),
            "other_fields": "; ".join(sorted(_t(r, "otherFields").split("; "))),
            "quote": _t(r, "quote"),
            "line": _t(r, "line"),
        }
        for r in run_text(store, "role-conflicts", _country(assessment))
    ]


def to_dot(entity: Entity, rows: list[DepRow]) -> str:
    """The listing as a Graphviz DOT digraph: arrows point from what is depended on to what
    depends on it."""
    import graphviz

    g = graphviz.Digraph("deps", graph_attr={"rankdir": "LR"}, node_attr={"shape": "box"})
    me = "entity"
    g.node(me, entity.title, style="bold")
    for i, r in enumerate(rows):
        node = f"n{i}"
        label = f"{r.code} {r.name}".strip()
        if r.progress:
            label += f"\n{r.progress} / {r.foresight}"
        g.node(node, label)
        if r.section in ("holds", "benchmarks", "dependents", "recommendations"):
            g.edge(me, node, label=r.relation)
        else:
            g.edge(node, me, label=r.relation)
    return g.source
