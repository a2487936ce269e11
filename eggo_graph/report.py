"""`eggo report` as a library: gather everything the report shows from the graph (scores,
scenarios, the dependency graph, recommendations, validation findings, benchmark evidence), draw
the figures and render one self-contained HTML file with Jinja2.

Every number comes from the library functions that compute it from the graph; this module only
selects and arranges. The HTML loads nothing: styles and the filter script are inline, the charts
are SVG data URIs and the dependency graph is inline SVG (so its edges show their quotes on hover).
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .assessments import Assessment
from .dimension_graph import Edge, load_edges
from .errors import InputError
from .figures.dimension_graph import Node
from .queries import run
from .recommend import exact_dimension_scores
from .recommend_views import shown
from .safe_write import check_folder, check_target, make_folder, remove_if_empty, write_atomic
from .scenarios import AdoptionRow, ScenarioRow, adopt, simulate
from .scores import RankRow, ScoreRow, dimension_ranking, score_table
from .store import Store
from .terms import term_text

TEMPLATES = Path(__file__).resolve().parent / "templates"
WEAKEST = 5  # the report calls out its five weakest dimensions
PERFORMING = ("PERFORMER", "FRONTIER")
FIGURES = ("areas", "dimensions", "ranking", "dependencies")


@dataclass(frozen=True)
class Evidence:
    quote: str
    line: str
    claim: str


@dataclass(frozen=True)
class BenchmarkRow:
    code: str
    name: str
    dimension: str
    progress: str
    foresight: str
    trend: str
    trend_label: str
    origin: str
    status_text: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Figure:
    """One figure: SVG (inline for the dependency graph, a data URI for the charts) and PNG."""

    name: str
    title: str
    svg: str
    png: bytes | None  # only made when asked for (--figures): the page needs the SVG alone

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


@dataclass
class Report:
    assessment: Assessment
    overall: ScoreRow
    areas: list[ScoreRow]
    dimensions: list[ScoreRow]
    ranking: list[RankRow]
    weakest: list[RankRow]
    performers: list[ScoreRow]
    scenarios: list[ScenarioRow]
    settings: list[str]
    adoption: list[AdoptionRow]
    adopt_ids: list[str]
    edges: list[Edge]
    graph_engine: str
    recommendations: list[dict]
    recommendation_count: int
    formula: str
    validation: list[dict]  # eggo validate's findings; empty when the graph conforms
    benchmarks: list[BenchmarkRow]
    figures: dict[str, Figure]
    generated: str


def validation_findings(store: Store) -> list[dict]:
    """The findings of ``eggo validate`` on the store (the rules in rules/), as dicts."""
    from .validation import validate_store

    return [f.as_dict() for f in validate_store(store).all_findings]


OTHER_SOURCE = (
    "supported by a passage of the framework's source, another country's assessment "
    "(shown in that assessment's report)"
)


def own_country_edges(store: Store, assessment: Assessment, edges: list[Edge]) -> list[Edge]:
    """The dimension dependencies with their quotes when the assessment shares the source they
    quote; otherwise without them (another country's report is never quoted)."""
    from dataclasses import replace

    if run(store, "dependency-sources", {"assessment": assessment.term}):
        return edges
    return [replace(e, quote=OTHER_SOURCE, line="") for e in edges]


def benchmark_rows(store: Store, assessment: Assessment) -> list[BenchmarkRow]:
    """Every benchmark's ratings, trend, status text and supporting passages (two queries)."""
    bindings = {"assessment": assessment.term}
    status: dict[str, str] = {}
    evidence: dict[str, list[Evidence]] = {}
    for r in run(store, "benchmark-evidence", bindings):
        code = term_text(r["code"])
        if term_text(r["kind"]) == "status text":
            status[code] = term_text(r["quote"])
        else:
            evidence.setdefault(code, []).append(
                Evidence(term_text(r["quote"]), term_text(r.get("line")), term_text(r.get("claim")))
            )
    rows = []
    for r in run(store, "benchmark-ratings", bindings):
        code = term_text(r["code"])
        origins = {term_text(r.get("progressOrigin")), term_text(r.get("foresightOrigin"))}
        rows.append(
            BenchmarkRow(
                code=code,
                name=term_text(r["name"]),
                dimension=term_text(r["dimensionCode"]),
                progress=term_text(r["progress"]),
                foresight=term_text(r["foresight"]),
                trend=term_text(r["trend"]),
                trend_label=term_text(r["trendLabel"]),
                origin=", ".join(sorted(o for o in origins if o)),
                status_text=status.get(code, ""),
                evidence=evidence.get(code, []),
            )
        )
    return rows


def _figures(
    areas: list[ScoreRow],
    dimensions: list[ScoreRow],
    ranking: list[RankRow],
    weakest: list[RankRow],
    performers: list[ScoreRow],
    edges: list[Edge],
    nodes: list[Node],
    engine: str,
    png: bool,
) -> tuple[dict[str, Figure], str]:
    from .figures import charts
    from .figures.dimension_graph import dependency_figure

    area_names = {a.code: a.name for a in areas}
    statuses = {d.code: d.status for d in dimensions}
    made = {}
    for name, title, fig in (
        ("areas", "Areas: progress and foresight", charts.areas_chart(areas)),
        (
            "dimensions",
            "Dimensions: progress against foresight",
            charts.dimensions_chart(dimensions, area_names),
        ),
        (
            "ranking",
            "Dimensions ranked by progress",
            charts.ranking_chart(
                ranking,
                statuses,
                {r.code for r in weakest},
                {d.code for d in performers},
            ),
        ),
    ):
        made[name] = Figure(
            name, title, charts.svg_bytes(fig).decode(), charts.png_bytes(fig) if png else None
        )
        charts.close(fig)
    graph = dependency_figure(edges, nodes, engine, png=png)  # type: ignore[arg-type]
    made["dependencies"] = Figure(
        "dependencies", "Dimension dependency graph", graph.svg, graph.png
    )
    return made, graph.engine


def build_report(
    store: Store,
    assessment: Assessment,
    *,
    settings: Sequence[str] = (),
    adopt_ids: Sequence[str] = (),
    top: int = 10,
    graph_engine: str = "auto",
    png: bool = False,
    step: Callable[[str], None] = lambda _: None,
) -> Report:
    """Compute everything the report shows; png=True also renders each figure as PNG (for
    ``figure_files``). ``step`` is told what is being done (for a progress display)."""
    from .priority import DEFAULT_WEIGHTS, formula_text, gap
    from .recommend import rank_recommendations

    step("scores")
    table = score_table(store, assessment)
    dimensions = [r for r in table if r.level == "dimension"]
    areas = [r for r in table if r.level == "area"]
    overall = next(r for r in table if r.level == "overall")
    ranking = dimension_ranking(store, assessment)
    weakest = [r for r in ranking if r.rank <= WEAKEST]
    performers = sorted(
        (d for d in dimensions if d.status in PERFORMING), key=lambda d: -float(d.progress)
    )
    step("scenarios")
    if assessment.complete:
        scenarios = simulate(store, assessment, list(settings))
        adoption = adopt(store, assessment, list(adopt_ids)) if adopt_ids else []
    else:  # work in progress: a scenario's mean over all dimensions would average gaps away
        scenarios, adoption = [], []
    step("recommendations")
    edges = own_country_edges(store, assessment, load_edges(store))
    dims = exact_dimension_scores(store, assessment)
    gaps = {c: gap(d, DEFAULT_WEIGHTS) for c, d in dims.items()}
    try:  # its own recommendations, else the generated ones (recommend.default_source)
        ranked = rank_recommendations(store, assessment, explain=True)
    except InputError as exc:  # nothing to recommend: the report is still made
        if exc.where == "--endpoint":  # the rules cannot run there: not "nothing to recommend"
            raise
        ranked = []
    names = {c: d.name for c, d in dims.items()}
    step("validation")
    validation = validation_findings(store)
    step("benchmarks")
    benchmarks = benchmark_rows(store, assessment)
    step("figures")
    nodes = [Node(c, d.name, gaps[c], d.progress, d.foresight) for c, d in dims.items()]
    scored_areas = [a for a in areas if a.progress]  # work in progress: the scored ones
    scored_dimensions = [d for d in dimensions if d.progress]
    figures, engine = _figures(
        scored_areas,
        scored_dimensions,
        ranking,
        weakest,
        performers,
        edges,
        nodes,
        graph_engine,
        png,
    )
    return Report(
        assessment=assessment,
        overall=overall,
        areas=areas,
        dimensions=dimensions,
        ranking=ranking,
        weakest=weakest,
        performers=performers,
        scenarios=scenarios,
        settings=list(settings),
        adoption=adoption,
        adopt_ids=list(adopt_ids),
        edges=edges,
        graph_engine=engine,
        recommendations=[
            p.as_dict(names) | {"shown": shown(p)}  # the figures as eggo recommend prints them
            for p in ranked[:top]
        ],
        recommendation_count=len(ranked),
        formula=formula_text(),
        validation=validation,
        benchmarks=benchmarks,
        figures=figures,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page."""
    import jinja2

    from .figures.dimension_graph import EDGE_STYLES, legend_stops

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("report.html.j2").render(
        r=report, gap_stops=legend_stops(), edge_styles=EDGE_STYLES
    )


def figure_files(report: Report) -> dict[str, bytes]:
    """File name -> content for --figures: each figure as SVG and PNG."""
    out = {}
    for name in FIGURES:
        fig = report.figures[name]
        if fig.png is None:
            raise ValueError("build the report with png=True to write its figures")
        out[f"{name}.svg"] = fig.svg.encode()
        out[f"{name}.png"] = fig.png
    return out


def figure_names() -> list[str]:
    """The files --figures writes."""
    return [n for f in FIGURES for n in (f"{f}.svg", f"{f}.png")]


def check_targets(out: Path, figures_dir: Path | None, force: bool) -> None:
    """Refuse, before any work, to write where it cannot or must not: the same rule for --out
    and for each figure file (``safe_write.check_target``), and --figures must be a folder that
    exists or whose parent does."""
    check_target(out, force)
    if figures_dir is None:
        return
    check_folder(figures_dir)
    if figures_dir.is_dir():
        for name in figure_names():
            check_target(figures_dir / name, force)


def write_report(
    report: Report, out: Path, *, figures_dir: Path | None = None, force: bool = False
) -> list[Path]:
    """Write the HTML (and the figures); returns the paths written. All or nothing: if a file
    cannot be written, the files and the folder this call created are removed again."""
    check_targets(out, figures_dir, force)
    html = render_html(report).encode("utf-8")
    figures = figure_files(report) if figures_dir is not None else {}
    created_folder = make_folder(figures_dir) if figures_dir is not None else False
    written: list[Path] = []
    new: list[Path] = []
    try:
        targets = [(figures_dir / n, d) for n, d in figures.items()] if figures_dir else []
        for path, data in [*targets, (out, html)]:
            existed = path.exists()
            write_atomic(path, data, force)
            written.append(path)
            if not existed:
                new.append(path)
    except BaseException:
        for path in new:
            path.unlink(missing_ok=True)
        if created_folder and figures_dir is not None:
            remove_if_empty(figures_dir)
        raise
    return [written[-1], *written[:-1]]
