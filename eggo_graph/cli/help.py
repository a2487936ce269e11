"""How `--help` names values: FILE, CODE, N, table|csv|json, never <bool>, <str> or {code}.

Typer labels every value with its Python type (``--debug <bool>``, ``--set <list[str]>``,
``CODE <str>``) and writes arguments in usage lines as ``{code}`` and ``[[FILE]]``. The command
and group classes below give each parameter a plain metavar instead: none for a flag, the
choices for an enum, the one given in the option, or the click type's name (TEXT, INTEGER,
PATH); and usage lines as click writes them: ``CODE``, ``[FILE]``, ``ID...``. Written for the
typer that pyproject.toml allows (below 0.29).
"""

from __future__ import annotations

import copy
from typing import Any

from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

TYPE_NAMES = {"str": "TEXT", "int": "INTEGER", "float": "NUMBER", "path": "PATH", "file": "PATH"}


class PlainArgument(TyperArgument):
    """An argument shown by its metavar alone, in the table and in the usage line."""

    def get_usage_pieces(self, ctx: Any) -> list[str]:
        name = (self.metavar or (self.name or "value").upper()) + ("..." if self.nargs != 1 else "")
        return [name if self.required else f"[{name}]"]


def _metavar(param: Any, ctx: Any) -> str:
    """The plain name of a value: the choices of an enum, else its type's name (TEXT, N)."""
    # the metavar typer would make, e.g. <int range>, <short|medium>, <list[str]>...
    label = param.make_metavar(ctx).removesuffix("...").strip("<>")
    if label.startswith("list[") and label.endswith("]"):
        label = label[5:-1]
    if "|" in label:
        return label
    if label.endswith(" range"):
        return "N" if label.startswith("int") else "NUMBER"
    return TYPE_NAMES.get(label, label.upper() or "VALUE")


def tidy(params: list[Any], ctx: Any) -> list[Any]:
    """The parameters with plain metavars (see the module's docstring); changed in place."""
    for p in params:
        if isinstance(p, TyperOption):
            if p.is_flag or p.count:
                p.metavar = ""
            elif p.metavar is None:
                p.metavar = _metavar(p, ctx)
        elif isinstance(p, TyperArgument):
            if p.metavar is None:
                p.metavar = (p.name or "value").upper()
            p.__class__ = PlainArgument
            arg: Any = p  # typer's stubs give TyperArgument no click `type`
            if not getattr(arg.type, "unlabelled", False):  # help labels arguments by type
                arg.type = _unlabelled(arg.type)
    return params


def _unlabelled(param_type: Any) -> Any:
    """A copy of a click type that gives no label, so help shows the argument's metavar only."""
    plain = copy.copy(param_type)
    plain.__class__ = type(
        f"Unlabelled{type(param_type).__name__}",
        (type(param_type),),
        {"get_metavar": lambda self, param, ctx: "", "unlabelled": True},
    )
    return plain


def reflow(text: str | None) -> str | None:
    """Help text with each paragraph on one line, for the terminal to wrap: docstrings are
    wrapped at 100 columns in the source, and rich keeps their line breaks."""
    if not text:
        return text
    paragraphs = [" ".join(p.split()) for p in text.strip().split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


class Command(TyperCommand):
    """A typer command whose help names values plainly and flows at any width."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = reflow(self.help)

    def get_params(self, ctx: Any) -> list[Any]:
        return tidy(super().get_params(ctx), ctx)


class Group(TyperGroup):
    """The `eggo` group, with the same plain names."""

    def get_params(self, ctx: Any) -> list[Any]:
        return tidy(super().get_params(ctx), ctx)
