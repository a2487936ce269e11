"""Options shared by the commands, and the one place where errors become exit code 2."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer.exceptions import TyperException

from ..errors import EggoError, printable
from ..render import OutputFormat

F = TypeVar("F", bound=Callable[..., Any])


class State:
    """Global flags set by the top-level callback."""

    debug: bool = False


DataOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--data",
        "-d",
        metavar="FILE",
        help="An RDF file to load besides the embedded data (Turtle, N-Triples, TriG, N-Quads, "
        "JSON-LD, RDF/XML). Repeat for more files.",
        show_default=False,
    ),
]
NoEmbeddedOption = Annotated[
    bool,
    typer.Option(
        "--no-embedded",
        help="Leave out the embedded Ukraine 2018 assessment (the ontology and the framework "
        "are always loaded).",
    ),
]
AssessmentOption = Annotated[
    str | None,
    typer.Option(
        "--assessment",
        "-a",
        metavar="ID",
        help="Which assessment, as COUNTRY-YEAR (e.g. UA-2018) or IRI. Default: the only one "
        "loaded, else the embedded UA-2018.",
        show_default=False,
    ),
]
EndpointOption = Annotated[
    str | None,
    typer.Option(
        "--endpoint",
        "-e",
        metavar="URL",
        help="Run the queries on this SPARQL 1.1 query endpoint instead of the embedded store, "
        "e.g. http://localhost:7878/query (push the data there with 'eggo load').",
        show_default=False,
    ),
]


def format_option(*allowed: str, help: str | None = None) -> Any:
    """The --format option of a command: some formats of the one family (render.OutputFormat),
    in any case, named in --help as table|csv|json."""
    choices = [OutputFormat(a) for a in allowed]

    def parse(value: str | OutputFormat) -> OutputFormat:
        if isinstance(value, OutputFormat):
            return value
        for choice in choices:
            if choice.value == value.strip().lower():
                return choice
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(allowed)}")

    return typer.Option(
        "--format",
        "-f",
        parser=parse,
        metavar="|".join(allowed),
        help=help or "Output format: a table for people, or csv or json for programs.",
    )


FormatOption = Annotated[OutputFormat, format_option("table", "csv", "json")]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print one error line to stderr and return the Exit to raise."""
    typer.echo(f"eggo: error: {printable(message)}", err=True)
    return typer.Exit(code)


def handle_errors(command: F) -> F:
    """Turn EggoError (and unexpected errors) into one line on stderr and exit code 2.

    With --debug the traceback is shown instead.
    """

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, TyperException):  # usage errors: main() prints them
            raise
        except EggoError as exc:
            if State.debug:
                raise
            raise fail(str(exc)) from None
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(0) from None
        except Exception as exc:
            if State.debug:
                raise
            raise fail(
                f"unexpected {type(exc).__name__}: {exc} (run with --debug for the traceback, "
                "and please report it)"
            ) from None

    return wrapper  # type: ignore[return-value]
