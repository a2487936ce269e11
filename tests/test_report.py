"""`eggo report`: the HTML holds every section, its numbers are the computed ones, the dependency
graph carries its quotes, the file is self-contained and written safely; one end-to-end test
opens it in headless Chromium (skipped with the reason when no browser is installed; CI sets
EGGO_REQUIRE_BROWSER=1 so that it runs there)."""

from __future__ import annotations

import dataclasses
import io
import os
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
from helpers import one_error_line

from eggo_graph.cli import app
from eggo_graph.dimension_graph import load_edges
from eggo_graph.figures.dimension_graph import (
    SVG_NS,
    Node,
    add_titles,
    dependency_figure,
    dot_available,
)
from eggo_graph.namespaces import EGGO
from eggo_graph.queries import run
from eggo_graph.recommend import rank_recommendations
from eggo_graph.report import build_report, render_html, validation_findings
from eggo_graph.scenarios import adopt, simulate
from eggo_graph.scores import dimension_ranking, score_table
from eggo_graph.store import open_store
from eggo_graph.terms import to_ox

SECTIONS = [
    "headline",
    "areas",
    "dimensions",
    "ranking",
    "scenarios",
    "dependencies",
    "recommendations",
    "validation",
    "benchmarks",
]
SETTINGS = ["13=100", "15=80"]
ADOPT = ["13.S1"]
TOP = 4


# ------------------------------------------------------------------ a small DOM from html.parser


@dataclasses.dataclass
class El:
    tag: str
    attrs: dict[str, str]
    children: list = dataclasses.field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self, tag: str | None = None):
        if tag is None or self.tag == tag:
            yield self
        for c in self.children:
            if isinstance(c, El):
                yield from c.iter(tag)

    def find(self, tag: str | None = None, **attrs: str) -> El | None:
        return next(self.find_all(tag, **attrs), None)

    def find_all(self, tag: str | None = None, **attrs: str):
        for el in self.iter(tag):
            if all(
                (v in el.attrs.get("class", "").split())
                if k == "cls"
                else el.attrs.get(k.replace("_", "-")) == v
                for k, v in attrs.items()
            ):
                yield el


VOID = {"meta", "br", "img", "input", "link", "hr", "source", "wbr"}


class DomBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = El("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        el = El(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(el)
        if tag not in VOID:
            self.stack.append(el)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(El(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html: str) -> El:
    builder = DomBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def table_rows(dom: El, table_id: str) -> dict[str, El]:
    table = dom.find("table", id=table_id)
    assert table is not None, f"no table #{table_id}"
    body = table.find("tbody")
    return {
        tr.attrs.get("data-code", tr.attrs.get("data-scenario", "")): tr for tr in body.iter("tr")
    }


def cell(row: El, cls: str) -> str:
    found = row.find(cls=cls)
    assert found is not None, f"no .{cls} in row {row.attrs}"
    return found.text().strip()


# ------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def report(store, ukraine):
    return build_report(store, ukraine, settings=SETTINGS, adopt_ids=ADOPT, top=TOP)


@pytest.fixture(scope="module")
def html(report) -> str:
    return render_html(report)


@pytest.fixture(scope="module")
def dom(html) -> El:
    return parse(html)


@pytest.fixture(scope="module")
def report_file(html, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(html, encoding="utf-8")
    return path


# ------------------------------------------------------------------ sections and numbers


def test_every_section_is_there_with_a_heading(dom):
    for section in SECTIONS:
        el = dom.find("section", id=section)
        assert el is not None, section
        assert el.find("h2") is not None and el.find("h2").text().strip(), section


def test_headline_is_the_overall_score(dom, store, ukraine):
    overall = score_table(store, ukraine)[-1]
    headline = dom.find("section", id="headline")
    fields = {
        el.attrs["data-field"]: el.text().strip()
        for el in headline.iter()
        if "data-field" in el.attrs
    }
    assert fields == {
        "country": "UA",
        "year": "2018",
        "progress": overall.progress,
        "foresight": overall.foresight,
        "status": overall.status,
    }


def test_area_and_dimension_numbers_are_the_computed_ones(dom, store, ukraine):
    table = score_table(store, ukraine)
    areas = table_rows(dom, "areas-table")
    dims = table_rows(dom, "dimensions-table")
    expected_areas = [r for r in table if r.level == "area"]
    expected_dims = [r for r in table if r.level == "dimension"]
    assert list(areas) == [r.code for r in expected_areas]
    assert list(dims) == [r.code for r in expected_dims] and len(dims) == 18
    for r in expected_areas:
        assert (cell(areas[r.code], "progress"), cell(areas[r.code], "foresight")) == (
            r.progress,
            r.foresight,
        )
        assert cell(areas[r.code], "status") == r.status
    for r in expected_dims:
        row = dims[r.code]
        got = (
            cell(row, "progress"),
            cell(row, "foresight"),
            cell(row, "status"),
            cell(row, "trend"),
        )
        assert got == (r.progress, r.foresight, r.status, r.trend), r.code


def test_ranking_calls_out_the_weakest_and_the_performers(dom, store, ukraine):
    ranking = dimension_ranking(store, ukraine)
    rows = table_rows(dom, "ranking-table")
    assert [(c, cell(r, "rank"), cell(r, "progress")) for c, r in rows.items()] == [
        (r.code, str(r.rank), r.progress) for r in ranking
    ]
    weakest = [li.attrs["data-code"] for li in dom.find(id="weakest").iter("li")]
    assert weakest == [r.code for r in ranking if r.rank <= 5]
    performers = {li.attrs["data-code"] for li in dom.find(id="performers").iter("li")}
    statuses = {r.code: r.status for r in score_table(store, ukraine) if r.level == "dimension"}
    assert performers == {c for c, s in statuses.items() if s in ("PERFORMER", "FRONTIER")}
    assert performers  # Ukraine 2018 has four


def test_scenarios_and_what_ifs_are_the_computed_ones(dom, store, ukraine):
    rows = table_rows(dom, "scenarios-table")
    expected = simulate(store, ukraine, SETTINGS)
    assert [(k, cell(r, "average")) for k, r in rows.items()] == [
        (s.scenario, s.average) for s in expected
    ]
    assert "what-if" in rows
    adoption = table_rows(dom, "adoption-table")
    for a in adopt(store, ukraine, ADOPT):
        row = adoption[a.code or "average"]
        assert (cell(row, "new-progress"), cell(row, "new-foresight")) == (
            a.new_progress,
            a.new_foresight,
        )


def test_recommendations_are_the_top_ranked(dom, store, ukraine):
    ranked = rank_recommendations(store, ukraine, explain=True)[:TOP]
    recs = list(dom.find("section", id="recommendations").find_all("div", cls="rec"))
    assert [r.attrs["data-id"] for r in recs] == [p.recommendation.id for p in ranked]
    for el, p in zip(recs, ranked, strict=True):
        assert cell(el, "score") == f"{p.score:.1f}"
        contributions = {
            c.attrs["data-name"]: float(c.text()) for c in el.find_all(cls="contribution")
        }
        assert contributions == pytest.approx(p.contributions, abs=0.051)
        assert p.recommendation.horizon in el.text()
        for institution in p.recommendation.institutions:
            assert institution in el.text()


def test_all_115_benchmarks_with_status_text_and_quotes(dom, store, ukraine):
    rows = table_rows(dom, "benchmarks-table")
    ratings = run(store, "benchmark-ratings", {"assessment": ukraine.term})
    assert list(rows) == [str(r["code"]) for r in ratings] and len(rows) == 115
    for r in ratings:
        cells = list(rows[str(r["code"])].iter("td"))
        assert cells[2].text().strip() == str(r["progress"])
        assert cells[3].text().strip() == str(r["foresight"])
    evidence = run(store, "benchmark-evidence", {"assessment": ukraine.term})
    text = " ".join(" ".join(tr.text().split()) for tr in rows.values())
    for e in evidence:
        assert " ".join(str(e["quote"]).split()) in text
    assert dom.find("input", id="benchmark-filter") is not None


def test_dependency_graph_edges_carry_their_quotes(dom, html, store):
    edges = load_edges(store)
    figure = dom.find(id="dependency-graph")
    svg = figure.find("svg")
    assert svg is not None, "the dependency graph is not inline SVG"
    titles = {
        g.attrs["id"]: g.find("title").text()
        for g in svg.iter("g")
        if g.attrs.get("id", "").startswith("dep-edge-")
    }
    assert len(titles) == len(edges) > 0
    for i, e in enumerate(edges):
        assert e.quote in titles[f"dep-edge-{i}"]
        assert titles[f"dep-edge-{i}"].startswith(f"{e.source} ")


@pytest.mark.parametrize("engine", ["networkx", "graphviz"])
def test_both_layouts_put_quotes_in_svg_titles(store, engine):
    if engine == "graphviz" and not dot_available():
        pytest.skip("Graphviz's dot is not installed; the networkx layout is used instead")
    edges = load_edges(store)[:6]
    codes = sorted({e.source for e in edges} | {e.target for e in edges}, key=int)
    nodes = [Node(c, f"dimension {c}", 10.0 * int(c), 50.0, 60.0) for c in codes]
    figure = dependency_figure(edges, nodes, engine)
    assert figure.engine == engine
    root = ET.fromstring(figure.svg)
    titled = {
        g.get("id"): g.find(f"{{{SVG_NS}}}title").text
        for g in root.iter(f"{{{SVG_NS}}}g")
        if g.get("id", "").startswith("dep-")
    }
    for i, e in enumerate(edges):
        assert e.quote in titled[f"dep-edge-{i}"]
    assert {f"dep-node-{c}" for c in codes} <= set(titled)
    assert figure.png.startswith(b"\x89PNG")


def test_a_lost_tooltip_is_an_error():
    svg = f'<svg xmlns="{SVG_NS}"><g id="a"/></svg>'
    assert "<title>hi</title>" in add_titles(svg, {"a": "hi"})
    with pytest.raises(ValueError, match="no element"):
        add_titles(svg, {"a": "hi", "b": "lost"})


def test_the_file_loads_nothing(dom, html):
    assert dom.find("link") is None
    for el in dom.iter():
        if el.tag == "script":
            assert "src" not in el.attrs
        for attr in ("src", "href", "xlink:href"):
            value = el.attrs.get(attr)
            if value is not None:
                assert value.startswith(("data:", "#")), (el.tag, attr, value[:60])
    assert "@import" not in html and "url(http" not in html
    images = list(dom.find_all("img"))
    assert len(images) == 3 and all(i.attrs["src"].startswith("data:image/svg+xml") for i in images)


# ------------------------------------------------------------------ validation section


def test_validation_section_shows_the_findings(report, store):
    """The section lists what eggo validate finds: nothing on the embedded data, and a real
    finding once a rating breaks a rule."""
    assert validation_findings(store) == [] and report.validation == []
    clean = parse(render_html(report)).find("section", id="validation")
    assert "passes every validation rule" in clean.text()
    bad = open_store()
    (rating,) = store.select(
        """SELECT ?rating WHERE { ?rating eggo:benchmark fw:benchmark-6.7 ;
                                  eggo:aspect eggo:Progress }"""
    )
    # a second level on one rating: off the method's one-level scale
    extra = ox.NamedNode("urn:eggo:test:bad-rating")
    bad.oxigraph.add(ox.Quad(to_ox(rating["rating"]), to_ox(EGGO.level), to_ox(EGGO.Green), extra))
    findings = validation_findings(bad)
    assert findings and all(f["severity"] for f in findings)
    section = parse(render_html(dataclasses.replace(report, validation=findings))).find(
        "section", id="validation"
    )
    assert findings[0]["message"][:40] in section.text()


# ------------------------------------------------------------------ the command


def test_never_overwrites_without_force(runner, tmp_path):
    out = tmp_path / "r.html"
    out.write_text("keep me")
    line = one_error_line(runner.invoke(app, ["report", "--out", str(out)]))
    assert "exists" in line and "--force" in line
    assert out.read_text() == "keep me"


def test_figures_that_exist_are_not_overwritten(runner, tmp_path):
    (tmp_path / "figs").mkdir()
    (tmp_path / "figs" / "areas.png").write_bytes(b"mine")
    result = runner.invoke(
        app, ["report", "--out", str(tmp_path / "r.html"), "--figures", str(tmp_path / "figs")]
    )
    assert "areas.png" in one_error_line(result)
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--out", "{tmp}/missing/r.html"], "does not exist"),
        (["--out", "{tmp}"], "is a directory"),
        (["--set", "13=140"], "outside 0 to 100"),
        (["--adopt", "99.X"], "no recommendation"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(runner, tmp_path, args, expected):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    if "--out" not in args:
        args += ["--out", str(tmp_path / "r.html")]
    assert expected in one_error_line(runner.invoke(app, ["report", *args]))
    assert [p.name for p in tmp_path.iterdir()] == []


@pytest.mark.slow
def test_report_command_writes_html_and_figures(runner, tmp_path):
    out, figs = tmp_path / "r.html", tmp_path / "figs"
    out.write_text("old")
    result = runner.invoke(
        app, ["report", "--out", str(out), "--force", "--figures", str(figs), "--top", "2"]
    )
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in result.stdout
    page = parse(out.read_text(encoding="utf-8"))
    assert len(list(page.find_all("div", cls="rec"))) == 2
    names = sorted(p.name for p in figs.iterdir())
    assert names == sorted(
        f"{n}.{ext}"
        for n in ("areas", "dimensions", "ranking", "dependencies")
        for ext in ("png", "svg")
    )
    for name in names:
        data = (figs / name).read_bytes()
        if name.endswith(".png"):
            assert data.startswith(b"\x89PNG")
        else:
            assert ET.fromstring(data).tag == f"{{{SVG_NS}}}svg"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# ------------------------------------------------------------------ end to end, in Chromium


def _browser() -> tuple[str, str]:
    """The Chromium and chromedriver binaries, or a skip (a failure where CI requires them)."""
    reason = None
    try:
        import selenium  # noqa: F401
        from PIL import Image  # noqa: F401
    except ImportError as exc:
        reason = f"selenium or Pillow is not installed ({exc}); pip install '.[test]'"
    chromium = next(
        filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None
    )
    driver = shutil.which("chromedriver")
    if reason is None and not (chromium and driver):
        reason = (
            "no headless browser: install Debian's chromium and chromium-driver "
            "(apt-get install -y chromium chromium-driver)"
        )
    if reason:
        if os.environ.get("EGGO_REQUIRE_BROWSER"):
            pytest.fail(f"EGGO_REQUIRE_BROWSER is set but {reason}")
        pytest.skip(reason)
    return chromium, driver


def _not_blank(png: bytes) -> tuple[int, float]:
    """Distinct colours and the share of non-white pixels in a screenshot."""
    import numpy as np
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.thumbnail((400, 400))
    pixels = np.asarray(image).reshape(-1, 3)
    colours = len(np.unique(pixels, axis=0))
    inked = float((pixels.min(axis=1) < 235).mean())
    return colours, inked


def test_report_renders_in_headless_chromium(report_file, report, tmp_path, monkeypatch):
    chromium, driver_path = _browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    monkeypatch.setenv("SE_OFFLINE", "true")  # never let Selenium Manager fetch anything
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1280,900",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    try:
        browser.set_page_load_timeout(60)
        browser.get(report_file.as_uri())
        assert browser.execute_script("return document.readyState") == "complete"
        for section in SECTIONS:
            assert browser.find_element(By.ID, section).is_displayed(), section
        # the charts decoded and drew something
        for img in browser.find_elements(By.CSS_SELECTOR, "figure img"):
            assert browser.execute_script(
                "return arguments[0].complete && arguments[0].naturalWidth > 0", img
            ), img.get_attribute("alt")
            colours, inked = _not_blank(img.screenshot_as_png)
            assert colours > 20 and inked > 0.03, (img.get_attribute("alt"), colours, inked)
        graph = browser.find_element(By.CSS_SELECTOR, "#dependency-graph svg")
        box = browser.execute_script("return arguments[0].getBoundingClientRect().width", graph)
        assert box > 300
        colours, inked = _not_blank(graph.screenshot_as_png)
        assert colours > 20 and inked > 0.03, ("dependency graph", colours, inked)
        titled = browser.execute_script(
            "return document.querySelectorAll('#dependency-graph g[id^=\"dep-edge-\"] > title')"
            ".length"
        )
        assert titled == len(report.edges)
        # the benchmark filter works
        box = browser.find_element(By.ID, "benchmark-filter")
        box.send_keys("data centers")
        visible = [
            r.text
            for r in browser.find_elements(By.CSS_SELECTOR, "#benchmarks-table tbody tr")
            if r.is_displayed()
        ]
        assert 0 < len(visible) < 115
        assert all("data centers" in t.lower() for t in visible)
        count = browser.find_element(By.ID, "benchmark-count").text
        assert count == f"{len(visible)} shown"
        browser.execute_script("window.scrollTo(0, 0)")
        shot = tmp_path / "report.png"
        assert browser.save_screenshot(str(shot))
        assert _not_blank(shot.read_bytes())[1] > 0.05
        errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == [], errors
    finally:
        browser.quit()


@pytest.mark.slow
def test_an_assessment_without_recommendations_or_scenarios(runner, tmp_path):
    from assessment_factory import benchmark_dimensions, write_assessment

    ratings = {code: (i % 3, 2) for i, code in enumerate(benchmark_dimensions())}
    data = write_assessment(tmp_path / "xx-2030.ttl", "XX", 2030, ratings)
    out = tmp_path / "xx.html"
    result = runner.invoke(app, ["report", "--data", str(data), "-a", "XX-2030", "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = parse(out.read_text(encoding="utf-8"))
    for section in SECTIONS:
        assert page.find("section", id=section) is not None, section
    assert "no recommendations" in page.find("section", id="recommendations").text()
    assert "no scenarios of its own" in page.find("section", id="scenarios").text()
    assert page.find(data_field="country").text() == "XX"
    assert len(table_rows(page, "benchmarks-table")) == 115
