"""Errors a user can act on. Each carries one line: what went wrong, where, and how to fix it."""


class EggoError(Exception):
    """Base class: the command could not run (exit code 2)."""


class InputError(EggoError):
    """A file, option or value given by the user is unusable."""

    def __init__(self, what: str, where: str | None = None, fix: str | None = None) -> None:
        self.what, self.where, self.fix = what, where, fix
        parts = [f"{where}: {what}" if where else what]
        if fix:
            parts.append(fix[:1].upper() + fix[1:])
        super().__init__(". ".join(p.rstrip(".") for p in parts) + ".")


class QueryError(EggoError):
    """A SPARQL query could not be parsed or run."""


class EndpointError(InputError):
    """A remote SPARQL endpoint or graph store could not be reached, timed out or answered with
    an error status. The message names the URL and the status or the timeout."""


def printable(text: str) -> str:
    """text with control and other unprintable characters escaped (``\\x01``, ``\\n``), so that
    an echoed file name or value can neither break the one error line nor send terminal codes."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
