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


_default_store: Path | None = None


def use_store(directory: Path | None) -> None:
    """Make ``connect`` read the store on disk at ``directory`` when it is given no store (the
    command line's ``--store DIR`` and ``EGGO_STORE``); None goes back to parsing the files."""
    global _default_store
    _default_store = None if directory is None else Path(directory)


def connect(
    endpoint: str | None = None,
    data: Iterable[Path] = (),
    *,
    embedded: bool = True,
    store: Path | None = None,
) -> Store:
    """The SPARQL 1.1 endpoint at ``endpoint`` if one is given (see ``remote.RemoteStore``),
    else the store on disk at ``store`` (or the one set by ``use_store``; see ``disk_store``),
    else the embedded store from ``store.open_store``."""
    data = list(data)
    store = _default_store if store is None else Path(store)
    if store is not None:
        return _disk(store, endpoint, data, embedded)
    if endpoint is None:
        return open_store(data, embedded=embedded)
    if data:
        raise InputError(
            "--data cannot be combined with --endpoint (the endpoint is read-only)",
            "--data",
            "push the files first with 'eggo load --endpoint STORE-URL --data FILE'",
        )
    from .remote import RemoteStore

    return RemoteStore(endpoint)


def _disk(directory: Path, endpoint: str | None, data: list[Path], embedded: bool) -> Store:
    if endpoint is not None:
        raise InputError("--store and --endpoint name two stores", "--store", "give one of them")
    if data:
        raise InputError(
            "--data cannot be combined with --store (the store is read-only)",
            "--data",
            f"load the files into the store: 'eggo load --store {directory} --force --data FILE'",
        )
    if not embedded:
        raise InputError(
            "--no-embedded cannot be combined with --store (the store holds what it was "
            "loaded with)",
            "--no-embedded",
            f"write the store with 'eggo load --store {directory} --no-embedded'",
        )
    from .disk_store import open_disk_store

    return open_disk_store(directory)
