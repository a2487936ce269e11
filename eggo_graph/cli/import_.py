"""`eggo import`: a questionnaire spreadsheet (CSV or XLSX) to an assessment graph; templates."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..assessments import select_assessment
from ..errors import InputError
from ..load import scan_file
from ..questionnaire import (
    QuestionnaireError,
    check_base,
    check_country_year,
    framework_benchmarks,
    import_questionnaire,
    template_csv,
    template_rows,
    template_xlsx,
)
from ..render import say, write
from ..resources import assessment_files
from ..safe_write import check_target, write_atomic
from ..store import open_store
from .common import AssessmentOption, DataOption, NoEmbeddedOption, handle_errors

EXAMPLES = """Examples:

  eggo import --template --out questionnaire.xlsx

  eggo import questionnaire.xlsx --country MD --year 2024

  eggo import questionnaire.xlsx --country MD --year 2024 --partial --force

  eggo score --data md-2024.ttl --assessment MD-2024

  eggo import --template --prefill --data md-2024.ttl --assessment MD-2024 -o md-2024.xlsx
"""


@handle_errors
def import_(
    file: Annotated[
        Path | None,
        typer.Argument(
            metavar="FILE",
            help="The filled-in questionnaire, .csv or .xlsx (first sheet).",
            show_default=False,
        ),
    ] = None,
    country: Annotated[
        str | None,
        typer.Option("--country", "-c", help="Country code, 2 or 3 letters, e.g. MD."),
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", "-y", help="Year of the assessment.")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Where to write: the Turtle file (default COUNTRY-YEAR.ttl; '-' for stdout), or "
            "with --template a .csv or .xlsx file (default: CSV on stdout).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    template: Annotated[
        bool,
        typer.Option("--template", help="Write an empty questionnaire: every benchmark and name."),
    ] = False,
    prefill: Annotated[
        bool,
        typer.Option(
            "--prefill", help="With --template: fill it in from a loaded assessment (--assessment)."
        ),
    ] = False,
    partial: Annotated[
        bool,
        typer.Option(
            "--partial",
            help="Work in progress: ratings may be blank and rows missing; the assessment is "
            "marked incomplete (eggo:complete false).",
        ),
    ] = False,
    base: Annotated[
        str | None,
        typer.Option(
            "--base",
            help="Mint the assessment's IRIs in this namespace, e.g. https://example.org/eggo/ "
            "(default https://w3id.org/eggo/assessment/).",
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
    assessment: AssessmentOption = None,
    no_embedded: NoEmbeddedOption = False,
) -> None:
    """Turn a questionnaire spreadsheet into an assessment graph, or write a template.

    One row per benchmark; columns benchmark, progress, foresight, status (required), evidence
    (one passage per line), source, claim, indicator, value, unit (optional). Ratings may be
    red/amber/green, R/A/G, 0/50/100 or 0/0.5/1 in any case. An empty claim is derived from the
    status and evidence text and marked as derived; the rows a person should check are listed.
    Every problem (unknown or missing benchmark, duplicate row, bad rating, empty cell, wrong
    header) is listed with its row and column, and then nothing is written. The file is written
    atomically and never over an existing one without --force.
    """
    if template:
        _template(out, force, prefill, data, assessment, no_embedded)
        return
    if prefill:
        raise InputError("--prefill works only with --template", "--prefill", "add --template")
    check_base(base)
    if file is None or country is None or year is None:
        missing = [
            n for n, v in (("FILE", file), ("--country", country), ("--year", year)) if not v
        ]
        raise InputError(
            f"missing {', '.join(missing)}",
            "eggo import",
            "give the questionnaire, --country and --year, or use --template",
        )
    country, year = check_country_year(country, year)
    target = out if out is not None else Path(f"{country.lower()}-{year}.ttl")
    to_stdout = str(target) == "-"
    if not to_stdout:
        check_target(target, force)  # a folder or a device is refused as such, first
        if target.suffix.lower() not in (".ttl", ".turtle"):
            raise InputError(
                "the output is Turtle, but the file name "
                + (f"ends in {target.suffix!r}" if target.suffix else "has no extension"),
                str(target),
                "name a .ttl file",
            )
    store = open_store(data or [], embedded=False)
    try:
        imported = import_questionnaire(store, file, country, year, partial=partial, base=base)
    except QuestionnaireError as exc:
        for problem in exc.problems:
            typer.echo(f"eggo: error: {problem}", err=True)
        raise
    if to_stdout:
        write(imported.turtle)
        _report_claims(imported, err=True)
        return
    write_atomic(target, imported.turtle, force)
    rated = "" if imported.complete else " (incomplete: work in progress)"
    # The same country and year as an embedded assessment: the same graph, so it must replace it.
    embedded = any(str(imported.assessment) in scan_file(p).graphs for p in assessment_files())
    say(
        f"Wrote {target}: assessment {country}-{year}, {imported.answers} benchmarks, "
        f"{imported.ratings} ratings{rated}. Score it with: "
        f"eggo score --data {target}{' --no-embedded' if embedded else ''} "
        f"--assessment {country}-{year}"
    )
    _report_claims(imported)


def _report_claims(imported, err: bool = False) -> None:
    """How many claims were derived, the rows whose claim a person should settle, and
    indicators no rule checks (on stderr when the Turtle goes to stdout)."""
    ambiguous = [n for n in imported.notes if n.kind == "ambiguous"]
    others = [n for n in imported.notes if n.kind != "ambiguous"]
    lines = []
    if imported.derived or ambiguous:
        n = len(ambiguous)
        rows = f"{n} row{'s' if n != 1 else ''}"
        lines.append(
            f"Derived {imported.derived} claim{'s' if imported.derived != 1 else ''} from the "
            f"status text (marked eggo:claimOrigin eggo:Derived); {rows} ambiguous"
            + (": check them and fill in their claim cell" if n else "")
            + "."
        )
        lines += [f"  {note}" for note in ambiguous]
    lines += [f"Note: {note}" for note in others]
    for line in lines:
        if err:
            typer.echo(line, err=True)
        else:
            say(line)


def _template(
    out: Path | None,
    force: bool,
    prefill: bool,
    data: list[Path] | None,
    assessment: str | None,
    no_embedded: bool,
) -> None:
    if out is not None:
        check_target(out, force)
    if out is not None and out.suffix.lower() not in (".csv", ".xlsx"):
        raise InputError(
            f"unknown template file extension {out.suffix or '(none)'!r}",
            str(out),
            "use .csv or .xlsx",
        )
    if prefill:
        store = open_store(data or [], embedded=not no_embedded)
        rows = template_rows(store, select_assessment(store, assessment))
    else:
        if assessment:
            raise InputError("--assessment needs --prefill", "--assessment", "add --prefill")
        store = open_store(data or [], embedded=False)
        rows = template_rows(store)
    if out is None:
        write(template_csv(rows))
        return
    if out.suffix.lower() == ".xlsx":
        indicators = framework_benchmarks(store).indicators.values()
        body: str | bytes = template_xlsx(rows, {pair for pairs in indicators for pair in pairs})
    else:
        body = template_csv(rows)
    write_atomic(out, body, force)
    say(f"Wrote {out}: {len(rows)} benchmarks.")
