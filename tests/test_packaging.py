"""Every third-party package eggo_graph imports is a declared dependency, so that `pip install .`
is enough (the install test reuses this environment's packages and cannot see a missing one)."""

from __future__ import annotations

import ast
import sys
import tomllib

from helpers import REPO

# import name -> distribution name, where they differ
DISTRIBUTIONS = {"yaml": "pyyaml"}


def imported_top_level_modules() -> set[str]:
    found: set[str] = set()
    for path in (REPO / "eggo_graph").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found


def test_third_party_imports_are_declared():
    declared = {
        dep.split(";")[0].split("[")[0].split("<")[0].split(">")[0].split("=")[0].strip().lower()
        for dep in tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    }
    third_party = {
        m
        for m in imported_top_level_modules()
        if m not in sys.stdlib_module_names and m != "eggo_graph"
    }
    assert third_party, "found no imports at all"
    missing = {DISTRIBUTIONS.get(m, m) for m in third_party} - declared
    assert not missing, f"imported but not in [project].dependencies: {sorted(missing)}"
