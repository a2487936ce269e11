"""The claim classifier (eggo_graph/claims.py) against the editorial claims of the embedded
Ukraine 2018 status texts: agreement, ambiguous and unread texts, the confusion table and every
disagreement.

Usage: python benchmarks/claims.py [--assessment UA-2018] [--data FILE ...]
Prints tables; it asserts nothing. The patterns were written reading these texts, so the
agreement is in-sample: a fresh assessment will agree less.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.table import Table

from eggo_graph.assessments import select_assessment
from eggo_graph.claims import CLAIMS, agreement
from eggo_graph.questionnaire import status_claims
from eggo_graph.store import open_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--assessment", default="UA-2018")
    parser.add_argument("--data", type=Path, action="append", default=[])
    args = parser.parse_args()
    store = open_store(args.data)
    chosen = select_assessment(store, args.assessment)
    items = [(s.code, s.status, s.claim) for s in status_claims(store, chosen) if s.claim]
    result = agreement(items)
    console = Console(width=100)

    summary = Table(title=f"Claim classifier on the status texts of {chosen.id}")
    for col in ("texts", "agree", "agreement %", "ambiguous", "no pattern"):
        summary.add_column(col, justify="right")
    summary.add_row(
        str(result.total),
        str(result.agree),
        f"{result.percent:.1f}",
        str(result.ambiguous),
        str(result.unread),
    )
    console.print(summary)

    kinds = [c for c in CLAIMS if any(k[0] == c for k in result.confusion)]
    derived = [*CLAIMS, "none"]
    derived = [d for d in derived if any(k[1] == d for k in result.confusion)]
    confusion = Table(title="expected (rows) against derived (columns)")
    confusion.add_column("expected")
    for d in derived:
        confusion.add_column(d, justify="right")
    for k in kinds:
        confusion.add_row(k, *(str(result.confusion.get((k, d), "")) for d in derived))
    console.print(confusion)

    if result.disagreements:
        table = Table(title="Disagreements")
        for col in ("code", "expected", "derived", "status text"):
            table.add_column(col)
        for code, text, expected, got in result.disagreements:
            table.add_row(code, expected, got, text)
        console.print(table)


if __name__ == "__main__":
    main()
