"""`eggo validate`: check ratings against their evidence, the method and the facts in the graph."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import InputError
from ..render import OutputFormat, Result, emit, say, to_json, write
from ..validation import Validation, validate_files
from .common import DataOption, EndpointOption, NoEmbeddedOption, format_option, handle_errors

EXAMPLES = """Examples:

  eggo validate

  eggo validate --data my-assessment.ttl --format json

  eggo validate --bands my-bands.ttl --format ttl

  eggo validate --reason

  eggo validate --endpoint http://localhost:8890/sparql

Exit codes: 0 conforms (warnings allowed), 1 violations, 2 could not run.
"""

COLUMNS = ["severity", "assessment", "rule", "code", "name", "message", "quote", "line"]


@handle_errors
def validate(
    data: DataOption = None,
    fmt: Annotated[
        OutputFormat,
        format_option(
            "text",
            "table",
            "csv",
            "json",
            "ttl",
            help="text for people; table, csv or json; ttl prints the standard SHACL "
            "sh:ValidationReport.",
        ),
    ] = OutputFormat.text,
    bands: Annotated[
        Path | None,
        typer.Option(
            "--bands",
            metavar="FILE",
            help="Indicator bands (eggo:IndicatorBands, Turtle) to use instead of the shipped "
            "data/framework/eggo-bands.ttl.",
            show_default=False,
        ),
    ] = None,
    reason: Annotated[
        bool,
        typer.Option(
            "--reason",
            help="Also check OWL consistency with HermiT (needs Java). Slow: it adds from 35 s "
            "to a minute on the embedded data on a 2-core machine, most of it for the ontology "
            "and framework alone (their closed enumerations); see the README's Scale section.",
        ),
    ] = False,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            metavar="fast|pyshacl",
            help="fast: every shape runs set-at-a-time on Oxigraph (SHACL-SPARQL and Core); "
            "pyshacl: every shape in pySHACL (the reference; slow on large data).",
            case_sensitive=False,
        ),
    ] = "fast",
    no_embedded: NoEmbeddedOption = False,
    endpoint: EndpointOption = None,
) -> None:
    """Validate the loaded data against the SHACL rules shipped with eggo.

    The rules check structure (hierarchy, codes, one rating per benchmark and aspect, evidence for
    every non-red rating), the method (reported scores, statuses and trends against the ratings,
    foresight below progress as a warning) and ratings against evidence (absent things are not
    green, indicators fall in their bands, shared facts and prerequisite links hold). Each finding
    names its severity, the benchmark, the rule's message and the evidence quote involved.
    """
    engine = engine.lower()
    if engine not in ("fast", "pyshacl"):
        raise InputError(f"unknown engine {engine!r}", "--engine", "use fast or pyshacl")
    result = validate_files(
        data or [],
        embedded=not no_embedded,
        bands=bands,
        reason=reason,
        engine=engine,  # type: ignore[arg-type]
        endpoint=endpoint,
    )
    rows = [f.as_dict() for f in result.all_findings]
    if fmt is OutputFormat.ttl:
        if result.consistency is not None:
            write(f"# OWL (HermiT): {result.consistency.detail}\n")
        write(result.report.serialize(format="turtle").rstrip() + "\n")
    elif fmt is OutputFormat.json:
        write(to_json(summary(result) | {"findings": rows}))
    elif fmt is OutputFormat.text:
        say(text_report(result))
    else:
        result_rows = Result(
            rows,
            COLUMNS,
            table_columns=["severity", "assessment", "rule", "code", "message"],
            wrap=["rule", "message"],
            title=headline(result),
        )
        emit(result_rows, fmt)
    if not result.conforms:
        raise typer.Exit(1)


def summary(result: Validation) -> dict[str, object]:
    """The counts, for JSON."""
    return {
        "conforms": result.conforms,
        "violations": len(result.violations),
        "warnings": len(result.warnings),
        "info": len(result.infos),
        "assessments": result.assessments,
        "rules": len(result.rules),
        "owl": None if result.consistency is None else result.consistency.detail,
    }


def headline(result: Validation) -> str:
    verdict = "conforms" if result.conforms else "does not conform"
    owl = ""
    if result.consistency is not None:
        owl = f"; OWL (HermiT): {result.consistency.detail}"
    info = f", {len(result.infos)} info" if result.infos else ""
    return (
        f"Validated {result.assessments} assessment(s) against {len(result.rules)} rules: "
        f"{verdict} ({len(result.violations)} violations, {len(result.warnings)} warnings"
        f"{info}{owl})"
    )


def text_report(result: Validation) -> str:
    """Findings for people: severity, assessment, benchmark, rule, message, evidence quote. Info
    findings of one rule and assessment (e.g. the ratings a work in progress still misses) are
    one entry listing their benchmarks; --format csv or json gives one row each."""
    lines = []
    infos: dict[tuple[str, str], list] = {}
    for f in result.all_findings:
        if f.severity == "Info":
            infos.setdefault((f.assessment, f.rule), []).append(f)
            continue
        where = f"{f.code} {f.name}".strip() or str(f.value or f.focus)
        whose = f"{f.assessment} " if f.assessment else ""
        lines.append(f"{f.severity.upper():9} {whose}{where}  [{f.rule}]")
        lines.append(f"  {f.message}")
        if f.quote:
            line = f" (line {f.line})" if f.line else ""
            lines.append(f"  evidence: “{f.quote}”{line}")
        lines.append("")
    for (assessment, rule), found in infos.items():
        codes = ", ".join(f.code or str(f.value or f.focus) for f in found)
        lines.append(
            f"{'INFO':9} {assessment + ' ' if assessment else ''}{len(found)} findings  [{rule}]"
        )
        lines.append(f"  {found[0].message}")
        lines.append(f"  all: {codes}")
        lines.append("")
    lines.append(headline(result))
    return "\n".join(lines)
