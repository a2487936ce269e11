"""`eggo score --all` on N synthetic assessments: embedded, and through --endpoint on Virtuoso.

1. Start a private Virtuoso Open Source 7 (Debian's ``virtuoso-t``) on a fresh database in a
   temporary folder, on its own ports, from the system's ``virtuoso.ini`` with two limits raised:
   ``ResultSetMaxRows`` (10,000 by default: ``score --all`` at 1000 assessments has 24,001 rows,
   and eggo refuses a cut answer) and ``MaxQueryExecutionTime`` (60 s by default). Or, with
   ``--url``, use a running Virtuoso as it is configured (the synthetic graphs are deleted
   from it afterwards).
2. Generate N synthetic assessments (``eggo generate``'s library, seed N) and push them with the
   embedded data (``eggo load``'s library, user dba, the password from EGGO_ENDPOINT_PASSWORD,
   default dba), with a progress bar.
3. Time ``eggo score --all --format csv`` embedded (``--data`` every file) and through
   ``--endpoint``, each in a fresh process, and check that both print the same.

Usage: python benchmarks/virtuoso.py [--sizes 10,100,1000] [--url http://127.0.0.1:8890]
Prints a table; asserts nothing. The figures in the README's scale table come from here.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from eggo_graph.dataset import open_dataset
from eggo_graph.remote import credentials, push_graphs

SYSTEM_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
LIMITS = {"ResultSetMaxRows": "1000000", "MaxQueryExecutionTime": "600"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def private_virtuoso(err: Console) -> Iterator[str]:
    """A Virtuoso on a fresh database in a temporary folder; yields its base URL."""
    binary = shutil.which("virtuoso-t") or "/usr/bin/virtuoso-t"
    if not Path(binary).exists() or not SYSTEM_INI.exists():
        sys.exit(f"no Virtuoso here ({binary}, {SYSTEM_INI}); install virtuoso-opensource")
    with tempfile.TemporaryDirectory(prefix="eggo-virtuoso-") as tmp:
        sql_port, http_port = free_port(), free_port()
        ini = SYSTEM_INI.read_text(encoding="utf-8")
        ini = ini.replace("/var/lib/virtuoso-opensource-7/db/", f"{tmp}/")
        section = None
        lines = []
        for line in ini.splitlines():
            if line.startswith("["):
                section = line.strip()
            key = line.split("=")[0].strip()
            if key == "ServerPort" and section == "[Parameters]":
                line = f"ServerPort = {sql_port}"
            elif key == "ServerPort" and section == "[HTTPServer]":
                line = f"ServerPort = {http_port}"
            elif key in LIMITS and section == "[SPARQL]":
                line = f"{key} = {LIMITS[key]}"
            lines.append(line)
        config = Path(tmp) / "virtuoso.ini"
        config.write_text("\n".join(lines) + "\n", encoding="utf-8")
        log = (Path(tmp) / "out.log").open("w")
        server = subprocess.Popen(
            [binary, "+foreground", "+configfile", str(config)], stdout=log, stderr=log
        )
        url = f"http://127.0.0.1:{http_port}"
        try:
            with err.status("starting a private Virtuoso"):
                for _ in range(120):
                    with contextlib.suppress(httpx.HTTPError):
                        if httpx.get(f"{url}/sparql", params={"query": "ASK {}"}).is_success:
                            break
                    if server.poll() is not None:
                        sys.exit(f"Virtuoso did not start: see {log.name}")
                    time.sleep(0.5)
                else:
                    sys.exit("Virtuoso did not answer within 60 s")
            yield url
        finally:
            server.terminate()
            server.wait(timeout=60)
            log.close()


def generate(n: int, folder: Path) -> list[Path]:
    from eggo_graph.generate import generate_assessments, rating_links
    from eggo_graph.questionnaire import framework_benchmarks
    from eggo_graph.store import open_store

    method = open_store(embedded=False)
    made = generate_assessments(framework_benchmarks(method), n, 1, n, rating_links(method))
    files = []
    for item in made:
        path = folder / item.file_name
        path.write_text(item.turtle, encoding="utf-8")
        files.append(path)
    return files


def push(store_url: str, files: list[Path], err: Console) -> tuple[float, list[str]]:
    """Seconds to push the dataset with the files, graph by graph, and the graphs pushed."""
    dataset = open_dataset(files)
    graphs = dataset.graphs()
    start = time.perf_counter()
    with Progress(console=err, transient=True) as bar:
        task = bar.add_task(f"pushing {len(graphs)} graphs", total=len(graphs))
        pushed = push_graphs(
            store_url,
            dataset,
            progress=lambda _graph: bar.advance(task),
            auth=credentials("dba"),
        )
    return time.perf_counter() - start, [p.graph for p in pushed]


def timed(command: list[str], env: dict[str, str]) -> tuple[float | str, str]:
    """Seconds and stdout; a failure as its message."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        return f"failed after {seconds:.0f} s: {done.stderr.strip()[-120:]}", ""
    return seconds, done.stdout


def shown(value: float | str) -> str:
    return f"{value:.1f}" if isinstance(value, float) else value


def run(url: str, sizes: list[int], shared: bool, err: Console) -> Table:
    env = {**os.environ, "EGGO_ENDPOINT_TIMEOUT": os.environ.get("EGGO_ENDPOINT_TIMEOUT", "600")}
    eggo = [sys.executable, "-m", "eggo_graph"]
    table = Table(title=f"eggo score --all: embedded and through Virtuoso at {url}")
    for column in ("assessments", "push (s)", "embedded (s)", "Virtuoso (s)", "same output"):
        table.add_column(column, justify="right")
    store = f"{url}/sparql-graph-crud-auth"
    auth = httpx.DigestAuth("dba", os.environ["EGGO_ENDPOINT_PASSWORD"])
    shipped = set(open_dataset().graphs())
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            with err.status(f"generating {n} assessments"):
                files = generate(n, Path(tmp))
            pushed: list[str] = []
            try:
                seconds, pushed = push(store, files, err)
                data = [a for f in files for a in ("--data", str(f))]
                with err.status(f"scoring {n} assessments embedded"):
                    embedded, local = timed([*eggo, "score", "--all", "-f", "csv", *data], env)
                with err.status(f"scoring {n} assessments through Virtuoso"):
                    remote, through = timed(
                        [*eggo, "score", "--all", "-f", "csv", "-e", f"{url}/sparql"], env
                    )
            finally:  # the next size (and a shared store) holds only the embedded graphs
                with err.status("deleting the synthetic graphs"), httpx.Client(auth=auth) as c:
                    for graph in (g for g in pushed if g not in shipped):
                        c.delete(store, params={"graph": graph})
            table.add_row(
                str(n),
                shown(seconds),
                shown(embedded),
                shown(remote),
                "yes" if local and local == through else "NO",
            )
            err.print(f"{n} assessments: done")
    if shared:
        table.caption = "a running Virtuoso, with its own limits"
    else:
        table.caption = ", ".join(f"{k} = {v}" for k, v in LIMITS.items())
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--url", help="a running Virtuoso (default: start a private one)")
    args = parser.parse_args()
    sizes = [int(s) for s in re.split(r"[,\s]+", args.sizes.strip())]
    os.environ.setdefault("EGGO_ENDPOINT_PASSWORD", "dba")
    err = Console(stderr=True)
    if args.url:
        table = run(args.url.rstrip("/"), sizes, True, err)
    else:
        with private_virtuoso(err) as url:
            table = run(url, sizes, False, err)
    Console().print(table)


if __name__ == "__main__":
    main()
