"""Writing output files safely: all or nothing, and never over an existing file unless forced."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import InputError


def check_writable(path: Path, force: bool = False) -> None:
    """Raise InputError if path cannot be written: a directory, an existing file without force,
    or a missing parent folder. Call it before doing the work, so the user learns early."""
    path = Path(path)
    if path.is_dir():
        raise InputError("is a directory, not a file", str(path), "name a file to write")
    if path.exists() and not force:
        raise InputError("the file already exists", str(path), "add --force to overwrite it")
    if not path.parent.is_dir():
        raise InputError("the folder does not exist", str(path.parent), "create it first")


def write_atomic(path: Path, data: bytes | str, force: bool = False) -> Path:
    """Write data to path atomically: a reader sees the old file or the new one, never part of
    one. Without force an existing file is left alone (the check and the write are one step)."""
    path = Path(path)
    check_writable(path, force)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if path appeared meanwhile: no silent overwrite
            except FileExistsError:
                raise InputError(
                    "the file already exists", str(path), "add --force to overwrite it"
                ) from None
            except OSError:  # a file system without hard links
                if path.exists():
                    raise InputError(
                        "the file already exists", str(path), "add --force to overwrite it"
                    ) from None
                os.replace(tmp, path)
    except OSError as exc:
        raise InputError(f"cannot write the file ({exc.strerror})", str(path)) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    return path
