"""A store on disk at scale: ``eggo score --store DIR --assessment X`` with 1000 assessments in
the store, next to the embedded single-assessment run (``eggo score``), in one run.

Usage: python benchmarks/store.py [--n 1000] [--folder DIR] [--runs 5] [--markdown]

It writes N synthetic assessments (``eggo generate``; or takes the .ttl files of --folder), times
``eggo load --store`` once, then runs round-robin: ``eggo score`` (the embedded data, parsed),
``eggo score --store DIR --assessment X`` (one assessment among N + 1) and
``eggo score --store DIR --all``. It prints each one's median wall and CPU time and the ratio of
the store run to the embedded run (issue 16's goal: at most 2×). It asserts nothing and is not
run in CI.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import eggo, round_robin, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--folder", type=Path, help="take the assessments from this folder")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    base = eggo()
    err = Console(stderr=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder
        if folder is None:
            folder = Path(tmp) / "assessments"
            with err.status(f"generating {args.n} assessments"):
                subprocess.run(
                    [*base, "generate", "-n", str(args.n), "-s", "1", "-o", str(folder)],
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
        files = sorted(folder.glob("*.ttl"))
        one = files[len(files) // 2].stem.upper()
        store = Path(tmp) / "store"
        with err.status(f"eggo load --store ({len(files)} files)"):
            load = timed([*base, "load", "--store", str(store), "--data", str(folder)])
        argvs = {
            "eggo score (embedded, parsed)": [*base, "score"],
            f"eggo score --store DIR --assessment {one}": [
                *base,
                "score",
                "--store",
                str(store),
                "--assessment",
                one,
            ],
            # CSV: a rich table of the 24,001 rows at 1000 assessments takes longer to lay out
            # than the scoring itself (about 19 s of the 20)
            "eggo score --store DIR --all -f csv": [
                *base,
                "score",
                "--store",
                str(store),
                "--all",
                "--format",
                "csv",
            ],
        }
        wall, cpu = round_robin(argvs, args.runs)
    first = next(iter(argvs))
    rows = [
        [
            f"eggo load --store DIR ({len(files)} files, once)",
            f"{load[0]:.2f}",
            f"{load[1]:.2f}",
            "",
        ]
    ]
    for name in argvs:
        rows.append(
            [name, f"{wall[name]:.2f}", f"{cpu[name]:.2f}", f"{wall[name] / wall[first]:.1f}"]
        )
    header = ["command", "wall s", "CPU s", "× embedded (wall)"]
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|---|---:|---:|---:|")
        for r in rows:
            print("| " + " | ".join(r) + " |")
        return
    t = Table(title=f"A store on disk, {len(files)} assessments + UA-2018, median of {args.runs}")
    for h in header:
        t.add_column(h, justify="left" if h == "command" else "right")
    for r in rows:
        t.add_row(*r)
    Console().print(t)


if __name__ == "__main__":
    main()
