"""Refuse to score what cannot be scored honestly: the ``*-integrity-violation`` queries must
return no rows for the assessment at hand."""

from __future__ import annotations

from .assessments import Assessment
from .errors import InputError
from .queries import recorded, run_text
from .store import Store

_SHOWN = 3


def _refuse(what: str, problems: list[str], query: str) -> None:
    if not problems:
        return
    more = f" (and {len(problems) - _SHOWN} more)" if len(problems) > _SHOWN else ""
    raise InputError(
        f"{what}: {'; '.join(problems[:_SHOWN])}{more}",
        fix=f"correct the data; 'eggo query {query}' lists every problem",
    )


def check_scorable(store: Store, assessment: Assessment) -> None:
    """Raise InputError unless every benchmark of the assessment's framework has exactly one
    progress and one foresight rating on the scale, and nothing else is rated. A
    work-in-progress assessment (``eggo:complete false``) may leave benchmarks unrated."""
    query = "scoring-integrity-violation"
    every = recorded(store, query)  # checked once, when a store on disk was loaded
    if every is not None:
        rows = [r for r in every if r.get("assessment") == assessment.iri]
    else:
        rows = list(run_text(store, query, {"assessment": assessment.node}))
    if not assessment.complete:  # work in progress: unrated benchmarks are expected
        rows = [r for r in rows if str(r.get("problem")) != "no rating"]
    problems = [
        " ".join(str(r[k]) for k in ("code", "aspect") if k in r) + f": {r['problem']}"
        if "code" in r or "aspect" in r
        else str(r["problem"])
        for r in rows
    ]
    _refuse(f"assessment {assessment.id} cannot be scored", problems, query)


def check_scenarios(store: Store, assessment: Assessment) -> None:
    """Raise InputError if a scenario of the assessment is malformed."""
    query = "scenario-integrity-violation"
    rows = run_text(store, query, {"assessment": assessment.node})
    problems = [f"<{r['scenario']}> {r['problem']}" for r in rows]
    _refuse(f"the scenarios of {assessment.id} cannot be scored", problems, query)
