"""Re-run every `$ eggo ...` example in README.md's ```console blocks and write their output
back in place. tests/test_docs.py checks that the README and the real output agree.

Usage: python scripts/refresh_readme.py
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

from typer.testing import CliRunner

from eggo_graph.cli import app

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
RUNNER = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"})


EXIT_NOTE = "(exit code {})"  # the last output line of an example that exits 1 (findings)


def run(command: str) -> str:
    result = RUNNER.invoke(app, shlex.split(command)[1:])
    if result.exit_code not in (0, 1):
        raise SystemExit(f"{command!r} failed: {result.output}")
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    if result.exit_code:
        lines.append(EXIT_NOTE.format(result.exit_code))
    return "\n".join(lines) + "\n"


def refresh_block(match: re.Match[str]) -> str:
    parts = re.split(r"^\$ ", match.group(1), flags=re.M)
    out = parts[0]
    for part in parts[1:]:
        command = part.partition("\n")[0].strip()
        out += f"$ {command}\n" + (
            run(command) if command.startswith("eggo ") else part.partition("\n")[2]
        )
    return f"```console\n{out}```"


def main() -> None:
    os.chdir(REPO)  # examples name files relative to the repository, as the tests run them
    text = README.read_text(encoding="utf-8")
    README.write_text(
        re.sub(r"```console\n(.*?)```", refresh_block, text, flags=re.S), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
