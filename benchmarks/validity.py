"""Ranking validity: eggo's order held against the report's own stated priorities.

The report (Ukraine 2018) states its priorities in three places, quoted below with their
lines. This script sets each beside eggo's ranking of the embedded assessment:

- the five key vulnerabilities (line 152): where each dimension ranks in
  ``eggo recommend --by-dimension``;
- the four areas that "performed well" (line 150): where they rank (they should rank low);
- the seven "important steps" (line 150): each mapped to the Annex 2 recommendation whose text
  it repeats most (the share of the step's stemmed content words that the recommendation
  holds, ties broken by the Dice coefficient; the runner-up is printed beside it),
  and its rank among all recommendations in ``eggo recommend``.

Then it redraws the weights ±20% (300 draws, seed 2018, as ``recommend --stability``) and
prints how far the validity figures move. Nothing here feeds the ranking: the quotes are the
yardstick, not an input.

    python benchmarks/validity.py [--source PATH-TO-REPORT.txt] [--draws 300]

With ``--source`` (default ``../shared/source/…txt`` when it exists) every quote is checked to
stand verbatim on its line first.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
from pathlib import Path

from eggo_graph import open_store, select_assessment
from eggo_graph.priority import DEFAULT_WEIGHTS, Weights, prioritise
from eggo_graph.recommend import rank_dimensions, read_ranking_inputs

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = HERE.parent.parent / "shared/source/ukraine-e-government-assessment-2018.txt"

# (line, verbatim phrase): the report's own words, each a dimension name or a step.
VULNERABILITIES = [
    (152, "information for management"),
    (152, "data centers"),
    (152, "smart analytics"),
    (152, "business continuity"),
    (152, "ICT procurement"),
]
PERFORMED_WELL = [
    (150, "cyber security arrangements"),
    (150, "access to ICT resources"),
    (150, "access and connectivity"),
    (150, "strategic and regulatory framework"),
]
IMPORTANT_STEPS = [
    (150, "commencing a process of public sector data centers consolidation"),
    (150, "creating a unit or body in charge of data management in the public sector"),
    (150, "implementing a data recovery center"),
    (
        150,
        "establishing a unit in charge of ICT procurement policy at the central government level",
    ),
    (150, "filling in of the unified demographic register"),
    (150, "making clear delineation of e-government policy making and implementation roles"),
    (150, "adopting an approach to implementation of shared services and platforms"),
]

STOP = set(
    [
        "a",
        "an",
        "and",
        "at",
        "by",
        "for",
        "in",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "should",
        "be",
        "is",
        "are",
        "as",
        "its",
        "it",
        "this",
        "that",
        "from",
        "level",
        "central",
        "government",
        "public",
        "sector",
        "clear",
    ]
)


def stem(word: str) -> str:
    for suffix in ("ations", "ation", "ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def words(text: str) -> set[str]:
    tokens = re.findall(
        r"[a-z]+", text.lower().replace("-", " ").replace("policymaking", "policy making")
    )
    return {stem(t) for t in tokens if t not in STOP and len(t) > 1}


def similarity(step: set[str], rec: set[str]) -> tuple[float, float]:
    """(share of the step's words the recommendation holds, Dice coefficient)."""
    common = len(step & rec)
    return common / len(step), 2 * common / (len(step) + len(rec))


def normal(name: str) -> str:
    return name.lower().replace("&", "and").replace("datacenters", "data centers")


def check_quotes(source: Path) -> None:
    lines = source.read_text(encoding="utf-8").splitlines()
    for line, phrase in VULNERABILITIES + PERFORMED_WELL + IMPORTANT_STEPS:
        if phrase not in lines[line - 1]:
            sys.exit(f"validity.py: {phrase!r} is not on line {line} of {source}")


def dimension_codes(dim_names: dict[str, str], phrases: list[tuple[int, str]]) -> list[str]:
    by_name = {normal(n): c for c, n in dim_names.items()}
    codes = []
    for _, phrase in phrases:
        if normal(phrase) not in by_name:
            sys.exit(f"validity.py: no dimension named {phrase!r} in the framework")
        codes.append(by_name[normal(phrase)])
    return codes


def match_steps(recs) -> list[tuple[str, str, float, str, float]]:
    """Each step with its best and runner-up Annex 2 recommendation, and the share of the
    step's words each holds."""
    out = []
    for _, step in IMPORTANT_STEPS:
        s = words(step)
        scored = sorted(
            ((similarity(s, words(r.text)), r.id) for r in recs),
            key=lambda t: (-t[0][0], -t[0][1], t[1]),
        )
        (best, best_id), (second, second_id) = scored[0], scored[1]
        out.append((step, best_id, best[0], second_id, second[0]))
    return out


def figures(dim_rank: dict[str, int], rec_rank: dict[str, int], vul, well, steps) -> dict:
    vul_ranks = [dim_rank[c] for c in vul]
    step_ranks = [rec_rank[i] for i in steps]
    return {
        "vulnerabilities in the top 5 dimensions": sum(r <= 5 for r in vul_ranks),
        "median rank of the 5 vulnerabilities": statistics.median(vul_ranks),
        "median rank of the 4 well-performing": statistics.median(dim_rank[c] for c in well),
        "median rank of the 7 steps": statistics.median(step_ranks),
        "steps in the top 20 recommendations": sum(r <= 20 for r in step_ranks),
    }


def rankings(store, assessment, inputs, weights: Weights) -> tuple[dict, dict]:
    dims = {d.code: d.rank for d in rank_dimensions(store, assessment, weights)}
    recs = prioritise(inputs.recommendations, inputs.dimensions, inputs.graph, weights)
    return dims, {p.recommendation.id: p.rank for p in recs}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--draws", type=int, default=300)
    args = ap.parse_args()
    if args.source.is_file():
        check_quotes(args.source)
    else:
        print(f"(quotes not checked: {args.source} not found)")

    store = open_store()
    assessment = select_assessment(store, "UA-2018")
    inputs = read_ranking_inputs(store, assessment)
    names = {c: d.name for c, d in inputs.dimensions.items()}
    vul = dimension_codes(names, VULNERABILITIES)
    well = dimension_codes(names, PERFORMED_WELL)
    steps = match_steps(inputs.recommendations)
    dim_rank, rec_rank = rankings(store, assessment, inputs, DEFAULT_WEIGHTS)
    n_dims, n_recs = len(dim_rank), len(rec_rank)

    print(f"\nThe five key vulnerabilities (line 152): rank among {n_dims} dimensions")
    print("| dimension | rank |\n|---|---|")
    for c in vul:
        print(f"| {c} {names[c]} | {dim_rank[c]} |")
    print(f"\nThe four areas that performed well (line 150): rank among {n_dims} dimensions")
    print("| dimension | rank |\n|---|---|")
    for c in well:
        print(f"| {c} {names[c]} | {dim_rank[c]} |")
    print(f"\nThe seven important steps (line 150): rank among {n_recs} recommendations")
    print("| step | matched | words held | runner-up | rank |\n|---|---|---|---|---|")
    for step, best, b, second, s2 in steps:
        print(f"| {step} | {best} | {b:.2f} | {second} ({s2:.2f}) | {rec_rank[best]} |")

    base = figures(dim_rank, rec_rank, vul, well, [s[1] for s in steps])
    rng = random.Random(2018)
    draws = {k: [] for k in base}
    for _ in range(args.draws):
        d, r = rankings(store, assessment, inputs, DEFAULT_WEIGHTS.perturbed(rng, 0.2))
        for k, v in figures(d, r, vul, well, [s[1] for s in steps]).items():
            draws[k].append(v)
    print(f"\nValidity figures, and their 5–95% range under ±20% weights ({args.draws} draws)")
    print("| figure | eggo | 5% | 95% |\n|---|---|---|---|")
    for k, v in base.items():
        q = sorted(draws[k])
        lo, hi = q[int(0.05 * (len(q) - 1))], q[int(0.95 * (len(q) - 1))]
        print(f"| {k} | {v:g} | {lo:g} | {hi:g} |")


if __name__ == "__main__":
    main()
