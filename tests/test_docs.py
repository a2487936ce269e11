"""The README is tested: every command is documented, and every `$ eggo ...` example in a
```console block prints exactly what the README shows (sqlite-utils' test_docs habit)."""

from __future__ import annotations

import re
import shlex

import pytest
from helpers import REPO

from eggo_graph.cli import app

README = (REPO / "README.md").read_text(encoding="utf-8")


def console_examples() -> list[tuple[str, str]]:
    examples = []
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.S):
        parts = re.split(r"^\$ ", block, flags=re.M)
        for part in parts[1:]:
            command, _, output = part.partition("\n")
            examples.append((command.strip(), output))
    return examples


EXAMPLES = console_examples()


def test_readme_has_examples_for_every_command():
    commands = {shlex.split(c)[1] for c, _ in EXAMPLES if c.startswith("eggo ")}
    assert {"score", "simulate", "query", "show", "deps", "recommend", "validate"} <= commands


def test_quick_start_is_two_commands():
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```(?:sh|bash)\n(.*?)```", section, flags=re.S)
    commands = [line for line in block.splitlines() if line.strip() and not line.startswith("#")]
    assert len(commands) == 2
    assert "eggo" in commands[0] and "pytest" in commands[1]


@pytest.mark.parametrize(
    ("command", "expected"),
    [e for e in EXAMPLES if e[0].startswith("eggo ")],
    ids=[c for c, _ in EXAMPLES if c.startswith("eggo ")],
)
def test_readme_example_output(runner, monkeypatch, command, expected):
    monkeypatch.chdir(REPO)  # examples name files relative to the repository
    result = runner.invoke(app, shlex.split(command)[1:])
    want = [line.rstrip() for line in expected.rstrip("\n").splitlines()]
    exit_note = re.fullmatch(r"\(exit code (\d)\)", want[-1]) if want else None
    assert result.exit_code == (int(exit_note.group(1)) if exit_note else 0), result.output
    got = [line.rstrip() for line in result.stdout.splitlines()]
    assert got == (want[:-1] if exit_note else want)
