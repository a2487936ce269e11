"""Questionnaire helpers shared by the import tests: the CSV header, writing a questionnaire,
a fictional FD questionnaire, and the one-line error check of eggo import."""

from __future__ import annotations

import csv
from pathlib import Path

from assessment_factory import benchmark_dimensions

BENCHMARKS = benchmark_dimensions()  # code -> dimension code, read with rdflib
HEADER = [
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

FD = ["-c", "FD", "-y", "2025"]


def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([header, *rows])
    return path


def error_lines(result) -> list[str]:
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines and all(line.startswith("eggo: error: ") for line in lines), result.stderr
    return lines


def read_query_text(text: str):
    from eggo_graph.queries import NamedQuery

    return NamedQuery(name="inline", path=Path("inline.rq"), text=text)


def fd_rows(overrides: dict[str, dict[str, str]] | None = None) -> list[list[str]]:
    """A full FD questionnaire: every benchmark amber/green with a neutral status (no claim
    pattern matches "Assessors rated X"), changed by ``overrides`` (code -> column -> text)."""
    rows = []
    for code in BENCHMARKS:
        row = dict.fromkeys(HEADER, "")
        row.update(benchmark=code, progress="amber", foresight="green")
        row["status"] = f"Assessors rated {code} after interviews"
        row.update((overrides or {}).get(code, {}))
        rows.append([row[c] for c in HEADER])
    return rows
