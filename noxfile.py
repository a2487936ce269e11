"""Tasks: ``nox -s lint``, ``nox -s type``, ``nox -s test`` (``nox`` alone runs all three).

Each runs in the current environment (``pip install -e '.[test]'`` first), the one CI builds, so
the tools and their versions are the ones pinned in pyproject.toml's ``test`` extra.
"""

from __future__ import annotations

import nox

nox.options.sessions = ["lint", "type", "test"]
nox.options.default_venv_backend = "none"


@nox.session
def lint(session: nox.Session) -> None:
    """ruff: lint and format check."""
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(name="type")
def typecheck(session: nox.Session) -> None:
    """mypy over the package (configured in pyproject.toml)."""
    session.run("mypy")


@nox.session
def test(session: nox.Session) -> None:
    """pytest; extra arguments go to pytest: ``nox -s test -- -x tests/test_cli.py``."""
    session.run("pytest", *session.posargs)
