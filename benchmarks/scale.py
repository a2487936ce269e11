"""How eggo scales with the number of assessments: load, validate, score and recommend for
N = 1, 10, 100 and 1000 synthetic assessments (``eggo generate``), each size in a fresh process.

Usage: python benchmarks/scale.py [--sizes 1,10,100,1000] [--from DIR] [--markdown]

``--from DIR`` takes the first N .ttl files of DIR (e.g. ``eggo generate -n 1000 -o DIR``) for
each size instead of generating them anew. After the table it prints each step's growth exponent
between the smallest size of at least 10 and the largest (issue 16 asks ≤ 1.1 for validation
from 10 to 1000).

For each step it prints the wall time, the CPU time, the process's peak memory (RSS) after the
step, and the growth exponent k of the CPU time between consecutive sizes (time ∝ N^k: 1 is
linear, 2 quadratic; CPU time, because wall time on a shared machine measures the neighbours).
It asserts nothing and is not run in CI; the README carries its table.

Steps:
- load: parse the N files into the store, next to the embedded data (ontology, framework,
  Ukraine 2018 and its recommendations);
- validate: ``validation.validate_store(store)``, every rule in rules/ on all assessments;
- score all: ``score_all`` (each scoring query once, for all N + 1 assessments);
- score one: ``score_table`` for one synthetic assessment among them;
- recommend: ``eggo_graph.recommend.rank_recommendations`` for Ukraine 2018, the assessment with
  recommendations, amid the N synthetic ones.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STEPS = ["load", "validate", "score all", "score one", "recommend"]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def validate_step(store):
    """What the validate step runs: eggo validate's rules on everything loaded."""
    from eggo_graph.validation import validate_store

    return "eggo validate", lambda: validate_store(store)


def recommend_step(store):
    """eggo recommend for the embedded assessment (the one with recommendations), amid the N
    synthetic ones; None (skipped) where eggo_graph.recommend does not exist."""
    try:
        from eggo_graph.recommend import rank_recommendations
    except ImportError:
        return None
    from eggo_graph.assessments import select_assessment

    ua = select_assessment(store, "UA-2018")
    return "recommend UA-2018", lambda: rank_recommendations(store, ua)


def child(folder: str) -> None:
    """Measure one size; print one JSON line."""
    from eggo_graph.assessments import list_assessments
    from eggo_graph.scores import score_all, score_table
    from eggo_graph.store import open_store

    files = sorted(Path(folder).glob("*.ttl"))
    out: dict[str, object] = {"n": len(files)}

    def measure(step: str, fn) -> object:
        start, cpu = time.perf_counter(), time.process_time()
        value = fn()
        out[step] = {
            "s": time.perf_counter() - start,
            "cpu": time.process_time() - cpu,
            "mb": peak_mb(),
        }
        return value

    store = measure("load", lambda: open_store(files))  # with the embedded UA-2018
    assessments = list_assessments(store)
    label, fn = validate_step(store)
    out["validate_by"] = label
    measure("validate", fn)
    measure("score all", lambda: score_all(store))
    middle = assessments[len(assessments) // 2]
    measure("score one", lambda: score_table(store, middle))
    rec = recommend_step(store)
    if rec:
        out["recommend_by"] = rec[0]
        measure("recommend", rec[1])
    print(json.dumps(out))


def generate(n: int, folder: Path) -> None:
    from eggo_graph.generate import generate_assessments as make
    from eggo_graph.generate import rating_links
    from eggo_graph.questionnaire import framework_benchmarks
    from eggo_graph.store import open_store

    method = open_store(embedded=False)
    for item in make(framework_benchmarks(method), n, 1, seed=n, links=rating_links(method)):
        (folder / item.file_name).write_text(item.turtle, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,10,100,1000")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--from", dest="source", type=Path, help="take the files from DIR")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    results = []
    err = Console(stderr=True)
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            if args.source is not None:
                for path in sorted(args.source.glob("*.ttl"))[:n]:
                    (Path(tmp) / path.name).symlink_to(path.resolve())
            else:
                with err.status(f"generating {n} assessments"):
                    generate(n, Path(tmp))
            with err.status(f"measuring {n} assessments"):
                proc = subprocess.run(
                    [sys.executable, __file__, "--child", tmp],
                    capture_output=True,
                    text=True,
                    check=True,
                )
            results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    rows = []
    for i, r in enumerate(results):
        for step in STEPS:
            if step not in r:
                continue
            s, cpu, mb = r[step]["s"], r[step]["cpu"], r[step]["mb"]
            growth = ""
            if i:
                prev = results[i - 1]
                if step in prev and prev[step]["cpu"] > 0 and cpu > 0:
                    k = math.log(cpu / prev[step]["cpu"]) / math.log(r["n"] / prev["n"])
                    growth = f"{k:.2f}"
            name = step
            if step == "validate":
                name = f"validate ({r['validate_by']})"
            if step == "recommend":
                name = r["recommend_by"]
            rows.append([f"{r['n']:,}", name, f"{s:.2f}", f"{cpu:.2f}", f"{mb:,.0f}", growth])
    headers = ["assessments", "step", "wall s", "CPU s", "peak MB", "growth k"]
    spans = [r for r in results if r["n"] >= 10]
    overall = []
    if len(spans) >= 2 and spans[-1]["n"] > spans[0]["n"]:
        a, b = spans[0], spans[-1]
        for step in STEPS:
            if step in a and step in b and a[step]["cpu"] > 0 and b[step]["cpu"] > 0:
                k = math.log(b[step]["cpu"] / a[step]["cpu"]) / math.log(b["n"] / a["n"])
                overall.append(f"{step}: k = {k:.2f} from {a['n']:,} to {b['n']:,}")
    if args.markdown:
        print("| " + " | ".join(headers) + " |")
        print("|" + "---|" * len(headers))
        for row in rows:
            print("| " + " | ".join(row) + " |")
        print("\n" + "; ".join(overall))
        return
    table = Table(title="eggo at scale (Oxigraph, in memory; k: time ∝ N^k)")
    for h in headers:
        table.add_column(h, justify="left" if h == "step" else "right")
    for row in rows:
        table.add_row(*row)
    Console().print(table)
    for line in overall:
        print(line)


if __name__ == "__main__":
    main()
