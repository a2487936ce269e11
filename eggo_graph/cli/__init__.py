"""The `eggo` command line: thin commands over the eggo_graph library.

Exit codes: 0 = ok, 1 = findings (used by commands that check), 2 = could not run.

Each command's module is imported only when that command runs (or when the help lists them
all), so ``eggo score`` does not import what ``eggo serve`` or ``eggo report`` need.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import sys
from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path
from typing import Annotated, Any, get_type_hints

import typer
from typer.exceptions import TyperException

from ..errors import printable
from .common import State
from .help import Command, Group

# The commands, in the order the help lists them; each lives in the module of its name
# ("import" is a Python keyword, so its module and function are import_).
COMMANDS = (
    "recommend",
    "score",
    "simulate",
    "query",
    "show",
    "deps",
    "load",
    "serve",
    "export",
    "report",
    "validate",
    "import",
    "compare",
    "generate",
    "reconstruct",
)


# The commands that read the dataset through connect(): they take --store DIR (and EGGO_STORE).
STORE_COMMANDS = {"recommend", "score", "simulate", "query", "show", "deps", "report", "compare"}

StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        metavar="DIR",
        envvar="EGGO_STORE",
        help="Read the store on disk written by 'eggo load --store DIR' instead of parsing the "
        "files (also from EGGO_STORE). A store older than its files is refused, never used.",
        show_default=False,
    ),
]


def _with_store(function: Callable[..., Any]) -> Callable[..., Any]:
    """The command with a --store option: it makes connect() read that store, then runs."""
    from ..connection import use_store

    signature = inspect.signature(function)
    hints = get_type_hints(function, include_extras=True)
    parameters = [
        p.replace(annotation=hints.get(p.name, p.annotation)) for p in signature.parameters.values()
    ]
    parameters.append(
        inspect.Parameter(
            "store", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=StoreOption
        )
    )

    @functools.wraps(function)
    def command(*args: Any, store: Path | None = None, **kwargs: Any) -> Any:
        use_store(store)
        try:
            return function(*args, **kwargs)
        finally:
            use_store(None)

    command.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    command.__annotations__ = {**hints, "store": StoreOption}
    return command


def _load(cmd_name: str) -> typer.core.TyperCommand:
    """The click command of one eggo command, built from its module (imported now)."""
    name = cmd_name + "_" if cmd_name == "import" else cmd_name
    module = importlib.import_module(f"{__name__}.{name}")
    single = typer.Typer(
        add_completion=False,
        rich_markup_mode="rich",
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    function = getattr(module, name)
    if cmd_name in STORE_COMMANDS:
        function = _with_store(function)
    single.command(name=cmd_name, epilog=module.EXAMPLES, cls=Command)(function)
    return typer.main.get_command(single)  # type: ignore[return-value]


class LazyCommands(MutableMapping):
    """The group's commands by name, each built on first access: iterating gives every name
    (in the help's order) without importing anything; looking one up imports its module."""

    def __init__(self) -> None:
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in COMMANDS:
                raise KeyError(name)
            self._built[name] = _load(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (n for n in self._built if n not in COMMANDS)

    def __len__(self) -> int:
        return len(set(COMMANDS) | set(self._built))


class LazyGroup(Group):
    """A command group that imports a command's module on first use (see LazyCommands)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands()


app = typer.Typer(
    cls=LazyGroup,
    name="eggo",
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
        from importlib.metadata import PackageNotFoundError, version

        from ..render import write

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
