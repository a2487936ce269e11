"""Start-up: a command imports only what it uses (issue 16). Checked by the modules a fresh
process has loaded, never by timing (timings are benchmarks/startup.py's job)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from eggo_graph import open_store, score_table, select_assessment

HEAVY = (
    "rdflib",
    "pyshacl",
    "owlready2",
    "networkx",
    "matplotlib",
    "starlette",
    "uvicorn",
    "httpx",
    "scipy",
)

PROBE = """
import json, sys
args, heavy = json.loads(sys.argv[1]), set(json.loads(sys.argv[2]))
sys.argv = ["eggo", *args]
from eggo_graph.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
found = sorted({m.split(".")[0] for m in sys.modules} & heavy)
print("\\nMODULES " + json.dumps({"code": code, "heavy": found}))
"""


def loaded(*args: str) -> tuple[str, dict]:
    """Run eggo with args in a fresh interpreter; its output and which heavy packages it loaded."""
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args)), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    out, _, tail = proc.stdout.rpartition("\nMODULES ")
    assert tail, proc.stderr
    return out, json.loads(tail)


def test_score_imports_no_heavy_package():
    out, found = loaded("score", "--format", "csv")
    assert found["code"] == 0
    store = open_store()
    expected = [
        f"{r.level},{r.code},{r.progress}" for r in score_table(store, select_assessment(store))
    ]
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [f"{r['level']},{r['code']},{r['progress']}" for r in rows] == expected  # it scored
    assert found["heavy"] == []


def test_score_table_imports_no_heavy_package():
    out, found = loaded("score")
    assert found["code"] == 0 and "Overall" in out
    assert found["heavy"] == []


def test_the_probe_sees_heavy_imports():
    """The check can fail: validate reads the rules with rdflib."""
    _, found = loaded("validate", "--format", "csv")
    assert "rdflib" in found["heavy"]


def test_reading_commands_import_no_rdflib():
    """simulate, deps and recommend read rows as text too; recommend needs networkx and numpy
    for the dependency graph, but not scipy (its Katz solve is numpy's)."""
    for args, allowed in (
        (["simulate", "--set", "13=100", "--format", "csv"], set()),
        (["simulate", "--adopt", "13.S1", "--format", "csv"], set()),
        (["deps", "SEGA", "--format", "csv"], set()),
        (["recommend", "--top", "3", "--format", "csv"], {"networkx"}),
    ):
        out, found = loaded(*args)
        assert found["code"] == 0 and out.count("\n") >= 2, (args, out)
        assert set(found["heavy"]) <= allowed, (args, found["heavy"])
    _, found = loaded("recommend", "--top", "1", "--format", "csv")
    assert "networkx" in found["heavy"]  # the probe sees what recommend does import
