"""The eGGO questionnaire as a spreadsheet: read it (CSV or XLSX), check every cell against the
framework in the graph, and turn it into an assessment graph; or write an empty or prefilled one.

One row per benchmark, with the columns ``benchmark``, ``progress``, ``foresight``, ``status``
(required; with ``partial`` the ratings may be blank) and ``evidence`` (one passage per line),
``source``, ``claim``, ``indicator``, ``value``, ``unit``, ``name`` (optional; ``name`` is for the
reader and is ignored). A rating is a level of the ontology's scale given by its label (red), its
initial (R), its value (0.5) or its value in percent (50), in any case. Benchmark codes, levels
and the banded indicators are read from the graph, never hard-coded.

``claim`` is what the status says (absent, formal, partial, full, planned, indicator, context),
so the evidence rules can check the ratings against it. Left empty, it is derived from the status
and evidence text by ``claims.classify`` and marked as derived, with the pattern that matched.

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
from typing import Any

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from . import claims
from .assessments import Assessment
from .errors import EggoError, InputError
from .load import ParsedFile, check_readable
from .namespaces import EGGO, PREFIXES
from .queries import run
from .store import Store
from .terms import to_ox

REQUIRED = ["benchmark", "progress", "foresight", "status"]
OPTIONAL = ["name", "evidence", "source", "claim", "indicator", "value", "unit"]
TEMPLATE_COLUMNS = [
    "benchmark",
    "name",
    "progress",
    "foresight",
    "status",
    "evidence",
    "source",
    "claim",
    "indicator",
    "value",
    "unit",
]
ASSESSMENT_BASE = "https://w3id.org/eggo/assessment/"
SUFFIXES = (".csv", ".xlsx")
# The claim keywords of the questionnaire and the ontology's claims they stand for.
CLAIM_TERMS: dict[str, URIRef] = {
    claims.ABSENT: EGGO.AbsentClaim,
    claims.FORMAL: EGGO.FormalClaim,
    claims.PARTIAL: EGGO.PartialClaim,
    claims.FULL: EGGO.FullClaim,
    claims.PLANNED: EGGO.PlannedClaim,
    claims.INDICATOR: EGGO.IndicatorClaim,
    claims.CONTEXT: EGGO.ContextClaim,
}
CLAIM_KEYWORDS = {str(v): k for k, v in CLAIM_TERMS.items()}


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
        blank = any(
            (p.column in ("progress", "foresight") and "empty" in p.what)
            or "not filled in" in p.what
            for p in problems
        )
        hint = " (or, for work in progress, add --partial)" if blank else ""
        super().__init__(
            f"{path}: {n} problem{'s' if n != 1 else ''} in the questionnaire, nothing was "
            f"written. Fix the cells listed above and run the import again{hint}."
        )


# ---------------------------------------------------------------- the framework, from the graph


@dataclass(frozen=True)
class FrameworkBenchmarks:
    """A framework's benchmarks by code, and the rating levels by accepted spelling."""

    framework: str
    benchmarks: dict[str, tuple[URIRef, str]]  # code -> (IRI, name), in framework order
    levels: dict[str, URIRef]  # "red", "r", "0", "0.5", "50", ... -> level IRI
    scale: list[URIRef] = field(default_factory=list)  # the levels, lowest value first
    # code -> {(indicator, unit)} of the framework's indicator bands (eggo:IndicatorBands)
    indicators: dict[str, set[tuple[str, str]]] = field(default_factory=dict)


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
    indicators: dict[str, set[tuple[str, str]]] = {}
    for r in run(store, "indicator-bands"):
        indicators.setdefault(str(r["code"]), set()).add((str(r["indicator"]), str(r["unit"])))
    return FrameworkBenchmarks(frameworks[0], benchmarks, levels, scale, indicators)


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
        # The template's questionnaire sheet by name (it follows the Instructions), else the first.
        sheet = wb["questionnaire"] if "questionnaire" in wb.sheetnames else wb.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [_cell(v) for v in row]
    except Exception as exc:
        raise InputError(
            f"cannot read the first sheet ({type(exc).__name__}: {exc})", str(path)
        ) from exc
    finally:
        wb.close()


def read_rows(path: Path) -> list[list[Cell]]:
    """All rows of a CSV file or of an XLSX workbook's sheet "questionnaire" (else its first
    sheet), as cells."""
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
    """One benchmark's row of a questionnaire that passed every check. A rating is None only
    in a partial questionnaire; ``claim`` is a keyword of ``claims.CLAIMS`` or ""."""

    code: str
    benchmark: URIRef
    progress: URIRef | None
    foresight: URIRef | None
    status: str
    evidence: str = ""
    source: str = ""
    row: int = 0
    claim: str = ""
    claim_pattern: str = ""  # set when the claim was derived from the text
    indicator: str = ""
    value: Decimal | None = None
    unit: str = ""

    @property
    def passages(self) -> list[str]:
        """The evidence passages: one per non-empty line of the evidence cell."""
        return [line.strip() for line in self.evidence.splitlines() if line.strip()]


@dataclass(frozen=True)
class Note:
    """Something a person should look at in an imported row; not an error."""

    row: int
    code: str
    what: str
    kind: str = "ambiguous"  # "ambiguous": the claim needs a person; "indicator": not banded

    def __str__(self) -> str:
        return f"row {self.row} ({self.code}): {self.what}"


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


def _claim_keyword(text: str) -> str | None:
    """The claim keyword a cell names (its keyword or the ontology's label), or None."""
    t = text.strip().lower()
    if t in claims.CLAIMS:
        return t
    return {"formal only": claims.FORMAL}.get(t)


def check_rows(
    rows: list[list[Cell]], framework: FrameworkBenchmarks, where: str, partial: bool = False
) -> tuple[list[Answer], list[Problem]]:
    """Check a questionnaire's rows against the framework: every problem, and the answers.

    With ``partial``, ratings may be blank and benchmarks may have no row (work in progress);
    a row that gives a rating still needs its status text, the evidence of the rating."""
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
        rated = any(get(a).text for a in ("progress", "foresight"))
        required = ["benchmark", "status"] if partial and rated else REQUIRED
        if partial and not rated:
            required = ["benchmark"]
        untouched = not partial and not rated and not get("status").text
        if untouched and get("benchmark").text:  # a template row nobody filled in: one problem
            problems.append(
                Problem(
                    where,
                    number,
                    None,
                    f"benchmark {get('benchmark').text} is not filled in (no ratings, no status)",
                    "fill it in, or import work in progress with --partial",
                )
            )
            required = ["benchmark"]
        for name in required:
            if not get(name).text:
                fix = "fill it in"
                if partial and name == "status":
                    fix = "write the status text the rating rests on"
                problems.append(Problem(where, number, name, "the cell is empty", fix))
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
        levels: dict[str, URIRef | None] = {}
        for aspect in ("progress", "foresight"):
            text = get(aspect).text
            levels[aspect] = None
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
        claim = ""
        if get("claim").text:
            keyword = _claim_keyword(get("claim").text)
            if keyword is None:
                problems.append(
                    Problem(
                        where,
                        number,
                        "claim",
                        f"{get('claim').text!r} is not a claim",
                        f"write one of {', '.join(claims.CLAIMS)}, or leave it empty to derive it",
                    )
                )
            else:
                claim = keyword
        indicator, unit = get("indicator").text, get("unit").text
        value_text = get("value").text
        value = None
        if value_text:
            key = _number_key(value_text.replace(",", "").removesuffix("%").strip())
            if key is None:
                problems.append(
                    Problem(
                        where,
                        number,
                        "value",
                        f"{value_text!r} is not a number",
                        "write 55 or 12.5",
                    )
                )
            else:
                value = Decimal(key)
        given = [
            n for n, v in (("indicator", indicator), ("value", value_text), ("unit", unit)) if v
        ]
        if given and len(given) < 3:
            missing = [n for n in ("indicator", "value", "unit") if n not in given]
            problems.append(
                Problem(
                    where,
                    number,
                    missing[0],
                    f"an indicator needs its name, value and unit, but {' and '.join(missing)} "
                    f"{'is' if len(missing) == 1 else 'are'} empty",
                    "fill in all three, or none",
                )
            )
        elif claim == claims.INDICATOR and not given:
            problems.append(
                Problem(
                    where,
                    number,
                    "indicator",
                    "the claim is indicator, but no indicator is given",
                    "fill in indicator, value and unit",
                )
            )
        if len(problems) == before and iri is not None and (rated or get("status").text):
            answers.append(
                Answer(
                    code=code,
                    benchmark=iri,
                    progress=levels["progress"],
                    foresight=levels["foresight"],
                    status=get("status").text,
                    evidence=get("evidence").text,
                    source=get("source").text,
                    row=number,
                    claim=claim,
                    indicator=indicator,
                    value=value,
                    unit=unit,
                )
            )
    if not partial:
        for code, (_, name) in framework.benchmarks.items():
            if code not in seen:
                problems.append(
                    Problem(
                        where,
                        None,
                        "benchmark",
                        f"benchmark {code} ({name}) has no row",
                        "add a row for it (or import work in progress with --partial)",
                    )
                )
    return answers, problems


def derive_claims(answers: list[Answer]) -> tuple[list[Answer], list[Note]]:
    """Each answer with an empty claim cell gets the claim its status text reads as
    (``claims.classify``; its evidence passages when the status matches no pattern), with the
    pattern that matched; an indicator in the row makes it an indicator claim. The notes list the
    rows a person should look at (no pattern matched, or sentences that read as contradicting
    claims)."""
    out: list[Answer] = []
    notes: list[Note] = []
    for ans in answers:
        if ans.claim or not ans.status:
            out.append(ans)
            continue
        if ans.indicator:
            found = claims.Classification(claims.INDICATOR, "indicator column")
        else:  # the status decides; the evidence only when the status says nothing we can read
            found = claims.classify(ans.status)
            if found.claim is None and ans.passages:
                found = claims.classify(*ans.passages)
        if found.ambiguous:
            notes.append(Note(ans.row, ans.code, found.reason))
        if found.claim is None:
            out.append(ans)
            continue
        out.append(_replace(ans, claim=found.claim, claim_pattern=found.pattern))
    return out, notes


def indicator_notes(answers: list[Answer], framework: FrameworkBenchmarks) -> list[Note]:
    """Rows whose indicator has no bands for the benchmark: the rules cannot check those."""
    notes = []
    for ans in answers:
        if not ans.indicator:
            continue
        known = framework.indicators.get(ans.code, set())
        if (ans.indicator, ans.unit) not in known:
            offer = "; ".join(f"{i} ({u})" for i, u in sorted(known)) or "none"
            notes.append(
                Note(
                    ans.row,
                    ans.code,
                    f"no bands for indicator {ans.indicator!r} in {ans.unit!r}, so no rule "
                    f"checks it (banded indicators of {ans.code}: {offer})",
                    kind="indicator",
                )
            )
    return notes


def _replace(ans: Answer, **changes: Any) -> Answer:
    from dataclasses import replace

    return replace(ans, **changes)


# ---------------------------------------------------------------- building the graph


def check_base(base: str | None) -> str:
    """The namespace assessment IRIs are minted in: an http(s) IRI ending in / or # (a / is
    added when it ends in neither), or eggo's own when None."""
    if base is None:
        return ASSESSMENT_BASE
    text = base.strip()
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", text):
        raise InputError(
            f"{base!r} is not an http(s) IRI",
            "--base",
            "give a namespace such as https://example.org/eggo/",
        )
    if not text.endswith(("/", "#")):
        text += "/"
    try:
        ox.NamedNode(text)
    except ValueError as exc:
        raise InputError(f"{base!r} is not a valid IRI ({exc})", "--base") from exc
    return text


def assessment_iri(country: str, year: int, base: str | None = None) -> URIRef:
    """The IRI of a country's assessment for a year, e.g. .../assessment/md-2024, in eggo's
    namespace or in ``base``."""
    return URIRef(f"{check_base(base)}{country.lower()}-{year}")


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
    answers: Iterable[Answer],
    framework: str,
    country: str,
    year: int,
    source_file: str = "",
    *,
    base: str | None = None,
    complete: bool = True,
) -> list[Triple]:
    """The assessment as RDF: one eggo:Rating per benchmark and aspect rated (origin Assessed),
    derived from the benchmark's status text (with its claim and indicator) and, when given, its
    evidence passages. An assessment imported as work in progress says so (eggo:complete false).
    """
    a = assessment_iri(country, year, base)
    t: list[Triple] = [
        (a, RDF.type, EGGO.Assessment),
        (a, RDFS.label, Literal(f"{country} eGGO assessment {year}", lang="en")),
        (a, EGGO.framework, URIRef(framework)),
        (a, EGGO.countryCode, Literal(country)),
        (a, EGGO.year, Literal(str(year), datatype=XSD.integer)),
    ]
    if not complete:
        t.append((a, EGGO.complete, Literal(False)))
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
        if ans.claim:
            t.append((status, EGGO.claim, CLAIM_TERMS[ans.claim]))
            if ans.claim_pattern:
                t += [
                    (status, EGGO.claimOrigin, EGGO.Derived),
                    (status, EGGO.claimPattern, Literal(ans.claim_pattern)),
                ]
            else:
                t.append((status, EGGO.claimOrigin, EGGO.Assessed))
        if ans.indicator and ans.value is not None:
            t += [
                (status, EGGO.indicator, Literal(ans.indicator)),
                (status, EGGO.indicatorValue, Literal(str(ans.value), datatype=XSD.decimal)),
                (status, EGGO.unit, Literal(ans.unit)),
            ]
        if ans.source:
            t.append((status, DCTERMS.source, _source_term(ans.source)))
        derived = [status]
        for n, passage in enumerate(ans.passages, start=1):
            ev = URIRef(f"{a}/evidence-{ans.code}-{n}")
            t += [
                (ev, RDF.type, EGGO.SupportingPassage),
                (ev, EGGO.assessment, a),
                (ev, EGGO.benchmark, ans.benchmark),
                (ev, EGGO.quote, Literal(passage)),
            ]
            if ans.source:
                t.append((ev, DCTERMS.source, _source_term(ans.source)))
            derived.append(ev)
        for aspect, level in ((EGGO.Progress, ans.progress), (EGGO.Foresight, ans.foresight)):
            if level is None:
                continue
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
    """A questionnaire turned into Turtle, checked to load (and, when complete, to score)."""

    assessment: URIRef
    turtle: str
    answers: int
    ratings: int = 0
    derived: int = 0  # claims derived from the text
    notes: tuple[Note, ...] = ()  # rows a person should look at
    complete: bool = True


def import_questionnaire(
    store: Store,
    path: Path,
    country: str,
    year: int,
    *,
    partial: bool = False,
    base: str | None = None,
) -> Imported:
    """Read, check and convert a questionnaire; raises QuestionnaireError listing every problem.

    ``store`` supplies the framework, the rating scale and the indicator bands; the result is
    also loaded into a scratch copy of the framework and, unless some ratings are missing,
    checked to be scorable before it is returned. With ``partial``, blank ratings are allowed
    and the assessment is marked incomplete when any is missing. ``base`` is the namespace its
    IRIs are minted in.
    """
    path = Path(path)
    country, year = check_country_year(country, year)
    check_base(base)
    framework = framework_benchmarks(store)
    answers, problems = check_rows(read_rows(path), framework, str(path), partial=partial)
    if problems:
        raise QuestionnaireError(path, problems)
    answers, notes = derive_claims(answers)
    notes += indicator_notes(answers, framework)
    ratings = sum((a.progress is not None) + (a.foresight is not None) for a in answers)
    complete = ratings == 2 * len(framework.benchmarks)
    iri = assessment_iri(country, year, base)
    turtle = to_turtle(
        assessment_triples(
            answers, framework.framework, country, year, path.name, base=base, complete=complete
        ),
        iri,
    )
    _check_loads(turtle, iri, scorable=complete)
    return Imported(
        iri,
        turtle,
        len(answers),
        ratings,
        sum(bool(a.claim_pattern) for a in answers),
        tuple(sorted(notes, key=lambda n: n.row)),
        complete,
    )


def _check_loads(turtle: str, iri: URIRef, scorable: bool = True) -> None:
    """The output must load next to the framework and, if complete, pass the scoring integrity
    check."""
    from .integrity import check_scorable
    from .store import open_store

    scratch = open_store(embedded=False)
    graph = ox.NamedNode(str(iri))
    quads = [
        ox.Quad(t.subject, t.predicate, t.object, graph)
        for t in ox.parse(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    ]
    scratch.add(ParsedFile(Path("imported.ttl"), quads))
    if scorable:
        check_scorable(scratch, Assessment(str(iri), "", "", "", 0))


# ---------------------------------------------------------------- templates


def template_rows(store: Store, assessment: Assessment | None = None) -> list[dict[str, str]]:
    """The questionnaire's rows: every benchmark with its name, empty ratings; or filled in from
    an assessment (its levels, status texts with their claims and indicators, evidence passages
    one per line, and status sources). A claim the import derived is left empty, so importing
    the sheet again derives it again: the round trip is exact."""
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
    passages: dict[str, list[str]] = {}
    for r in run(store, "questionnaire-evidence", {"assessment": assessment.term}):
        passages.setdefault(str(r["code"]), []).append(re.sub(r"\s*\n\s*", " ", str(r["quote"])))

    def claim(r: dict) -> str:
        if not r.get("claim") or str(r.get("claimOrigin", "")) == str(EGGO.Derived):
            return ""
        return CLAIM_KEYWORDS.get(str(r["claim"]), "")

    return [
        {
            "benchmark": str(r["code"]),
            "name": str(r["name"]),
            "progress": str(r.get("progress", "")),
            "foresight": str(r.get("foresight", "")),
            "status": str(r.get("status", "")),
            "evidence": "\n".join(passages.get(str(r["code"]), [])),
            "source": str(r.get("source", "")),
            "claim": claim(r),
            "indicator": str(r.get("indicator", "")),
            "value": _number_key(str(r["value"])) or "" if r.get("value") is not None else "",
            "unit": str(r.get("unit", "")),
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


INSTRUCTIONS = [
    ("How to fill in this questionnaire", ""),
    ("", ""),
    ("One row per benchmark. Keep the header row and the benchmark codes as they are.", ""),
    ("column", "what to write"),
    ("benchmark", "the benchmark's code (text, so 3.10 is not 3.1); do not change it"),
    ("name", "the benchmark's name, for you to read; ignored by the import"),
    ("progress", "where things stand: red, amber or green (also R/A/G, 0/50/100, 0/0.5/1)"),
    ("foresight", "what is planned and funded: red, amber or green"),
    ("status", "one or two sentences on the state of the benchmark, the evidence of the ratings"),
    ("evidence", "quotes that support the ratings, one per line (optional)"),
    ("source", "where the status and quotes come from: a web address or any text (optional)"),
    (
        "claim",
        "what the status says: absent, formal, partial, full, planned, indicator or context. "
        "Leave it empty and eggo import derives it from the text, and lists the rows to check.",
    ),
    (
        "indicator, value, unit",
        "a figure the status gives, e.g. households with internet access, 55, percent. The "
        "list offers the indicators whose bands the rules check; all three or none.",
    ),
    ("", ""),
    ("Then", "eggo import FILE --country CODE --year YEAR"),
    ("Work in progress", "eggo import FILE --country CODE --year YEAR --partial (blank ratings)"),
    ("Check it", "eggo validate --data CODE-YEAR.ttl"),
]
_WIDTHS = {
    "benchmark": 11,
    "name": 45,
    "progress": 11,
    "foresight": 11,
    "status": 60,
    "evidence": 60,
    "source": 25,
    "claim": 11,
    "indicator": 30,
    "value": 9,
    "unit": 15,
}


def template_xlsx(rows: list[dict[str, str]], indicators: Iterable[tuple[str, str]] = ()) -> bytes:
    """The template as an XLSX workbook: the questionnaire sheet (frozen header, readable widths,
    the benchmark column as text so 3.10 stays 3.10, dropdowns for the ratings, the claim and the
    banded indicators and units), an Instructions sheet, and a hidden sheet with the lists."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "questionnaire"
    ws.append(TEMPLATE_COLUMNS)
    for row in rows:
        ws.append([row[c] for c in TEMPLATE_COLUMNS])
    letter = {c: get_column_letter(i) for i, c in enumerate(TEMPLATE_COLUMNS, start=1)}
    for cell in ws[letter["benchmark"]]:
        cell.number_format = "@"
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "C2"
    for name, width in _WIDTHS.items():
        ws.column_dimensions[letter[name]].width = width
    for name in ("name", "status", "evidence"):
        for cell in ws[letter[name]][1:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    last = max(len(rows) + 1, 2)

    indicators = sorted(set(indicators))
    lists = wb.create_sheet("lists")
    lists.sheet_state = "hidden"
    columns = {
        "A": ["red", "amber", "green"],
        "B": list(claims.CLAIMS),
        "C": sorted({i for i, _ in indicators}),
        "D": sorted({u for _, u in indicators}),
    }
    for col, values in columns.items():
        for i, value in enumerate(values, start=1):
            lists[f"{col}{i}"] = value

    def dropdown(source_col: str, target: str, strict: bool, prompt: str) -> None:
        n = len(columns[source_col])
        if not n:
            return
        dv = DataValidation(
            type="list",
            formula1=f"=lists!${source_col}$1:${source_col}${n}",
            allow_blank=True,
            showErrorMessage=strict,
            errorTitle="Not on the list",
            error=prompt,
            promptTitle=target,
            prompt=prompt,
            showInputMessage=True,
        )
        ws.add_data_validation(dv)
        dv.add(f"{letter[target]}2:{letter[target]}{last}")

    spellings = "red, amber or green (R/A/G, 0/50/100 also import)"
    dropdown("A", "progress", False, spellings)
    dropdown("A", "foresight", False, spellings)
    dropdown("B", "claim", True, "absent, formal, partial, full, planned, indicator or context")
    dropdown("C", "indicator", False, "an indicator with bands; others are not checked")
    dropdown("D", "unit", False, "the unit of the indicator's bands")

    info = wb.create_sheet("Instructions", 0)
    for line in INSTRUCTIONS:
        info.append(list(line))
    info["A1"].font = Font(bold=True, size=14)
    info["A4"].font = info["B4"].font = Font(bold=True)
    info.column_dimensions["A"].width = 24
    info.column_dimensions["B"].width = 100
    for row in info.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    wb.active = wb.sheetnames.index("questionnaire")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- claims in the graph


@dataclass(frozen=True)
class StatusClaim:
    """A status text of an assessment and its claim: the keyword ("" when it has none), and
    for a derived one the pattern that matched."""

    code: str
    status: str
    claim: str
    derived: bool
    pattern: str = ""


def status_claims(store: Store, assessment: Assessment) -> list[StatusClaim]:
    """The status texts of an assessment with their claims, in benchmark order."""
    return [
        StatusClaim(
            code=str(r["code"]),
            status=str(r["status"]),
            claim=CLAIM_KEYWORDS.get(str(r.get("claim", "")), ""),
            derived=str(r.get("claimOrigin", "")) == str(EGGO.Derived),
            pattern=str(r.get("claimPattern", "")),
        )
        for r in run(store, "status-claims", {"assessment": assessment.term})
    ]
