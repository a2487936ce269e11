"""The three views of `eggo recommend`, as ``render.Result``s: the ranked list (with its
explanation), the dimensions by gap and leverage, and the rank stability under perturbed weights.

Filtering, rounding and the choice of columns live here; the command only picks a view and a
format. The table for people is made for 80 columns: the list shows rank, id, risk, score and
the text cut to one line (whole with ``full_text``); CSV, JSON and Markdown carry every field.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from .assessments import Assessment
from .errors import InputError
from .ids import dimension_code
from .priority import CONTRIBUTIONS, Priority, Stability, Weights, formula_text, stability
from .recommend import (
    RankingInputs,
    Source,
    prerequisites_first,
    rank_dimensions,
    rank_recommendations,
    read_ranking_inputs,
    recommendations_naming,
)
from .render import Result
from .rounding import decimals, one_decimal
from .store import Store

COLUMNS = ["rank", "id", "dimension", "horizon", "risk", "institutions", "score", "text"]
EXPLAIN_COLUMNS = [
    *COLUMNS[:-1],
    *(f"score_{c}" for c in CONTRIBUTIONS),
    "benchmarks",
    "paths",
    "text",
    "source",
    "rule",
    "triggers",
]
TABLE_COLUMNS = ["rank", "id", "risk", "score", "text"]
DIMENSION_COLUMNS = [
    "rank", "code", "name", "progress", "foresight", "gap", "leverage", "score",
    "micmac", "dematel", "prominence", "relation",
]  # fmt: skip
DIMENSION_TABLE = [
    "rank", "code", "name", "progress", "foresight", "gap", "leverage", "score", "micmac", "dematel"
]  # fmt: skip
STABILITY_COLUMNS = ["rank", "id", "median_rank", "low_rank", "high_rank"]
HORIZONS = ("short", "medium")
DRAWS = 300


def recommendation_rows(
    store: Store,
    assessment: Assessment,
    *,
    dimension: str | None = None,
    institution: str | None = None,
    horizon: str | None = None,
    top: int | None = None,
    inputs: RankingInputs | None = None,
    source: Source | str | None = None,
) -> list[dict]:
    """The ranked recommendations as JSON rows (``Priority.as_dict``), filtered: only those of a
    dimension, naming an institution, of a horizon; the first ``top``. Unknown values are errors.
    ``source``: reported, generated or all (default: reported where the assessment has its own)."""
    inputs = inputs or read_ranking_inputs(store, assessment, source)
    names = {c: d.name for c, d in inputs.dimensions.items()}
    dimension = dimension_code(dimension) if dimension is not None else None  # ids.py
    if dimension is not None and dimension not in names:
        raise InputError(
            f"there is no dimension {dimension!r}",
            "--dimension",
            f"use one of {', '.join(sorted(names, key=lambda c: (len(c), c)))}",
        )
    if horizon is not None and horizon not in HORIZONS:
        raise InputError(f"there is no horizon {horizon!r}", "--horizon", "use short or medium")
    keep = recommendations_naming(store, assessment, institution) if institution else None
    if institution and keep is not None and inputs.source is not Source.reported:
        wanted = institution.casefold()  # generated ones name bodies as their table prints them
        keep |= {
            r.id
            for r in inputs.recommendations
            if r.source == "generated" and wanted in {i.casefold() for i in r.institutions}
        }
    ranked = rank_recommendations(store, assessment, explain=True, inputs=inputs)
    return [
        p.as_dict(names) | {"shown": shown(p)}
        for p in ranked
        if (dimension is None or p.recommendation.dimension == dimension)
        and (keep is None or p.recommendation.id in keep)
        and (horizon is None or p.recommendation.horizon == horizon)
    ][:top]


def shown(p: Priority) -> dict[str, str]:
    """A recommendation's score and each contribution as printed: rounded once, half up, from
    the exact value (JSON keeps the score to one decimal and the contributions to two)."""
    return {"score": one_decimal(p.score)} | {k: one_decimal(v) for k, v in p.contributions.items()}


def _flat(d: dict) -> dict:
    """A JSON row flattened for CSV, Markdown and tables."""
    drop = ("contributions", "paths", "benchmarks", "rule", "triggers")
    row = {k: v for k, v in d.items() if k not in drop}
    row["institutions"] = ", ".join(d["institutions"])
    row["score"] = d["shown"]["score"]
    for k in d["contributions"]:
        row[f"score_{k}"] = d["shown"][k]
    row["benchmarks"] = " ".join(d["benchmarks"])
    row["paths"] = "; ".join(d["paths"])
    row["rule"] = " ".join(d["rule"])
    row["triggers"] = "; ".join(f"{t['rule']}: {t['description']}" for t in d["triggers"])
    return row


def ranked_view(
    assessment: Assessment,
    rows: list[dict],
    *,
    explain: bool = False,
    full_text: bool = False,
    source: Source | str = Source.reported,
) -> Result:
    """The ranked list: a table at 80 columns (rank, id, risk, score, text), every field in CSV,
    JSON and Markdown; with explain, the formula and each recommendation's contributions, paths
    and benchmarks (and, for generated ones, the rules that fired) as text for people; the title
    names the source unless it is the assessment's own list."""
    named = "" if Source(source) is Source.reported else f", {Source(source).value}"
    flat = [_flat(r) for r in rows]
    result = Result(
        flat,
        EXPLAIN_COLUMNS,
        md_columns=EXPLAIN_COLUMNS if explain else COLUMNS,
        title=f"Recommendations by priority: {assessment.label or assessment.id} "
        f"({assessment.id}{named})",
        caption="id: dimension.(S)hort- or (M)edium-term number. score = gap + leverage + risk + "
        "horizon + headroom. More: --explain, "
        + ("--format csv." if full_text else "--full-text, --format csv."),
        table_columns=TABLE_COLUMNS,
        justify_right=["rank", "score"],
        headers={"rank": "#"},
        wrap=["text"] if full_text else [],
        cut=None if full_text else "text",
        json=[{k: v for k, v in r.items() if k not in ("dimension_name", "shown")} for r in rows],
        empty="No recommendation matches these filters.",
    )
    if explain:
        result.prose = _explanation(assessment, rows) if rows else None
    return result


def _explanation(assessment: Assessment, rows: list[dict]) -> str:
    blocks = [f"Priority (assessment {assessment.id})\n{formula_text()}"]
    for r in rows:
        head = (
            f"{r['rank']}. {r['id']} score {r['shown']['score']} · dimension {r['dimension']} "
            f"{r['dimension_name']} · {r['horizon']} term · {r['risk']} risk"
        )
        if r["institutions"]:
            head += f" · {', '.join(r['institutions'])}"
        lines = [head, f"  {r['text']}"]
        lines.append("  = " + " + ".join(f"{k} {r['shown'][k]}" for k in r["contributions"]))
        if r["paths"]:
            lines.append("  leverage through: " + "; ".join(r["paths"]))
        lines.append(f"  would lift: {', '.join(r['benchmarks']) or '(no benchmark)'}")
        if r["rule"]:
            lines.append(f"  rules: {', '.join(r['rule'])}")
            lines += [f"    {t['rule']}: {t['description']}" for t in r["triggers"]]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def dimension_view(store: Store, assessment: Assessment) -> Result:
    """The dimensions ranked by gap + leverage, with their MICMAC and DEMATEL roles; the table
    leaves out the DEMATEL prominence and relation (in CSV, JSON and Markdown)."""
    rows = [
        {
            "rank": d.rank,
            "code": d.code,
            "name": d.name,
            "progress": one_decimal(d.progress),
            "foresight": one_decimal(d.foresight),
            "gap": one_decimal(d.gap),
            "leverage": one_decimal(d.leverage),
            "score": one_decimal(d.score),
            "micmac": d.role.micmac,
            "dematel": d.role.dematel,
            "prominence": decimals(d.role.prominence, 3),
            "relation": f"{'+' if d.role.relation >= 0 else ''}{decimals(d.role.relation, 3)}",
        }
        for d in rank_dimensions(store, assessment)
    ]
    return Result(
        rows,
        DIMENSION_COLUMNS,
        title=f"Dimensions by gap and leverage: {assessment.label or assessment.id} "
        f"({assessment.id})",
        caption="score = gap + leverage. MICMAC: driver (high influence, low dependence), "
        "linkage (both high), dependent, autonomous. DEMATEL: cause when relation (R − C) > 0, "
        "else effect; --format csv adds prominence and relation.",
        table_columns=DIMENSION_TABLE,
        headers={
            "rank": "#",
            "code": "dim",
            "progress": "prog",
            "foresight": "fore",
            "leverage": "lev",
            "micmac": "MICMAC",
            "dematel": "DEMATEL",
        },
        justify_right=["rank", "code", "progress", "foresight", "gap", "leverage", "score"],
        wrap=["name"],
    )


def stability_view(
    inputs: RankingInputs,
    top: int | None = None,
    *,
    draws: int = DRAWS,
    progress: Callable[[], None] | None = None,
) -> Result:
    """Each recommendation's median rank and 5–95% interval over ``draws`` rankings with the
    weights perturbed ±20% (fixed seed), and the median Kendall tau against the baseline."""
    rows, tau = stability(
        inputs.recommendations,
        inputs.dimensions,
        inputs.graph,
        Weights(),
        draws=draws,
        progress=progress,
        arrange=prerequisites_first,  # ranked as eggo recommend ranks
    )
    data = [_rank_cells(s) for s in rows][:top]  # the same ids in every draw: no blanks
    return Result(
        data,
        STABILITY_COLUMNS,
        title="Rank stability under ±20% weights",
        note=f"Median Kendall tau against the baseline ranking: {decimals(tau, 3)} ({draws} "
        "draws, seed 2018).",
        headers={"rank": "#", "median_rank": "median", "low_rank": "5%", "high_rank": "95%"},
        justify_right=STABILITY_COLUMNS,
        json={"median_kendall_tau": float(decimals(tau, 4)), "draws": draws, "rows": data},
    )


def _rank_cells(s: Stability) -> dict[str, object]:
    """A stability row's ranks as printed ("" where a recommendation has none)."""
    return {
        "rank": "" if s.baseline_rank is None else s.baseline_rank,
        "id": s.id,
        "median_rank": "" if s.median_rank is None else f"{s.median_rank:g}",
        "low_rank": "" if s.low_rank is None else s.low_rank,
        "high_rank": "" if s.high_rank is None else s.high_rank,
    }


def reconstruction_stability_view(
    store: Store,
    assessment: Assessment,
    inputs: RankingInputs,
    top: int | None = None,
    *,
    draws: int = DRAWS,
    progress: Callable[[], None] | None = None,
) -> Result:
    """Each recommendation's median rank and 5–95% interval over ``draws`` diverse feasible
    reconstructions of the ratings (drawn uniformly, fixed seed), in how many draws it appears
    (generated actions are derived again under each draw), and the median Kendall tau against
    the shipped reconstruction."""
    from .reconstruction import stability_over_reconstructions  # CP-SAT loads only here

    result = stability_over_reconstructions(store, assessment, inputs, draws, progress=progress)
    data = [_rank_cells(s) | {"draws": s.appears} for s in result.rows][:top]
    how = (
        f"all {result.draws} feasible reconstructions"
        if result.exhaustive
        else f"{result.draws} of {result.feasible:.3g} feasible reconstructions, drawn uniformly"
    )
    named = "" if inputs.source is Source.reported else f" ({inputs.source.value})"
    lines = [
        f"Median Kendall tau against the shipped reconstruction: {decimals(result.median_tau, 3)}",
        f"({how}, seed 2018).",
    ]
    if result.generated:
        lines.append(
            "The generated actions are derived again from each draw's ratings: a draw lacks "
            f"{result.missing:g} of the shipped actions and adds {result.added:g} others "
            "(medians). 'draws' counts the draws an action appears in and its ranks are over "
            "those; a blank # is an action the shipped ratings do not generate. Tau compares "
            "the actions a draw shares with the shipped list."
        )
    return Result(
        data,
        [*STABILITY_COLUMNS, "draws"],
        title=f"Rank stability over feasible reconstructions of the ratings{named}",
        note="\n".join(textwrap.fill(line, 80) for line in lines),
        headers={"rank": "#", "median_rank": "median", "low_rank": "5%", "high_rank": "95%"},
        justify_right=[*STABILITY_COLUMNS, "draws"],
        json={
            "over": "reconstructions",
            "source": inputs.source.value,
            "median_kendall_tau": float(decimals(result.median_tau, 4)),
            "draws": result.draws,
            "feasible_reconstructions": result.feasible,
            "generated_derived_per_draw": result.generated,
            "median_missing": result.missing,
            "median_added": result.added,
            "rows": [{k: (None if v == "" else v) for k, v in row.items()} for row in data],
        },
    )
