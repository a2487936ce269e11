"""The `eggo` command line: thin commands over the eggo_graph library.

Exit codes: 0 = ok, 1 = findings (used by commands that check), 2 = could not run.
"""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version
from typing import Annotated

import typer
from typer.exceptions import TyperException

from ..errors import printable
from ..render import write
from . import (
    compare,
    deps,
    export,
    generate,
    import_,
    load,
    query,
    recommend,
    reconstruct,
    report,
    score,
    serve,
    show,
    simulate,
    validate,
)
from .common import State
from .help import Command, Group

app = typer.Typer(
    name="eggo",
    cls=Group,
    help="eggo: the eGGO e-government governance assessment as a knowledge graph. Rank its "
    "recommendations, score it, check it, explore who depends on whom, query and serve it. "
    "Every command works on the embedded Ukraine 2018 assessment unless told otherwise; --data "
    "loads more.",
    no_args_is_help=True,
    epilog="Examples:\n\n  eggo recommend --top 10\n\n  eggo score\n\n  eggo deps SEGA\n\n"
    "  eggo show 6.4\n\n  eggo simulate --set 13=100\n\n"
    "  eggo query --list\n\n  eggo serve\n\n  eggo validate\n\n"
    "  eggo score --endpoint http://localhost:7878/query\n\n"
    "Exit codes: 0 ok, 1 findings, 2 could not run.",
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        try:
            write(f"eggo {version('eggo')}\n")
        except PackageNotFoundError:
            write("eggo (not installed)\n")
        raise typer.Exit()


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    _show_version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    State.debug = debug


# The commands, in the order --help lists them; "import" is a Python keyword, so its module is
# import_ and the trailing "_" is dropped.
COMMANDS = (
    recommend,
    score,
    simulate,
    query,
    show,
    deps,
    load,
    serve,
    export,
    report,
    validate,
    import_,
    compare,
    generate,
    reconstruct,
)
for module in COMMANDS:
    function = module.__name__.rsplit(".", 1)[1]
    app.command(name=function.rstrip("_"), epilog=module.EXAMPLES, cls=Command)(
        getattr(module, function)
    )


def main() -> None:
    """Entry point of the `eggo` script: usage errors, too, become one line and exit code 2."""
    try:
        code = app(standalone_mode=False, prog_name="eggo")
    except TyperException as exc:  # click's usage errors, as vendored by typer
        if type(exc).__name__ == "NoArgsIsHelpError":
            exc.show()  # type: ignore[attr-defined]
            sys.exit(0)
        ctx = getattr(exc, "ctx", None)
        where = ctx.command_path if ctx is not None else "eggo"
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        typer.echo(f"eggo: error: {printable(message)} (see '{where} --help')", err=True)
        sys.exit(2)
    except typer.Abort:
        typer.echo("eggo: aborted", err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
