"""`eggo score --all` on N synthetic assessments: embedded, and through --endpoint on Virtuoso.

1. Generate N synthetic assessments (``eggo generate``'s library, seed N).
2. Push them with the embedded data to Virtuoso (``eggo load --user dba``, the password from
   EGGO_ENDPOINT_PASSWORD, default dba), and time the push.
3. Time ``eggo score --all --format csv`` embedded (``--data`` every file) and through
   ``--endpoint``, and check that both print the same.
4. Delete the pushed synthetic graphs again (Graph Store Protocol DELETE), so the store holds
   only what it held before (the embedded graphs stay; eggo load replaces them anyway).

Usage: python benchmarks/virtuoso.py [--sizes 10,100,1000] [--url http://127.0.0.1:8890]
Needs a running Virtuoso (``service virtuoso-opensource-7 start``). Prints a table; asserts
nothing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

from eggo_graph.dataset import open_dataset


def generate(n: int, folder: Path) -> list[Path]:
    from eggo_graph.generate import generate as make
    from eggo_graph.generate import rating_links
    from eggo_graph.questionnaire import framework_benchmarks
    from eggo_graph.store import open_store

    method = open_store(embedded=False)
    files = []
    for item in make(framework_benchmarks(method), n, 1, seed=n, links=rating_links(method)):
        path = folder / item.file_name
        path.write_text(item.turtle, encoding="utf-8")
        files.append(path)
    return files


def timed(command: list[str], env: dict[str, str]) -> tuple[float | str, str]:
    """Seconds and stdout; a failure (e.g. the endpoint's 60 s timeout) as its message."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        return f"failed after {seconds:.0f} s: {done.stderr.strip()[-80:]}", ""
    return seconds, done.stdout


def shown(value: float | str) -> str:
    return f"{value:.1f}" if isinstance(value, float) else value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--url", default="http://127.0.0.1:8890")
    args = parser.parse_args()
    url = args.url.rstrip("/")
    env = {**os.environ, "EGGO_ENDPOINT_PASSWORD": os.environ.get("EGGO_ENDPOINT_PASSWORD", "dba")}
    eggo = [sys.executable, "-m", "eggo_graph"]
    err = Console(stderr=True)
    table = Table(title=f"eggo score --all: embedded and through Virtuoso at {url}")
    for column in ("assessments", "push (s)", "embedded (s)", "Virtuoso (s)", "same output"):
        table.add_column(column, justify="right")
    auth = httpx.DigestAuth("dba", env["EGGO_ENDPOINT_PASSWORD"])
    for n in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            with err.status(f"generating {n} assessments"):
                files = generate(n, Path(tmp))
            data = [a for f in files for a in ("--data", str(f))]
            store = f"{url}/sparql-graph-crud-auth"
            with err.status(f"pushing {n} assessments"):
                push, pushed = timed(
                    [*eggo, "load", "-e", store, "--user", "dba", "-f", "csv", *data], env
                )
            try:
                with err.status("scoring embedded"):
                    embedded, local = timed([*eggo, "score", "--all", "-f", "csv", *data], env)
                with err.status("scoring through Virtuoso"):
                    remote, through = timed(
                        [*eggo, "score", "--all", "-f", "csv", "-e", f"{url}/sparql"], env
                    )
            finally:
                shipped = set(open_dataset().graphs())
                synthetic = [
                    line.split(",")[0]
                    for line in pushed.splitlines()[1:]
                    if line.split(",")[0] not in shipped
                ]
                with err.status("deleting the synthetic graphs"), httpx.Client(auth=auth) as c:
                    for graph in synthetic:
                        c.delete(store, params={"graph": graph})
            table.add_row(
                str(n),
                shown(push),
                shown(embedded),
                shown(remote),
                "yes" if local and local == through else "NO",
            )
    Console().print(table)


if __name__ == "__main__":
    main()
