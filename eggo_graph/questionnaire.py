"""The eGGO questionnaire as a spreadsheet: read it (CSV or XLSX), check every cell against the
framework in the graph, and turn it into an assessment graph; or write an empty or prefilled one.

One row per benchmark, with the columns ``benchmark``, ``progress``, ``foresight``, ``status``
(required) and ``evidence``, ``source``, ``name`` (optional; ``name`` is for the reader and is
ignored). A rating is a level of the ontology's scale given by its label (red), its initial (R),
its value (0.5) or its value in percent (50), in any case. Benchmark codes and levels are read
from the graph, never hard-coded.

Every problem is collected before anything is reported, so one run lists them all.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from .assessments import Assessment
from .errors import EggoError, InputError
from .load import ParsedFile, check_readable
from .namespaces import EGGO, PREFIXES
from .queries import run
from .store import Store
from .terms import to_ox

REQUIRED = ["benchmark", "progress", "foresight", "status"]
OPTIONAL = ["name", "evidence", "source"]
TEMPLATE_COLUMNS = ["benchmark", "name", "progress", "foresight", "status", "evidence", "source"]
ASSESSMENT_BASE = "https://w3id.org/eggo/assessment/"
SUFFIXES = (".csv", ".xlsx")


# ---------------------------------------------------------------- problems


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a questionnaire, with where it is and how to fix it."""

    file: str
    row: int | None
    column: str | None
    what: str
    fix: str = ""

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        fix = f". {self.fix[:1].upper()}{self.fix[1:]}" if self.fix else ""
        return f"{', '.join(where)}: {self.what}{fix}."


class QuestionnaireError(EggoError):
    """A questionnaire with problems; ``problems`` lists every one."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path, self.problems = path, problems
        n = len(problems)
        super().__init__(
            f"{path}: {n} problem{'s' if n != 1 else ''} in the questionnaire, nothing was "
            "written. Fix the cells listed above and run the import again."
        )


# ---------------------------------------------------------------- the framework, from the graph


@dataclass(frozen=True)
class FrameworkBenchmarks:
    """A framework's benchmarks by code, and the rating levels by accepted spelling."""

    framework: str
    benchmarks: dict[str, tuple[URIRef, str]]  # code -> (IRI, name), in framework order
    levels: dict[str, URIRef]  # "red", "r", "0", "0.5", "50", ... -> level IRI
    scale: list[URIRef] = field(default_factory=list)  # the levels, lowest value first


def _number_key(text: str) -> str | None:
    """A number in canonical form ("0.50" -> "0.5", "100.0" -> "100"), or None."""
    try:
        d = Decimal(text)
    except InvalidOperation:
        return None
    if not d.is_finite():
        return None
    return format(d.normalize(), "f")


def framework_benchmarks(store: Store, framework: str | None = None) -> FrameworkBenchmarks:
    """The benchmarks of the one loaded framework (or the named one) and the rating scale."""
    bindings = {"framework": URIRef(framework)} if framework else None
    rows = run(store, "framework-benchmarks", bindings)
    frameworks = sorted({str(r["framework"]) for r in rows})
    if not frameworks:
        raise InputError("no framework with benchmarks is loaded", fix="load the eGGO framework")
    if len(frameworks) > 1:
        raise InputError(
            f"{len(frameworks)} frameworks are loaded ({', '.join(frameworks)})",
            fix="load only the framework the questionnaire follows",
        )
    benchmarks = {str(r["code"]): (URIRef(str(r["benchmark"])), str(r["name"])) for r in rows}
    levels: dict[str, URIRef] = {}
    scale: list[URIRef] = []
    for r in run(store, "rating-levels"):  # ordered by value
        iri, label = URIRef(str(r["level"])), str(r["label"]).strip().lower()
        value = Decimal(str(r["value"]))
        scale.append(iri)
        for spelling in (label, label[:1], _number_key(str(value)), _number_key(str(value * 100))):
            if spelling:
                levels[spelling] = iri
    return FrameworkBenchmarks(frameworks[0], benchmarks, levels, scale)


# ---------------------------------------------------------------- reading cells


@dataclass(frozen=True)
class Cell:
    """A cell's text and whether the spreadsheet stored it as a number."""

    text: str
    numeric: bool = False


def _cell(value: object) -> Cell:
    if value is None:
        return Cell("")
    if isinstance(value, bool):
        return Cell(str(value))
    if isinstance(value, int | float):
        return Cell(format(Decimal(str(value)).normalize(), "f"), numeric=True)
    return Cell(str(value).strip())


def _delimiter(header: str) -> str:
    """The delimiter that splits the header into the most known column names (spreadsheets
    in some locales export CSV with ';' or tabs); ',' when none does better."""
    known = set(REQUIRED + OPTIONAL)

    def score(d: str) -> int:
        return sum(c.strip().strip('"').lower() in known for c in header.split(d))

    return max([",", ";", "\t"], key=score)


def _csv_rows(path: Path) -> Iterator[list[Cell]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text (byte {exc.start})", str(path), "save the sheet as CSV UTF-8"
        ) from exc
    if "\x00" in text:
        raise InputError("not a CSV file (it holds NUL bytes)", str(path), "export it as CSV")
    delimiter = _delimiter(text.split("\n", 1)[0])
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            yield [_cell(v) for v in row]
    except csv.Error as exc:
        raise InputError(f"not a readable CSV file ({exc})", str(path), "export it again") from exc


def _xlsx_rows(path: Path) -> Iterator[list[Cell]]:
    from openpyxl import load_workbook  # imported here: only spreadsheets need it

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError) as exc:
        raise InputError(
            f"not a readable XLSX workbook ({type(exc).__name__})",
            str(path),
            "save it from your spreadsheet as .xlsx, or export it as CSV",
        ) from exc
    except Exception as exc:  # openpyxl raises its own types for broken workbooks
        raise InputError(
            f"not a readable XLSX workbook ({type(exc).__name__}: {exc})",
            str(path),
            "save it from your spreadsheet as .xlsx, or export it as CSV",
        ) from exc
    try:
        sheet = wb.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [_cell(v) for v in row]
    except Exception as exc:
        raise InputError(
            f"cannot read the first sheet ({type(exc).__name__}: {exc})", str(path)
        ) from exc
    finally:
        wb.close()


def read_rows(path: Path) -> list[list[Cell]]:
    """All rows of a CSV file or of an XLSX workbook's first sheet, as cells."""
    path = Path(path)
    check_readable(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            f"unknown questionnaire file extension {path.suffix or '(none)'!r}",
            str(path),
            "use a .csv or .xlsx file",
        )
    rows = list(_csv_rows(path) if suffix == ".csv" else _xlsx_rows(path))
    if not any(c.text.strip() for row in rows for c in row):
        raise InputError(
            "the questionnaire is empty",
            str(path),
            "fill in the template from 'eggo import --template'",
        )
    return rows


# ---------------------------------------------------------------- checking


@dataclass(frozen=True)
class Answer:
    """One benchmark's row of a questionnaire that passed every check."""

    code: str
    benchmark: URIRef
    progress: URIRef
    foresight: URIRef
    status: str
    evidence: str = ""
    source: str = ""
    row: int = 0


def _header(cells: list[Cell], where: str) -> tuple[dict[str, int], list[Problem]]:
    problems: list[Problem] = []
    index: dict[str, int] = {}
    for i, cell in enumerate(cells):
        name = cell.text.strip().lower()
        if not name:
            continue
        if name not in REQUIRED + OPTIONAL:
            problems.append(
                Problem(
                    where,
                    1,
                    cell.text,
                    f"unknown column {cell.text!r}",
                    f"use the columns {', '.join(TEMPLATE_COLUMNS)} ('eggo import --template')",
                )
            )
        elif name in index:
            problems.append(Problem(where, 1, cell.text, "the column appears twice", "keep one"))
        else:
            index[name] = i
    for name in REQUIRED:
        if name not in index:
            problems.append(
                Problem(
                    where,
                    1,
                    name,
                    f"the header has no {name!r} column",
                    f"the first row must name the columns {', '.join(TEMPLATE_COLUMNS)}",
                )
            )
    return index, problems


def check_rows(
    rows: list[list[Cell]], framework: FrameworkBenchmarks, where: str
) -> tuple[list[Answer], list[Problem]]:
    """Check a questionnaire's rows against the framework: every problem, and the answers."""
    if not rows or not any(c.text for c in rows[0]):
        return [], [
            Problem(
                where,
                1,
                None,
                "the first row is not a header",
                f"start with a header row: {', '.join(TEMPLATE_COLUMNS)}",
            )
        ]
    index, problems = _header(rows[0], where)
    if problems:
        return [], problems
    spellings = "red/amber/green, R/A/G, 0/50/100 or 0/0.5/1"
    answers: list[Answer] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.text for c in cells):
            continue  # a blank line between rows is harmless

        def get(name: str, cells: list[Cell] = cells) -> Cell:
            i = index.get(name)
            return cells[i] if i is not None and i < len(cells) else Cell("")

        before = len(problems)
        for name in REQUIRED:
            if not get(name).text:
                problems.append(Problem(where, number, name, "the cell is empty", "fill it in"))
        code_cell = get("benchmark")
        code = code_cell.text
        iri = None
        if code_cell.numeric and code:
            problems.append(
                Problem(
                    where,
                    number,
                    "benchmark",
                    f"the code {code} is stored as a number, so 3.1 and 3.10 look alike",
                    "format the benchmark column as text and type the codes again",
                )
            )
        elif code and code not in framework.benchmarks:
            problems.append(
                Problem(
                    where,
                    number,
                    "benchmark",
                    f"no benchmark {code!r} in the framework",
                    "use a code such as 1.1 ('eggo import --template' lists them)",
                )
            )
        elif code in seen:
            problems.append(
                Problem(
                    where,
                    number,
                    "benchmark",
                    f"benchmark {code} appears again (first in row {seen[code]})",
                    "keep one row per benchmark",
                )
            )
        elif code:
            seen[code] = number
            iri = framework.benchmarks[code][0]
        levels = {}
        for aspect in ("progress", "foresight"):
            text = get(aspect).text
            if not text:
                continue
            level = framework.levels.get(text.strip().lower()) or framework.levels.get(
                _number_key(text.strip()) or "\0"
            )
            if level is None:
                problems.append(
                    Problem(
                        where, number, aspect, f"{text!r} is not a rating", f"write {spellings}"
                    )
                )
            levels[aspect] = level
        if len(problems) == before and iri is not None:
            answers.append(
                Answer(
                    code=code,
                    benchmark=iri,
                    progress=levels["progress"],  # type: ignore[arg-type]
                    foresight=levels["foresight"],  # type: ignore[arg-type]
                    status=get("status").text,
                    evidence=get("evidence").text,
                    source=get("source").text,
                    row=number,
                )
            )
    for code, (_, name) in framework.benchmarks.items():
        if code not in seen:
            problems.append(
                Problem(
                    where,
                    None,
                    "benchmark",
                    f"benchmark {code} ({name}) has no row",
                    "add a row for it",
                )
            )
    return answers, problems


# ---------------------------------------------------------------- building the graph


def assessment_iri(country: str, year: int) -> URIRef:
    """The IRI of a country's assessment for a year, e.g. .../assessment/md-2024."""
    return URIRef(f"{ASSESSMENT_BASE}{country.lower()}-{year}")


def check_country_year(country: str, year: int) -> tuple[str, int]:
    """A country code of 2 or 3 letters (upper-cased) and a plausible year, or InputError."""
    code = country.strip().upper()
    if not re.fullmatch(r"[A-Z]{2,3}", code):
        raise InputError(
            f"{country!r} is not a country code", "--country", "give 2 or 3 letters, e.g. MD"
        )
    if not 1900 <= year <= 2999:
        raise InputError(f"{year} is not a plausible year", "--year", "give a year such as 2024")
    return code, year


def _source_term(text: str) -> URIRef | Literal:
    if re.match(r"https?://\S+$", text):
        try:
            ox.NamedNode(text)
            return URIRef(text)
        except ValueError:
            pass
    return Literal(text)


Triple = tuple[URIRef, URIRef, URIRef | Literal]


def assessment_triples(
    answers: Iterable[Answer], framework: str, country: str, year: int, source_file: str = ""
) -> list[Triple]:
    """The assessment as RDF: one eggo:Rating per benchmark and aspect (origin Assessed), derived
    from the benchmark's status text and, when given, its evidence quote."""
    a = assessment_iri(country, year)
    t: list[Triple] = [
        (a, RDF.type, EGGO.Assessment),
        (a, RDFS.label, Literal(f"{country} eGGO assessment {year}", lang="en")),
        (a, EGGO.framework, URIRef(framework)),
        (a, EGGO.countryCode, Literal(country)),
        (a, EGGO.year, Literal(str(year), datatype=XSD.integer)),
    ]
    if source_file:
        t.append((a, DCTERMS.source, Literal(source_file)))
    for ans in answers:
        status = URIRef(f"{a}/status-{ans.code}")
        t += [
            (status, RDF.type, EGGO.StatusText),
            (status, EGGO.assessment, a),
            (status, EGGO.benchmark, ans.benchmark),
            (status, EGGO.origin, EGGO.Assessed),
            (status, EGGO.quote, Literal(ans.status)),
        ]
        if ans.source:
            t.append((status, DCTERMS.source, _source_term(ans.source)))
        derived = [status]
        if ans.evidence:
            ev = URIRef(f"{a}/evidence-{ans.code}-1")
            t += [
                (ev, RDF.type, EGGO.SupportingPassage),
                (ev, EGGO.assessment, a),
                (ev, EGGO.benchmark, ans.benchmark),
                (ev, EGGO.quote, Literal(ans.evidence)),
            ]
            if ans.source:
                t.append((ev, DCTERMS.source, _source_term(ans.source)))
            derived.append(ev)
        for aspect, level in ((EGGO.Progress, ans.progress), (EGGO.Foresight, ans.foresight)):
            r = URIRef(f"{a}/rating-{ans.code}-{aspect.fragment.lower()}")
            t += [
                (r, RDF.type, EGGO.Rating),
                (r, EGGO.assessment, a),
                (r, EGGO.benchmark, ans.benchmark),
                (r, EGGO.aspect, aspect),
                (r, EGGO.level, level),
                (r, EGGO.origin, EGGO.Assessed),
            ]
            t += [(r, PROV.wasDerivedFrom, d) for d in derived]
    return t


def to_turtle(triples: Iterable[Triple], assessment: URIRef) -> str:
    """Turtle with eggo's prefixes (and ``:`` for the assessment's own nodes)."""
    prefixes = {**PREFIXES, "": f"{assessment}/"}
    ox_triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples]  # type: ignore[arg-type]
    return ox.serialize(ox_triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes).decode()  # type: ignore[union-attr]


@dataclass(frozen=True)
class Imported:
    """A questionnaire turned into Turtle, checked to load and score."""

    assessment: URIRef
    turtle: str
    answers: int


def import_questionnaire(store: Store, path: Path, country: str, year: int) -> Imported:
    """Read, check and convert a questionnaire; raises QuestionnaireError listing every problem.

    ``store`` supplies the framework and the rating scale; the result is also loaded into a
    scratch copy of the framework and checked to be scorable before it is returned.
    """
    path = Path(path)
    country, year = check_country_year(country, year)
    framework = framework_benchmarks(store)
    answers, problems = check_rows(read_rows(path), framework, str(path))
    if problems:
        raise QuestionnaireError(path, problems)
    iri = assessment_iri(country, year)
    turtle = to_turtle(
        assessment_triples(answers, framework.framework, country, year, path.name), iri
    )
    _check_scorable(turtle, iri)
    return Imported(assessment_iri(country, year), turtle, len(answers))


def _check_scorable(turtle: str, iri: URIRef) -> None:
    """The output must load next to the framework and pass the scoring integrity check."""
    from .integrity import check_scorable
    from .store import open_store

    scratch = open_store(embedded=False)
    graph = ox.NamedNode(str(iri))
    quads = [
        ox.Quad(t.subject, t.predicate, t.object, graph)
        for t in ox.parse(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    ]
    scratch.add(ParsedFile(Path("imported.ttl"), quads))
    check_scorable(scratch, Assessment(str(iri), "", "", "", 0))


# ---------------------------------------------------------------- templates


def template_rows(store: Store, assessment: Assessment | None = None) -> list[dict[str, str]]:
    """The questionnaire's rows: every benchmark with its name, empty ratings; or filled in from
    an assessment (its levels, status texts and status sources)."""
    if assessment is None:
        fw = framework_benchmarks(store)
        return [
            {"benchmark": code, "name": name, **dict.fromkeys(TEMPLATE_COLUMNS[2:], "")}
            for code, (_, name) in fw.benchmarks.items()
        ]
    rows = run(store, "questionnaire", {"assessment": assessment.term})
    if not rows:
        raise InputError(
            f"assessment {assessment.id} names no loaded framework",
            "--assessment",
            "load its framework",
        )
    return [
        {
            "benchmark": str(r["code"]),
            "name": str(r["name"]),
            "progress": str(r.get("progress", "")),
            "foresight": str(r.get("foresight", "")),
            "status": str(r.get("status", "")),
            "evidence": "",
            "source": str(r.get("source", "")),
        }
        for r in rows
    ]


def template_csv(rows: list[dict[str, str]]) -> str:
    """The template as CSV text."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=TEMPLATE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def template_xlsx(rows: list[dict[str, str]]) -> bytes:
    """The template as an XLSX workbook; the benchmark column is text, so 3.10 stays 3.10."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "questionnaire"
    ws.append(TEMPLATE_COLUMNS)
    for row in rows:
        ws.append([row[c] for c in TEMPLATE_COLUMNS])
    for cell in ws["A"]:
        cell.number_format = "@"
    ws.freeze_panes = "A2"
    for letter, width in zip("ABCDEFG", (10, 60, 10, 10, 60, 60, 30), strict=True):
        ws.column_dimensions[letter].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
