"""The one way eggo writes a file: whole or not at all, only ever a regular file, never over an
existing one without ``force``, with the permissions a plain ``open()`` would give.

- **Targets.** A target that exists must be a regular file: a directory, a symbolic link, a
  device, a FIFO or a socket is refused even with ``force`` (replacing one would turn
  ``/dev/something`` into a file, or write where a link points). Its folder must exist.
- **No race.** The data goes to a temporary file in the target's folder, which is then
  hard-linked to the target (``link`` fails if the name appeared meanwhile, so nothing is
  overwritten without ``force``) or, with ``force``, renamed over it (``rename`` is atomic: a
  reader sees the old file or the new one).
- **Modes.** The temporary file is created with mode 0666 minus the umask, like ``open()``; a
  replaced file keeps its mode.
- **Leftovers.** The temporary file is ``.NAME.PID.eggo-tmp``; any error removes it, and a write
  that was killed (no ``finally`` runs on SIGKILL) leaves one that the next write to the same
  folder removes, once its process is gone.
- **Errors** are one line: a full disk says so (ENOSPC), with the file's name.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from .errors import InputError

TMP_SUFFIX = ".eggo-tmp"

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise InputError(f"cannot check the target ({exc.strerror})", str(path)) from exc


def check_target(path: Path, force: bool = False) -> None:
    """Raise InputError unless path can be written: it does not exist, or it is a regular file
    and force is set; and its folder exists. Call it before the work, so the user learns early;
    ``write_atomic`` checks again."""
    path = Path(path)
    st = _lstat(path)
    if st is not None:
        if not stat.S_ISREG(st.st_mode):
            fix = "name a file inside it" if stat.S_ISDIR(st.st_mode) else "name a regular file"
            raise InputError(
                f"is {_kind(st.st_mode)}, and eggo writes only regular files (even with --force)",
                str(path),
                fix,
            )
        if not force:
            raise InputError("the file already exists", str(path), "add --force to overwrite it")
    parent = path.parent
    if not parent.is_dir():
        raise InputError(
            "its folder does not exist", str(path), f"create the folder {parent} first"
        )


def check_folder(folder: Path) -> None:
    """Raise InputError unless folder is an existing folder, or can be made as one (its parent
    exists): the same rule as for a file's folder, so no chain of folders is ever created."""
    folder = Path(folder)
    st = _lstat(folder)
    if st is None:
        if not folder.parent.is_dir():
            raise InputError(
                "its parent folder does not exist", str(folder), f"create {folder.parent} first"
            )
        return
    if not stat.S_ISDIR(st.st_mode):
        raise InputError(
            f"is {_kind(st.st_mode)}, not a folder", str(folder), "name a folder (or a new name)"
        )


def make_folder(folder: Path) -> bool:
    """Create folder (checked by ``check_folder``) if it is missing; True if it was created, so
    that the caller can remove it again with ``remove_if_empty`` when the work fails."""
    folder = Path(folder)
    check_folder(folder)
    try:
        folder.mkdir()
    except FileExistsError:
        check_folder(folder)
        return False
    except OSError as exc:
        raise _os_error(exc, folder) from exc
    return True


def remove_if_empty(folder: Path) -> None:
    """Remove a folder this run created, if nothing is in it."""
    with contextlib.suppress(OSError):
        Path(folder).rmdir()


def _os_error(exc: OSError, path: Path) -> InputError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return InputError(
            f"the disk is full ({exc.strerror})",
            str(path),
            "free some space or write elsewhere; nothing was written",
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return InputError(
            f"cannot write there ({exc.strerror})", str(path), "check the folder's permissions"
        )
    return InputError(f"cannot write the file ({exc.strerror or exc})", str(path))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    except OSError:
        return True
    return True


def clean_leftovers(folder: Path, names: Iterable[str] | None = None) -> list[Path]:
    """Remove the temporary files of killed eggo writes in folder (``.NAME.PID.eggo-tmp`` whose
    process is gone); only for the given target names if given. Returns what was removed."""
    removed: list[Path] = []
    wanted = None if names is None else set(names)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if not (name.startswith(".") and name.endswith(TMP_SUFFIX)):
            continue
        stem, _, pid = name[1 : -len(TMP_SUFFIX)].rpartition(".")
        if not pid.isdigit() or (wanted is not None and stem not in wanted):
            continue
        if int(pid) == os.getpid() or _pid_alive(int(pid)):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(path: Path, data: bytes | str, force: bool = False) -> Path:
    """Write data to path atomically: a reader sees the old file or the new one, never part of
    one. Without force an existing file is left alone, even one that appears during the write.
    Only regular files are ever written (see the module's docstring)."""
    path = Path(path)
    check_target(path, force)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent
    clean_leftovers(folder, [path.name])
    tmp = folder / f".{path.name}.{os.getpid()}{TMP_SUFFIX}"
    try:
        fd = os.open(
            tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666
        )
    except FileExistsError:  # our own leftover from an earlier write in this process
        os.unlink(tmp)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise _os_error(exc, path) from exc
    try:
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(raw)
                fh.flush()
                os.fsync(fh.fileno())
            if force:
                st = _lstat(path)
                if st is not None:
                    if not stat.S_ISREG(st.st_mode):  # it changed since the check
                        check_target(path, force)
                    os.chmod(tmp, stat.S_IMODE(st.st_mode))
                os.replace(tmp, path)
            else:
                _link_new(tmp, path)
        except OSError as exc:
            raise _os_error(exc, path) from exc
        _fsync_dir(folder)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    return path


def _link_new(tmp: Path, path: Path) -> None:
    """Give the finished temporary file the target's name, failing if that name exists."""
    try:
        os.link(tmp, path)  # atomic, and fails if path appeared meanwhile: no silent overwrite
        return
    except FileExistsError:
        raise InputError(
            "the file already exists", str(path), "add --force to overwrite it"
        ) from None
    except OSError as exc:
        if exc.errno not in (
            errno.EPERM,
            errno.ENOTSUP,
            errno.EOPNOTSUPP,
            errno.EMLINK,
            errno.EXDEV,
        ):
            raise
    # A file system without hard links: create the name exclusively, then fill it.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        raise InputError(
            "the file already exists", str(path), "add --force to overwrite it"
        ) from None
    try:
        with os.fdopen(fd, "wb") as out, open(tmp, "rb") as src:
            while chunk := src.read(1 << 20):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise
