"""`eggo recommend`: the recommendations in the order a reform team should act on them."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress

from ..assessments import select_assessment
from ..connection import connect
from ..errors import InputError
from ..ids import dimension_code
from ..priority import CONTRIBUTIONS, Weights, formula_text, stability
from ..recommend import Source, rank_dimensions, read_ranking_inputs, recommendations_naming
from ..recommend import rank_recommendations as rank
from ..render import OutputFormat, console, emit, table, to_csv, to_json
from .common import (
    AssessmentOption,
    DataOption,
    EndpointOption,
    NoEmbeddedOption,
    handle_errors,
)

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
DIMENSION_COLUMNS = [
    "rank", "code", "name", "progress", "foresight", "gap", "leverage", "score",
    "micmac", "dematel", "prominence", "relation",
]  # fmt: skip
STABILITY_COLUMNS = ["rank", "id", "median_rank", "low_rank", "high_rank"]
SHORT_TEXT = 90

EXAMPLES = """Examples:

  eggo recommend --top 10

  eggo recommend --explain --top 3

  eggo recommend --institution SEGA --horizon short --format md

  eggo recommend --by-dimension

  eggo recommend --stability --top 15

  eggo recommend --data fd-2025.ttl --assessment FD-2025 --explain --top 3
  eggo recommend --stability --over reconstructions 50 --top 10
"""


class RecommendFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    md = "md"


class Horizon(StrEnum):
    short = "short"
    medium = "medium"


def _short(text: str, width: int = SHORT_TEXT) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _markdown(rows: list[dict], columns: list[str]) -> str:
    def cell(v: object) -> str:
        return str(v).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(r.get(c, "")) for c in columns) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def _flat(d: dict) -> dict:
    """A JSON row flattened for CSV, Markdown and tables."""
    drop = ("contributions", "paths", "benchmarks", "rule", "triggers")
    row = {k: v for k, v in d.items() if k not in drop}
    row["institutions"] = ", ".join(d["institutions"])
    row["score"] = f"{d['score']:.1f}"
    for k, v in d["contributions"].items():
        row[f"score_{k}"] = f"{v:.1f}"
    row["benchmarks"] = " ".join(d["benchmarks"])
    row["paths"] = "; ".join(d["paths"])
    row["rule"] = " ".join(d["rule"])
    row["triggers"] = "; ".join(f"{t['rule']}: {t['description']}" for t in d["triggers"])
    return row


@handle_errors
def recommend(
    top: Annotated[
        int | None, typer.Option("--top", "-n", min=1, help="Show the first N only.")
    ] = None,
    dimension: Annotated[
        str | None,
        typer.Option("--dimension", metavar="CODE", help="Only this dimension's, e.g. 13."),
    ] = None,
    institution: Annotated[
        str | None,
        typer.Option(
            "--institution",
            metavar="NAME",
            help="Only those that name this institution (name or abbreviation, e.g. SEGA).",
        ),
    ] = None,
    horizon: Annotated[
        Horizon | None, typer.Option("--horizon", help="Only short- or medium-term ones.")
    ] = None,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Print the formula and, for each, the contributions, the dependency paths that "
            "give it leverage and the benchmarks it would lift.",
        ),
    ] = False,
    by_dim: Annotated[
        bool,
        typer.Option(
            "--by-dimension",
            help="Rank the dimensions by gap and leverage, with their role in the dependency "
            "graph (MICMAC, DEMATEL).",
        ),
    ] = False,
    stable: Annotated[
        bool,
        typer.Option(
            "--stability",
            help="Perturb the weights ±20% (300 draws, fixed seed) and report each "
            "recommendation's median rank and 5–95% rank interval.",
        ),
    ] = False,
    source: Annotated[
        Source | None,
        typer.Option(
            "--source",
            help="Which list: the assessment's own (reported), the one the recommendation rules "
            "generate from its ratings, evidence and landscape (generated), or both (all). "
            "Default: reported where the assessment has its own recommendations, else generated.",
            case_sensitive=False,
        ),
    ] = None,
    over: Annotated[
        tuple[str, int] | None,
        typer.Option(
            "--over",
            metavar="KIND N",
            help="With --stability, what varies and how often: 'weights N' (±20%, default "
            "300 draws) or 'reconstructions N' (N diverse feasible reconstructions of the "
            "ratings, drawn uniformly; see eggo reconstruct).",
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
    assessment: AssessmentOption = None,
    fmt: Annotated[
        RecommendFormat,
        typer.Option("--format", "-f", help="Output format.", case_sensitive=False),
    ] = RecommendFormat.table,
    no_embedded: NoEmbeddedOption = False,
    endpoint: EndpointOption = None,
) -> None:
    """List the recommendations in the order a reform team should act on them, and why.

    Each recommendation's score adds up five named contributions: the gap of its dimension
    (the unplanned part weighs more than the planned part), the dimension's leverage (the weak
    capacity it enables downstream in the dimension dependency graph), the risk if not followed,
    the horizon (short-term first) and the headroom of the benchmarks it addresses. --explain
    prints the formula. An assessment without recommendations of its own (e.g. an imported
    questionnaire) gets the ones the recommendation rules generate (--source generated);
    --explain then names the rules that fired and what triggered them.
    """

    if by_dim and stable:
        raise InputError("--by-dimension and --stability are separate views; give one")
    if over is not None and not stable:
        raise InputError("--over only goes with --stability", "--over")
    if over is not None and (over[0] not in ("weights", "reconstructions") or over[1] < 1):
        raise InputError(
            f"cannot vary {over[0]!r} {over[1]} times",
            "--over",
            "write --over weights N or --over reconstructions N, with N at least 1",
        )
    store = connect(endpoint, data or [], embedded=not no_embedded)
    chosen = select_assessment(store, assessment)
    if by_dim:
        _by_dimension(store, chosen, fmt)
        return
    inputs = read_ranking_inputs(store, chosen, source)
    names = {c: d.name for c, d in inputs.dimensions.items()}
    dimension = dimension_code(dimension) if dimension is not None else None  # ids.py
    if dimension is not None and dimension not in names:
        raise InputError(
            f"there is no dimension {dimension!r}",
            "--dimension",
            f"use one of {', '.join(sorted(names, key=lambda c: (len(c), c)))}",
        )
    keep = recommendations_naming(store, chosen, institution) if institution else None
    if institution and keep is not None and inputs.source is not Source.reported:
        wanted = institution.casefold()  # generated ones name bodies as their table prints them
        keep |= {
            r.id
            for r in inputs.recommendations
            if r.source == "generated" and wanted in {i.casefold() for i in r.institutions}
        }
    if stable and over is not None and over[0] == "reconstructions":
        _stability_over_reconstructions(store, chosen, inputs, fmt, top, over[1])
        return
    if stable:
        _stability(inputs, fmt, top, over[1] if over else 300)
        return
    ranked = rank(store, chosen, explain=explain or fmt is not RecommendFormat.table, inputs=inputs)
    rows = [
        p.as_dict(names)
        for p in ranked
        if (dimension is None or p.recommendation.dimension == dimension)
        and (keep is None or p.recommendation.id in keep)
        and (horizon is None or p.recommendation.horizon == horizon.value)
    ][:top]
    if fmt is RecommendFormat.json:
        print(
            to_json([{k: v for k, v in r.items() if k != "dimension_name"} for r in rows]), end=""
        )
        return
    flat = [_flat(r) for r in rows]
    if fmt is RecommendFormat.csv:
        print(to_csv(flat, EXPLAIN_COLUMNS), end="")
        return
    if fmt is RecommendFormat.md:
        print(_markdown(flat, EXPLAIN_COLUMNS if explain else COLUMNS), end="")
        return
    out = console()
    if not flat:
        out.print("No recommendation matches these filters.")
        return
    if explain:
        out.print(f"[bold]Priority[/bold] (assessment {chosen.id})\n{escape(formula_text())}\n")
        for n, r in enumerate(rows):
            if n:
                out.print()
            out.print(
                f"[bold]{r['rank']}. {r['id']}[/bold] score {r['score']:.1f} · dimension "
                f"{r['dimension']} {escape(r['dimension_name'])} · {r['horizon']} term · "
                f"{r['risk']} risk"
                + (f" · {escape(', '.join(r['institutions']))}" if r["institutions"] else "")
            )
            out.print(f"  {escape(r['text'])}")
            parts = " + ".join(f"{k} {v:.1f}" for k, v in r["contributions"].items())
            out.print(f"  = {parts}")
            if r["paths"]:
                out.print("  leverage through: " + escape("; ".join(r["paths"])))
            out.print(f"  would lift: {', '.join(r['benchmarks']) or '(no benchmark)'}")
            if r["rule"]:
                out.print(f"  rules: {escape(', '.join(r['rule']))}")
                for t in r["triggers"]:
                    out.print(f"    {escape(t['rule'])}: {escape(t['description'])}")
        return
    for r in flat:
        r["text"] = _short(r["text"])
    out.print(
        table(
            flat,
            COLUMNS,
            title=f"Recommendations by priority: {chosen.label or chosen.id} ({chosen.id}"
            + ("" if inputs.source is Source.reported else f", {inputs.source.value}")
            + ")",
            headers={"dimension": "dim"},
            justify_right=["rank", "dimension", "score"],
            caption="score = gap + leverage + risk + horizon + headroom; --explain shows each.",
        )
    )


def _by_dimension(store, chosen, fmt: RecommendFormat) -> None:

    rows = [
        {
            "rank": d.rank,
            "code": d.code,
            "name": d.name,
            "progress": f"{d.progress:.1f}",
            "foresight": f"{d.foresight:.1f}",
            "gap": f"{d.gap:.1f}",
            "leverage": f"{d.leverage:.1f}",
            "score": f"{d.score:.1f}",
            "micmac": d.role.micmac,
            "dematel": d.role.dematel,
            "prominence": f"{d.role.prominence:.3f}",
            "relation": f"{d.role.relation:+.3f}",
        }
        for d in rank_dimensions(store, chosen)
    ]
    if fmt is RecommendFormat.md:
        print(_markdown(rows, DIMENSION_COLUMNS), end="")
        return
    emit(
        rows,
        DIMENSION_COLUMNS,
        OutputFormat(fmt.value),
        title=f"Dimensions by gap and leverage: {chosen.label or chosen.id} ({chosen.id})",
        justify_right=[
            "rank",
            "progress",
            "foresight",
            "gap",
            "leverage",
            "score",
            "prominence",
            "relation",
        ],
        caption="MICMAC: driver (high influence, low dependence), linkage (both high), dependent, "
        "autonomous. DEMATEL: cause when relation (R − C) > 0, else effect.",
    )


def _stability(inputs, fmt: RecommendFormat, top: int | None, draws: int = 300) -> None:

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("Perturbing the weights ±20%", total=draws)
        rows, tau = stability(
            inputs.recommendations,
            inputs.dimensions,
            inputs.graph,
            Weights(),
            draws=draws,
            progress=lambda: bar.advance(task),
        )
    data = [
        {
            "rank": s.baseline_rank,
            "id": s.id,
            "median_rank": f"{s.median_rank:g}",
            "low_rank": s.low_rank,
            "high_rank": s.high_rank,
        }
        for s in rows
    ][:top]
    if fmt is RecommendFormat.json:
        print(to_json({"median_kendall_tau": round(tau, 4), "draws": draws, "rows": data}), end="")
        return
    if fmt is RecommendFormat.md:
        print(_markdown(data, STABILITY_COLUMNS), end="")
        print(f"\nMedian Kendall tau against the baseline: {tau:.3f} ({draws} draws)")
        return
    emit(
        data,
        STABILITY_COLUMNS,
        OutputFormat(fmt.value),
        title="Rank stability under ±20% weights",
        headers={"median_rank": "median", "low_rank": "5%", "high_rank": "95%"},
        justify_right=STABILITY_COLUMNS[:1] + STABILITY_COLUMNS[2:],
        caption=f"Median Kendall tau against the baseline ranking: {tau:.3f} ({draws} draws, "
        "seed 2018).",
    )


def _stability_over_reconstructions(store, chosen, inputs, fmt, top, draws: int) -> None:
    from ..reconstruction import stability_over_reconstructions

    err = Console(stderr=True)
    with Progress(console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("Ranking over feasible reconstructions", total=draws)
        result = stability_over_reconstructions(
            store, chosen, inputs, draws, progress=lambda: bar.advance(task)
        )
    data = [
        {
            "rank": s.baseline_rank,
            "id": s.id,
            "median_rank": f"{s.median_rank:g}",
            "low_rank": s.low_rank,
            "high_rank": s.high_rank,
        }
        for s in result.rows
    ][:top]
    how = (
        f"all {result.draws} feasible reconstructions"
        if result.exhaustive
        else f"{result.draws} of {result.feasible:.3g} feasible reconstructions, drawn uniformly"
    )
    if fmt is RecommendFormat.json:
        print(
            to_json(
                {
                    "over": "reconstructions",
                    "median_kendall_tau": round(result.median_tau, 4),
                    "draws": result.draws,
                    "feasible_reconstructions": result.feasible,
                    "rows": data,
                }
            ),
            end="",
        )
        return
    tau = f"Median Kendall tau against the shipped reconstruction: {result.median_tau:.3f} ({how})"
    if fmt is RecommendFormat.md:
        print(_markdown(data, STABILITY_COLUMNS), end="")
        print(f"\n{tau}")
        return
    emit(
        data,
        STABILITY_COLUMNS,
        OutputFormat(fmt.value),
        title="Rank stability over feasible reconstructions of the ratings",
        headers={"median_rank": "median", "low_rank": "5%", "high_rank": "95%"},
        justify_right=STABILITY_COLUMNS[:1] + STABILITY_COLUMNS[2:],
        caption=f"{tau}, seed 2018.",
    )
