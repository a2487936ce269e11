"""Re-run every `$ eggo ...` example in README.md's ```console blocks and write their output
back in place. tests/test_docs.py checks that the README and the real output agree.

Usage: python scripts/refresh_readme.py
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from typer.testing import CliRunner

from eggo_graph.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"
RUNNER = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"})


def run(command: str) -> str:
    result = RUNNER.invoke(app, shlex.split(command)[1:])
    if result.exit_code != 0:
        raise SystemExit(f"{command!r} failed: {result.output}")
    return "\n".join(line.rstrip() for line in result.stdout.splitlines()) + "\n"


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
    text = README.read_text(encoding="utf-8")
    README.write_text(
        re.sub(r"```console\n(.*?)```", refresh_block, text, flags=re.S), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
