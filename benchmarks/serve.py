"""Time limits and speed of the two SPARQL servers eggo could use, and of --endpoint.

1. A runaway query (a three-way cross product) against `eggo serve --timeout T` and against the
   `oxigraph` server's `serve-read-only --timeout-s T`: when the answer comes, with which status,
   and whether the body is whole.
2. A small SELECT, sent N times to each server: median latency.
3. `score_table` on the embedded store and through `RemoteStore` against an Oxigraph server.

Usage: python benchmarks/serve.py [--timeout 2] [--requests 50]
Everything runs on 127.0.0.1 with bounded loops. Prints tables; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from servers import free_port, running

from eggo_graph.assessments import select_assessment
from eggo_graph.dataset import open_dataset
from eggo_graph.remote import RemoteStore, push_graphs
from eggo_graph.scores import score_table

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SMALL = "SELECT ?d ?code WHERE { ?d a eggo:Dimension ; skos:notation ?code }"
PREFIXES = "PREFIX eggo: <https://w3id.org/eggo/ontology#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")


def runaway(url: str) -> tuple[float, int, str]:
    start = time.perf_counter()
    r = httpx.post(url, data={"query": RUNAWAY}, timeout=600)
    seconds = time.perf_counter() - start
    if r.status_code != 200:
        body = f"error: {r.text.strip()[:40]}"
    else:
        try:
            json.loads(r.text)
            body = "whole JSON"
        except ValueError:
            body = "cut-off JSON: " + r.text.strip()[-40:]
    return seconds, r.status_code, body


def latency(url: str, n: int) -> float:
    times = []
    with httpx.Client() as client:
        for _ in range(n):
            start = time.perf_counter()
            client.post(url, data={"query": PREFIXES + SMALL}).raise_for_status()
            times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--timeout", type=float, default=2.0)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    console = Console(width=140)

    dataset = open_dataset()
    servers = Table(title=f"Runaway query with a {args.timeout:g} s limit; small query latency")
    for col in ("server", "runaway answered after (s)", "status", "body", "small query (ms)"):
        servers.add_column(col)

    port = free_port()
    eggo = [sys.executable, "-m", "eggo_graph", "serve", "--port", str(port)]
    with running([*eggo, "--timeout", str(args.timeout)], port):
        url = f"http://127.0.0.1:{port}/query"
        s, status, body = runaway(url)
        servers.add_row(
            "eggo serve", f"{s:.2f}", str(status), body, f"{latency(url, args.requests):.1f}"
        )

    with tempfile.TemporaryDirectory() as tmp:
        location = Path(tmp) / "db"
        nq = Path(tmp) / "data.nq"
        nq.write_bytes(ox.serialize(dataset.oxigraph, format=ox.RdfFormat.N_QUADS))
        subprocess.run(
            [OXIGRAPH, "load", "--location", str(location), "--file", str(nq)],
            check=True,
            capture_output=True,
        )
        port = free_port()
        command = [
            OXIGRAPH,
            "serve-read-only",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
        ]
        command += ["--union-default-graph", "--timeout-s", str(max(1, round(args.timeout)))]
        with running(command, port):
            url = f"http://127.0.0.1:{port}/query"
            s, status, body = runaway(url)
            servers.add_row(
                "oxigraph serve-read-only",
                f"{s:.2f}",
                str(status),
                body,
                f"{latency(url, args.requests):.1f}",
            )
    console.print(servers)

    remote = Table(title="score_table: embedded store and --endpoint (Oxigraph server)")
    for col in ("store", "seconds (median of 5)"):
        remote.add_column(col)
    ukraine = select_assessment(dataset, "UA-2018")
    embedded = []
    for _ in range(5):
        start = time.perf_counter()
        score_table(dataset, ukraine)
        embedded.append(time.perf_counter() - start)
    remote.add_row("embedded (pyoxigraph)", f"{statistics.median(embedded):.3f}")
    port = free_port()
    with running([OXIGRAPH, "serve", "--bind", f"127.0.0.1:{port}"], port):
        push_graphs(f"http://127.0.0.1:{port}/store", dataset)
        store = RemoteStore(f"http://127.0.0.1:{port}/query")
        times = []
        for _ in range(5):
            start = time.perf_counter()
            score_table(store, ukraine)
            times.append(time.perf_counter() - start)
        remote.add_row("--endpoint (oxigraph serve)", f"{statistics.median(times):.3f}")
    console.print(remote)


if __name__ == "__main__":
    main()
