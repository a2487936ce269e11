"""Issue 14 (one rounding, tables at 80 columns, help) and issue 18 (one output writer).

- Every dimension figure any command or the report prints is the one ``eggo score`` prints,
  for the embedded assessment and for an imported one with scores on a rounding boundary.
- Every default table reads at 80 columns: no header or status is cut, no line is wider, and
  the line count stays near the row count.
- Help names values plainly and ends with an example; every results command takes --format.
"""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from assessment_factory import benchmark_dimensions, write_assessment
from typer.testing import CliRunner

from eggo_graph.assessments import select_assessment
from eggo_graph.cli import app
from eggo_graph.rounding import decimals, half_up, one_decimal, signed
from eggo_graph.store import open_store

# --- one rounding ---------------------------------------------------------------------------


def test_half_up_rounds_ties_up_on_the_exact_value():
    assert one_decimal(56.25) == "56.3"  # f"{56.25:.1f}" gives 56.2 (half to even)
    assert one_decimal(81.25) == "81.3"
    assert one_decimal(0.15) == "0.2"  # the float 0.15 is below 0.15: format gives 0.1
    assert one_decimal(Decimal("16.66666666666666666666666667")) == "16.7"
    assert one_decimal(25) == "25.0" and one_decimal("7.14") == "7.1"
    assert one_decimal(-0.04) == "0.0"  # never "-0.0"
    assert signed(6.25) == "+6.3" and signed(-1.25) == "-1.3" and signed(0.04) == "0.0"
    assert decimals(2.675, 2) == "2.68"  # the float 2.675 is below 2.675
    assert half_up(Decimal("-56.25")) == Decimal("-56.3")  # away from zero, as the report


@pytest.mark.parametrize("n", range(1, 41))
def test_half_up_agrees_with_exact_fractions(n):
    """Every mean of n ratings (red 0, amber 50, green 100), as SPARQL's decimal or as the float
    read from it, rounds as the exact fraction does: floor(x * 10 + 1/2) / 10."""
    for k in range(2 * n + 1):  # k half-points
        exact = Fraction(50 * k, n)
        want = Fraction((exact * 10 + Fraction(1, 2)).__floor__(), 10)
        want_text = f"{want.numerator // want.denominator}.{(want * 10).numerator % 10}"
        as_decimal = Decimal(50 * k) / Decimal(n)  # what SPARQL's AVG gives (28 digits)
        assert one_decimal(as_decimal) == want_text
        assert one_decimal(float(as_decimal)) == want_text


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    """An imported assessment (another country) whose dimension scores fall on rounding ties."""
    benchmarks = benchmark_dimensions()
    ratings = {code: (i % 3, (i * 2 + 1) % 3) for i, code in enumerate(benchmarks)}
    path = tmp_path_factory.mktemp("imported") / "xr-2030.ttl"
    write_assessment(path, "XR", 2030, ratings)
    ties = 0
    for dim in set(benchmarks.values()):
        codes = [c for c, d in benchmarks.items() if d == dim]
        for aspect in (0, 1):
            value = Fraction(50 * sum(ratings[c][aspect] for c in codes), len(codes))
            ties += (value * 20).denominator == 1 and (value * 20).numerator % 2 == 1
    assert ties, "the imported assessment must have a score on a rounding tie"
    return path


def _json(runner: CliRunner, *args: str):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _score_figures(runner, data: list[str], assessment: str) -> dict[str, tuple[str, str]]:
    rows = _json(runner, "score", *data, "-a", assessment, "-f", "json")
    return {r["code"]: (r["progress"], r["foresight"]) for r in rows if r["level"] == "dimension"}


def _cases(imported: Path) -> list[tuple[list[str], str]]:
    return [([], "UA-2018"), (["--data", str(imported)], "XR-2030")]


def test_every_command_prints_the_dimension_figures_of_eggo_score(runner, imported):
    for data, assessment in _cases(imported):
        want = _score_figures(runner, data, assessment)
        assert len(want) == 18
        seen: dict[str, dict[str, tuple[str, str]]] = {}

        ranked = _json(runner, "score", "--ranked", *data, "-a", assessment, "-f", "json")
        seen["score --ranked"] = {r["code"]: (r["progress"], r["foresight"]) for r in ranked}

        table = runner.invoke(app, ["score", *data, "-a", assessment]).stdout
        seen["score (table)"] = {
            m[0]: (m[1], m[2])
            for m in re.findall(r"^\s*(\d+)\s.*?\s(\d+\.\d)\s+(\d+\.\d)\s+[A-Z]{6,}", table, re.M)
        }

        result = runner.invoke(app, ["recommend", "--by-dimension", *data, "-a", assessment])
        if result.exit_code == 0:  # an assessment without recommendations has no ranking
            by_dim = _json(
                runner, "recommend", "--by-dimension", *data, "-a", assessment, "-f", "json"
            )
            seen["recommend --by-dimension"] = {
                r["code"]: (r["progress"], r["foresight"]) for r in by_dim
            }
            seen["recommend --by-dimension (table)"] = {
                m[0]: (m[1], m[2])
                for m in re.findall(
                    r"^\s*\d+\s+(\d+)\s.*?\s(\d+\.\d)\s+(\d+\.\d)\s", result.stdout, re.M
                )
            }
            some = _json(runner, "recommend", *data, "-a", assessment, "-f", "json", "--top", "1")
            adopted = _json(
                runner, "simulate", "--adopt", some[0]["id"], *data, "-a", assessment, "-f", "json"
            )
            seen["simulate --adopt"] = {
                r["code"]: (r["progress"], r["foresight"]) for r in adopted if r["code"]
            }

        other = ["UA-2018", assessment] if assessment != "UA-2018" else None
        if other:
            compared = _json(runner, "compare", *other, *data, "-f", "json")
            rows = compared["scores"] if isinstance(compared, dict) else compared
            seen["compare"] = {
                r["code"]: (r["progress_b"], r["foresight_b"])
                for r in rows
                if r.get("level") == "dimension"
            }

        for where, figures in seen.items():
            assert figures == want, f"{where} prints other figures than eggo score"


def test_the_report_prints_the_figures_of_eggo_score(runner, imported):
    from eggo_graph.figures.charts import dimensions_chart, ranking_chart
    from eggo_graph.report import build_report, render_html

    for data, assessment in _cases(imported):
        want = _score_figures(runner, data, assessment)
        store = open_store([Path(d) for d in data[1:]])
        report = build_report(store, select_assessment(store, assessment), graph_engine="networkx")
        html = render_html(report)
        rows = re.findall(
            r'<tr data-code="(\d+)">.*?class="num progress">([\d.]+)<.*?'
            r'class="num foresight">([\d.]+)<',
            html,
        )
        tables = {}
        for code, p, f in rows:
            tables.setdefault(code, set()).add((p, f))
        assert tables and all(figures == {want[c]} for c, figures in tables.items())
        tooltips = dict(
            (m[0], (m[1], m[2]))
            for m in re.findall(
                r'id="dep-node-(\d+)"[^>]*>\s*<title>[^<]*progress ([\d.]+)%, foresight ([\d.]+)%',
                html,
            )
        )
        assert tooltips == want, "the dependency graph's tooltips differ from eggo score"
        figure = dimensions_chart(report.dimensions, {})
        labels = [t.get_text() for t in figure.axes[0].texts if "→" in t.get_text()]
        assert labels == [
            f"{p} → {f}  {d.trend}"
            for d, (p, f) in zip(
                report.dimensions, [want[d.code] for d in report.dimensions], strict=True
            )
        ]
        shell = ranking_chart(report.ranking, {}, set(), set())
        shown = {t.get_text().split()[0]: t.get_text().split()[-1] for t in shell.axes[0].texts}
        assert shown == {c: f"{p}%" for c, (p, _) in want.items()}
        if assessment == "UA-2018":  # the size the README quotes, within 10%
            quoted = re.search(r"Wrote ukraine-2018\.html \((\d+) KiB\)", README)
            assert quoted, "the README quotes the report's size"
            size = len(html.encode("utf-8")) / 1024
            assert abs(size - int(quoted[1])) <= 0.1 * size, f"the report is {size:.0f} KiB"


README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


# --- tables at 80 columns -------------------------------------------------------------------

NARROW = CliRunner(env={"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"})
WIDE = CliRunner(env={"COLUMNS": "400", "NO_COLOR": "1", "TERM": "dumb"})

# command, the most lines it may take at 80 columns (about the rows it shows, plus headings)
TABLES = [
    (["recommend"], 125),
    (["recommend", "--by-dimension"], 45),
    (["recommend", "--stability", "--top", "5"], 12),
    (["score"], 45),
    (["score", "--ranked"], 30),
    (["simulate"], 15),
    (["simulate", "--adopt", "13.S1,6.S2"], 45),
    (["show", "6.4"], 60),
    (["deps", "SEGA"], 450),  # about 85 items, most on two lines
    (["deps", "--conflicts"], 60),
    # at most 4 lines per shipped query (a name, a summary wrapped to three lines)
    (["query", "--list"], 4 * len(list((Path(__file__).parents[1] / "queries").glob("*.rq")))),
    (["validate", "--format", "table"], 15),
    (["reconstruct", "--summary"], 30),
    (["recommend", "--stability", "--over", "reconstructions", "3", "-n", "20"], 30),
    # about 200 shipped recommendations and 100 actions only some draws generate
    (["recommend", "--stability", "--over", "reconstructions", "3", "--source", "all"], 330),
    (["reconstruct", "--check"], 5),
    # 230 ratings, each with its reason wrapped to a few lines
    (["reconstruct"], 1100),
]


@pytest.mark.parametrize(("args", "most"), TABLES, ids=[" ".join(a) for a, _ in TABLES])
def test_tables_read_at_80_columns(args, most):
    narrow = NARROW.invoke(app, args)
    assert narrow.exit_code in (0, 1), narrow.output
    lines = narrow.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert len(lines) <= most, f"{len(lines)} lines at 80 columns"
    rules = [i for i, line in enumerate(lines) if line.strip() and set(line.strip()) == {"─"}]
    for i in rules:  # the header above each table's rule is whole
        assert "…" not in lines[i - 1], lines[i - 1]
    wide = WIDE.invoke(app, args).stdout
    if args == ["recommend"]:  # the text, the last column, is cut to one line, and only it
        rows = [line for line in lines[rules[0] + 1 :] if re.match(r"\s*\d+\s", line)]
        assert len(rows) >= 90 and all("…" not in r[:-1] for r in rows)
        assert [r.split()[:4] for r in rows] == [
            r.split()[:4] for r in wide.splitlines() if re.match(r"\s*\d+\s+\d+\.[SM]", r)
        ]
    else:  # nothing is cut: every "…" at 80 columns is in the data
        assert narrow.stdout.count("…") == wide.count("…")
    for status in re.findall(r"\b(BEGINNER|FOLLOWER|PERFORMER|FRONTIER)\b", wide):
        assert status in narrow.stdout


def test_compare_reads_at_80_columns(imported):
    args = ["compare", "UA-2018", "XR-2030", "--data", str(imported)]
    narrow = NARROW.invoke(app, args)
    assert narrow.exit_code == 0, narrow.output
    assert max(map(len, narrow.stdout.splitlines())) <= 80
    assert narrow.stdout.count("…") == WIDE.invoke(app, args).stdout.count("…") == 0


def test_recommend_full_text_wraps_instead_of_cutting():
    cut = NARROW.invoke(app, ["recommend", "--top", "3"]).stdout
    full = NARROW.invoke(app, ["recommend", "--top", "3", "--full-text"]).stdout
    assert "…" in cut and "…" not in full
    assert "cost recovery strategy." in full and max(map(len, full.splitlines())) <= 80


# --- help -----------------------------------------------------------------------------------


def _commands() -> list[str]:
    from typer.main import get_command

    return sorted(get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", ["", *_commands()])
def test_help_names_values_plainly(command):
    result = NARROW.invoke(app, [command, "--help"] if command else ["--help"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    for typed in ("<bool>", "<str>", "<int>", "<list", "<path>", "<float", "[[", "{"):
        usage_and_options = text.split("Example")[0]
        assert typed not in usage_and_options.replace("{ ?s ?p ?o }", ""), (command, typed)
    assert "rules in rules/" not in text
    assert re.search(r"Examples?:\s*\n", text), "help ends with an example"


def test_help_lists_choices_and_honest_times():
    validate = NARROW.invoke(app, ["validate", "--help"]).stdout
    assert "fast|pyshacl" in validate and "text|table|csv|json|ttl" in validate
    assert "takes seconds" not in validate and "minute" in validate
    show = NARROW.invoke(app, ["show", "--help"]).stdout
    assert "Usage: eggo show [OPTIONS] CODE" in show
    imp = NARROW.invoke(app, ["import", "--help"]).stdout
    assert "Usage: eggo import [OPTIONS] [FILE]" in imp
    assert "--set" in NARROW.invoke(app, ["simulate", "--help"]).stdout
    assert "DIMENSION=PERCENT" in NARROW.invoke(app, ["simulate", "--help"]).stdout
    # docstrings flow: no line break inherited from the source's 100-column wrapping
    wide = WIDE.invoke(app, ["recommend", "--help"]).stdout
    assert "the gap of its dimension (the unplanned part weighs more than the planned" in wide


# --- one family of formats ------------------------------------------------------------------

RESULTS = [
    ["recommend", "--top", "3"],
    ["recommend", "--by-dimension"],
    ["score"],
    ["simulate"],
    ["query", "scores"],
    ["show", "6.4"],
    ["deps", "SEGA"],
    ["validate"],
    ["reconstruct", "--dimension", "13"],
]


@pytest.mark.parametrize("args", RESULTS, ids=[" ".join(a) for a in RESULTS])
@pytest.mark.parametrize("fmt", ["csv", "json", "CSV"])
def test_every_results_command_takes_format(runner, args, fmt):
    result = runner.invoke(app, [*args, "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt.lower() == "json":
        assert json.loads(result.stdout)
    else:
        reader = csv.DictReader(io.StringIO(result.stdout))
        rows = list(reader)
        assert reader.fieldnames and all(None not in r for r in rows)
        assert rows or args == ["validate"]  # the embedded data conforms: no findings


def test_a_format_a_command_does_not_print_is_refused(runner):
    result = runner.invoke(app, ["score", "--format", "dot"])
    assert result.exit_code == 2 and "'dot' is not one of table, csv, json" in result.output


def test_one_writer():
    """No command prints but through render (write, say, emit); errors go to stderr."""
    package = Path(__file__).resolve().parents[1] / "eggo_graph"
    for path in package.rglob("*.py"):
        if path.name != "render.py":
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"sys\.stdout|\.print\(", text), path
    cli = package / "cli"
    for path in cli.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?<![\w.])print\(|sys\.stdout|\.print\(", text), path.name
        for echo in re.findall(r"typer\.echo\(.*", text):
            assert "err=True" in echo, (path.name, echo)


def _options() -> dict[str, set[str]]:
    from typer.main import get_command

    commands = get_command(app).commands  # type: ignore[attr-defined]
    return {n: {o for p in c.params for o in getattr(p, "opts", [])} for n, c in commands.items()}


def test_the_readme_says_which_commands_take_which_options():
    """The README's paragraph on shared options names exactly the commands that have them."""
    paragraph = README.split("Every command that prints results takes", 1)[1].split("\n\n")[0]
    options = _options()

    def named(sentence: str) -> set[str]:
        return set(re.findall(r"`(\w+)(?: --prefill)?`", sentence)) & set(options)

    formats = paragraph.split("`export` has its own formats", 1)[0]
    assert named(formats) == {n for n, o in options.items() if "--format" in o} - {"export"}
    assessment = paragraph.split("`--assessment ID`", 1)[1].split(";", 1)[0]
    assert named(assessment) == {n for n, o in options.items() if "--assessment" in o}
    assert "but `generate` takes `--data FILE`" in paragraph
    assert {n for n, o in options.items() if "--data" not in o} == {"generate"}
