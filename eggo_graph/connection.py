"""The store a read command works on: the embedded store or a remote SPARQL endpoint.

This sits above both ``store`` and ``remote`` so that neither imports the other's user. The
remote module (httpx, rdflib) is imported only for an endpoint, to keep the embedded start fast.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError
from .store import Store, open_store

if TYPE_CHECKING:
    pass


def connect(
    endpoint: str | None = None, data: Iterable[Path] = (), *, embedded: bool = True
) -> Store:
    """The SPARQL 1.1 endpoint at ``endpoint`` if one is given (see ``remote.RemoteStore``),
    else the embedded store from ``store.open_store``."""
    if endpoint is None:
        return open_store(data, embedded=embedded)
    if list(data):
        raise InputError(
            "--data cannot be combined with --endpoint (the endpoint is read-only)",
            "--data",
            "push the files first with 'eggo load --endpoint STORE-URL --data FILE'",
        )
    from .remote import RemoteStore

    return RemoteStore(endpoint)
