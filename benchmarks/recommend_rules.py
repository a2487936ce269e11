"""How good are the recommendation rules, and how do they scale?

1. Ukraine 2018: run the rules as if Annex 2 were not loaded (the assessment and its landscape
   only), rank what they generate, and compare with Annex 2 ranked by the same formula:
   - coverage: of the benchmarks Annex 2 addresses that are not green on both aspects, the share
     the generated list also addresses (target ≥ 90%);
   - extras: generated actions for benchmarks Annex 2 leaves alone, with their ratings;
   - priority agreement: Spearman and Kendall rank correlation of the dimensions, each placed by
     the best rank of its recommendations in each list; and of the shared benchmarks, each placed
     by the best rank of a recommendation addressing it;
   - the report's conclusion ("prioritize consolidation of datacenters"): how many of the
     generated top 5 are data-center actions (dimension 13).
2. Scale: the rules over 1 and over 100 synthetic assessments (eggo generate), best of --repeat.
   Target: 100 assessments cost at most 10 times one.

Usage: python benchmarks/recommend_rules.py [--repeat 3] [--markdown]
Prints tables; it asserts nothing. The figures are what the rules give: no rule is tuned to them.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table
from scipy.stats import kendalltau, spearmanr

from eggo_graph.assessments import select_assessment
from eggo_graph.queries import NamedQuery, run
from eggo_graph.recommend import rank_recommendations, read_ranking_inputs
from eggo_graph.resources import DATA_DIR
from eggo_graph.store import open_store

DATA_CENTERS = "13"  # the dimension of "Data centers" in the eGGO framework
RATINGS = NamedQuery(
    "inline",
    Path("inline.rq"),
    """SELECT ?a ?code ?aspect ?level WHERE {
         ?r a eggo:Rating ; eggo:assessment ?a ; eggo:benchmark/skos:notation ?code ;
            eggo:aspect/rdfs:label ?aspect ; eggo:level/rdfs:label ?level .
       }""",
)


def code_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) for p in code.split("."))


def best_rank(ranked, key) -> dict[str, int]:
    out: dict[str, int] = {}
    for p in ranked:
        for k in key(p.recommendation):
            out.setdefault(k, p.rank)
    return out


def comparison() -> tuple[list[tuple[str, str]], list[dict]]:
    full = open_store()
    ua = select_assessment(full, "UA-2018")
    annex = rank_recommendations(full, ua, inputs=read_ranking_inputs(full, ua, "reported"))
    own = [DATA_DIR / folder / "ukraine-2018.ttl" for folder in ("assessments", "institutions")]
    rules_only = open_store(own, embedded=False)  # the assessment and its landscape, no Annex 2
    ua2 = select_assessment(rules_only, "UA-2018")
    gen = rank_recommendations(
        rules_only, ua2, inputs=read_ranking_inputs(rules_only, ua2, "generated")
    )

    levels: dict[str, dict[str, str]] = {}
    for r in run(full, RATINGS, {"a": ua.term}):
        levels.setdefault(str(r["code"]), {})[str(r["aspect"])] = str(r["level"])
    green_both = {c for c, v in levels.items() if v["progress"] == v["foresight"] == "green"}

    annex_b = best_rank(annex, lambda r: r.benchmarks)
    gen_b = best_rank(gen, lambda r: r.benchmarks)
    target = set(annex_b) - green_both
    covered = target & set(gen_b)
    extras = sorted(set(gen_b) - set(annex_b), key=code_key)

    annex_d = best_rank(annex, lambda r: [r.dimension])
    gen_d = best_rank(gen, lambda r: [r.dimension])
    dims = sorted(set(annex_d) & set(gen_d), key=int)
    shared = sorted(set(annex_b) & set(gen_b))
    rho_d = spearmanr([annex_d[d] for d in dims], [gen_d[d] for d in dims]).statistic
    tau_d = kendalltau([annex_d[d] for d in dims], [gen_d[d] for d in dims]).statistic
    rho_b = spearmanr([annex_b[b] for b in shared], [gen_b[b] for b in shared]).statistic
    top5 = gen[:5]
    dc = sum(p.recommendation.dimension == DATA_CENTERS for p in top5)

    figures = [
        ("generated recommendations (UA-2018, Annex 2 not loaded)", f"{len(gen)}"),
        ("Annex 2 recommendations", f"{len(annex)}"),
        (
            "coverage: Annex 2 benchmarks not green on both, also addressed by the rules",
            f"{len(covered)} of {len(target)} = {100 * len(covered) / len(target):.1f}%",
        ),
        ("missed", ", ".join(sorted(target - covered, key=code_key)) or "none"),
        ("extras: generated for benchmarks Annex 2 leaves alone", f"{len(extras)}"),
        (f"rank correlation by dimension ({len(dims)} dimensions), Spearman", f"{rho_d:.2f}"),
        ("rank correlation by dimension, Kendall", f"{tau_d:.2f}"),
        (f"rank correlation of shared benchmarks ({len(shared)}), Spearman", f"{rho_b:.2f}"),
        (
            "data-center (dimension 13) actions in the generated top 5",
            f"{dc} of 5 ({', '.join(p.recommendation.id for p in top5)})",
        ),
    ]
    extra_rows = [
        {
            "benchmark": c,
            "id": next(p.recommendation.id for p in gen if c in p.recommendation.benchmarks),
            "progress": levels[c].get("progress", ""),
            "foresight": levels[c].get("foresight", ""),
            "rules": ", ".join(
                next(p.recommendation.rules for p in gen if c in p.recommendation.benchmarks)
            ),
        }
        for c in extras
    ]
    return figures, extra_rows


END_TO_END = """
import sys, time
start = time.perf_counter()
from eggo_graph.recommend import recommend_all
from eggo_graph.recommendation_rules import generate
from eggo_graph.store import open_store
store = open_store(sys.argv[1:], embedded=False)
loaded = time.perf_counter()
generate(store)
rules = time.perf_counter()
assert len(recommend_all(store)) == len(sys.argv) - 1
print(loaded - start, rules - loaded, time.perf_counter() - start)
"""


def scale(repeat: int) -> list[tuple[int, float, float, float]]:
    """(assessments, load s, rules s, whole run s): a fresh process per run that imports eggo,
    loads the files, runs the rules once over all of them, and ranks every assessment's list
    (recommend_all: each query once for all assessments)."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "eggo_graph", "generate", "--countries", "100", "--out", tmp],
            check=True,
            capture_output=True,
        )
        files = sorted(str(p) for p in Path(tmp).glob("*.ttl"))
        out = []
        for n in (1, 100):
            runs = []
            for _ in range(repeat):
                done = subprocess.run(
                    [sys.executable, "-c", END_TO_END, *files[:n]],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                runs.append(tuple(float(x) for x in done.stdout.split()))
            best = min(runs, key=lambda r: r[2])
            out.append((n, *best))
        return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args()
    figures, extras = comparison()
    timings = scale(args.repeat)
    rules_ratio = timings[1][2] / timings[0][2]
    ratio = timings[1][3] / timings[0][3]
    if args.markdown:
        print("| UA-2018: rules vs Annex 2 | figure |\n|---|---|")
        for k, v in figures:
            print(f"| {k} | {v} |")
        cols = ("benchmark", "id", "progress", "foresight", "rules")
        print("\n| extra benchmark | generated id | progress | foresight | rules |")
        print("|---|---|---|---|---|")
        for e in extras:
            print("| " + " | ".join(e[c] for c in cols) + " |")
        print("\n| assessments | load (s) | rules (s) | whole run (s) |\n|---|---|---|---|")
        for n, load, rules, whole in timings:
            print(f"| {n} | {load:.2f} | {rules:.2f} | {whole:.2f} |")
        print(
            f"\nRecommending for 100 assessments at once costs {ratio:.1f}× one (target ≤ 10×);"
            f" the rules alone cost {rules_ratio:.0f}× (they infer 100 times as much)."
        )
        return
    console = Console()
    t = Table(title="UA-2018: the recommendation rules against Annex 2")
    t.add_column("measure")
    t.add_column("figure", justify="right")
    for k, v in figures:
        t.add_row(k, v)
    console.print(t)
    t = Table(title="Extras: generated for benchmarks Annex 2 leaves alone")
    for col in ("benchmark", "id", "progress", "foresight", "rules"):
        t.add_column(col)
    for e in extras:
        t.add_row(*(e[c] for c in ("benchmark", "id", "progress", "foresight", "rules")))
    console.print(t)
    t = Table(title=f"Recommending for many assessments at once (best of {args.repeat})")
    for col in ("assessments", "load s", "rules s", "whole run s"):
        t.add_column(col, justify="right")
    for n, load, rules, whole in timings:
        t.add_row(str(n), f"{load:.2f}", f"{rules:.2f}", f"{whole:.2f}")
    t.caption = (
        f"100 assessments cost {ratio:.1f}× one (target ≤ 10×); the rules alone "
        f"{rules_ratio:.0f}×. A fresh process each: imports, load, rules, ranking of every list."
    )
    console.print(t)


if __name__ == "__main__":
    main()
