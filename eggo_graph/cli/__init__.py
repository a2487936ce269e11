"""The `eggo` command line: thin commands over the eggo_graph library.

Exit codes: 0 = ok, 1 = findings (used by commands that check), 2 = could not run.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Annotated

import typer

from .common import State
from .query import query
from .score import score
from .show import show
from .simulate import simulate

app = typer.Typer(
    name="eggo",
    help="eggo: the eGGO e-government governance assessment as a knowledge graph. Query it, "
    "score it, simulate scenarios. Every command works on the embedded Ukraine 2018 assessment "
    "unless told otherwise; --data loads more.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        try:
            typer.echo(f"eggo {version('eggo')}")
        except PackageNotFoundError:
            typer.echo("eggo (not installed)")
        raise typer.Exit()


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    _show_version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    State.debug = debug


app.command(name="score")(score)
app.command(name="simulate")(simulate)
app.command(name="query")(query)
app.command(name="show")(show)


def main() -> None:
    """Entry point of the `eggo` script."""
    app()
