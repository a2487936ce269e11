"""The package's shape: no import cycles, every command's work a public library function, every
module placed in ARCHITECTURE.md, and tests and benchmarks that share helpers, not test modules."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import networkx as nx
import pytest
import typer
from helpers import REPO

import eggo_graph
from eggo_graph.cli import COMMANDS, app

PACKAGE = REPO / "eggo_graph"


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_only(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def imports_of(name: str) -> set[str]:
    """The package modules a module imports, anywhere in it (also inside functions: a late import
    hides a cycle, it does not break it), except under ``if TYPE_CHECKING``."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if _type_checking_only(node, parents):
            continue
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            targets = [f"{base}.{a.name}" for a in node.names] + [base]
        else:
            continue
        found |= {t for t in targets if t in MODULES and t != name}
    return found


def test_the_package_has_no_import_cycles():
    graph = nx.DiGraph()
    for name in MODULES:
        graph.add_node(name)
        graph.add_edges_from((name, target) for target in imports_of(name))
    # a package's __init__ importing its own modules is how packages work, not a cycle
    for name in MODULES:
        for target in list(graph.successors(name)):
            if target.startswith(name + ".") and MODULES[name].name == "__init__.py":
                graph.remove_edge(name, target)
    assert list(nx.simple_cycles(graph)) == []


def test_the_cycle_check_sees_late_imports():
    """The check reads imports inside functions, too (report.py imports its figures late)."""
    assert "eggo_graph.figures.charts" in imports_of("eggo_graph.report")


# ------------------------------------------------------------------ one library API

# Each command and the public function(s) that do its work.
COMMAND_FUNCTIONS = {
    "recommend": ["recommendation_rows", "ranked_view", "dimension_view", "stability_view"],
    "score": ["score_table", "dimension_ranking", "score_all"],
    "simulate": ["simulate", "adopt"],
    "query": ["run", "named_query", "read_query", "catalogue"],
    "show": ["benchmark_detail"],
    "deps": ["find_entity", "dependencies", "list_entities", "role_conflicts"],
    "load": ["open_dataset", "push_graphs", "write_store"],
    "serve": ["serve"],
    "export": ["export_dataset"],
    "report": ["build_report", "write_report"],
    "validate": ["validate_files"],
    "import": ["import_questionnaire"],
    "compare": ["compare_assessments"],
    "generate": ["generate_assessments"],
    "reconstruct": ["reconstruct", "check_reconstruction"],
}


def test_every_name_in_the_api_resolves_to_its_source():
    assert sorted(eggo_graph.__all__) == sorted(eggo_graph._SOURCES)
    # a public name equal to a module's name would be replaced by the module once it is imported
    top = {name.split(".")[1] for name in MODULES if name.count(".") >= 1}
    assert set(eggo_graph.__all__).isdisjoint(top)
    for name, module in eggo_graph._SOURCES.items():
        source = importlib.import_module(f"eggo_graph.{module}")
        assert getattr(eggo_graph, name) is getattr(source, name), name


REGISTERED = list(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_calls_a_public_function(command):
    """Every registered command is listed above, and its CLI module uses its functions, which
    the package exports under the same name."""
    assert command in REGISTERED
    module = importlib.import_module(f"eggo_graph.cli.{command}{'_' * (command == 'import')}")
    tree = ast.parse(inspect.getsource(module))
    imported = {
        (node.module, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level == 2 and node.module
        for alias in node.names
    }
    for function in COMMAND_FUNCTIONS[command]:
        assert function in eggo_graph.__all__, function
        source = eggo_graph._SOURCES[function]
        assert (source, function) in imported, f"eggo {command} does not import {function}"


def test_every_command_is_listed():
    assert set(COMMAND_FUNCTIONS) == set(REGISTERED)


# ------------------------------------------------------------------ the architecture document


def test_architecture_names_every_module():
    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    missing = [
        str(path.relative_to(PACKAGE))
        for path in MODULES.values()
        if f"`{path.relative_to(PACKAGE)}`" not in text
    ]
    assert missing == [], "add these modules to ARCHITECTURE.md"


def test_readme_layout_names_every_top_level_module():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    top = [p.name + ("/" if p.is_dir() else "") for p in PACKAGE.iterdir()]
    top = [
        n
        for n in top
        if n.endswith((".py", "/")) and not n.startswith(("_resources", "__pycache__"))
    ]
    missing = [n for n in top if f"`{n}`" not in layout]
    assert missing == [], "add these to the README's Layout section"


# ------------------------------------------------------------------ tests and benchmarks


def test_tests_and_benchmarks_import_helpers_not_test_modules():
    for path in [*(REPO / "tests").glob("*.py"), *(REPO / "benchmarks").glob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module != "conftest", f"{path.name}: import from helpers"
                assert not node.module.startswith("test_"), f"{path.name} imports {node.module}"
