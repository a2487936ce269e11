"""The one writer (eggo_graph.safe_write) and every command that writes through it: only regular
files, never over an existing file without --force (not even one that appears during the write),
the umask respected, nothing left behind, a full disk in one line; and exports that are the same
file for the same data."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import one_error_line

from eggo_graph import safe_write
from eggo_graph.cli import app
from eggo_graph.dataset import open_dataset
from eggo_graph.errors import InputError
from eggo_graph.export import ExportFormat, export_dataset
from eggo_graph.safe_write import TMP_SUFFIX, check_target, write_atomic


@pytest.fixture()
def umask():
    """Set a umask for one test and restore the old one."""
    old = os.umask(0o022)
    yield os.umask
    os.umask(old)


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "afifo"
    os.mkfifo(path)
    return path


def _symlink(tmp_path: Path) -> tuple[Path, Path]:
    real = tmp_path / "real.txt"
    real.write_text("keep me\n")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    return link, real


# ---------------------------------------------------------------- what may be written


@pytest.mark.parametrize("kind", ["device", "fifo", "symlink", "directory"])
def test_non_regular_targets_are_refused_even_with_force(tmp_path, kind):
    if kind == "device":
        target = Path("/dev/null")
        why = "character device"
    elif kind == "fifo":
        target, why = _fifo(tmp_path), "FIFO"
    elif kind == "symlink":
        target, _real = _symlink(tmp_path)
        why = "symbolic link"
    else:
        target, why = tmp_path, "directory"
    before = os.lstat(target)
    with pytest.raises(InputError, match=why):
        write_atomic(target, "data", force=True)
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)


def test_export_refuses_a_device_even_with_force(runner):
    result = runner.invoke(
        app, ["export", "--format", "ttl", "--out", "/dev/null", "--force", "--no-embedded"]
    )
    one_error_line(result, "/dev/null", "character device", "even with --force")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_report_refuses_a_fifo_and_import_a_symlink_even_with_force(runner, tmp_path):
    fifo = _fifo(tmp_path)
    result = runner.invoke(app, ["report", "--out", str(fifo), "--force"])
    one_error_line(result, "afifo", "FIFO")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    real = tmp_path / "real.txt"
    real.write_text("keep me\n")
    link = tmp_path / "template.csv"
    link.symlink_to(real)
    result = runner.invoke(app, ["import", "--template", "--out", str(link), "--force"])
    one_error_line(result, "template.csv", "symbolic link")
    assert real.read_text() == "keep me\n" and link.is_symlink()


def test_a_file_that_appears_during_the_write_is_not_overwritten(tmp_path, monkeypatch):
    target = tmp_path / "out.ttl"
    real_link = os.link

    def racing_link(src, dst, *args, **kwargs):
        Path(dst).write_text("someone else's\n")  # appears between the check and the link
        return real_link(src, dst, *args, **kwargs)

    monkeypatch.setattr(safe_write.os, "link", racing_link)
    with pytest.raises(InputError, match="already exists"):
        write_atomic(target, "mine\n")
    assert target.read_text() == "someone else's\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_without_hard_links_the_name_is_still_created_exclusively(tmp_path, monkeypatch):
    def no_link(src, dst, *args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(safe_write.os, "link", no_link)
    target = tmp_path / "out.ttl"
    write_atomic(target, "mine\n")
    assert target.read_text() == "mine\n"
    with pytest.raises(InputError, match="already exists"):
        write_atomic(target, "again\n")
    assert target.read_text() == "mine\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


# ---------------------------------------------------------------- modes


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_files_get_the_mode_open_would_give(tmp_path, umask, mask, mode):
    umask(mask)
    path = write_atomic(tmp_path / "out.ttl", "data")
    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_every_writing_command_respects_the_umask(runner, tmp_path, umask):
    umask(0o022)
    filled = tmp_path / "filled.csv"
    runs = [
        ["import", "--template", "--prefill", "-a", "UA-2018", "--out", str(filled)],
        ["import", str(filled), "-c", "MD", "-y", "2024", "--out", str(tmp_path / "md.ttl")],
        ["import", "--template", "--out", str(tmp_path / "template.xlsx")],
        ["export", "--no-embedded", "--out", str(tmp_path / "export.trig")],
        ["generate", "--out", str(tmp_path / "gen")],
    ]
    for args in runs:
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output)
    written = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert len(written) == 5
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path
    assert stat.S_IMODE((tmp_path / "gen").stat().st_mode) == 0o755


def test_a_replaced_file_keeps_its_mode(tmp_path):
    target = tmp_path / "out.ttl"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "new", force=True)
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


# ---------------------------------------------------------------- leftovers and errors


def _dead_pid() -> int:
    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(proc.stdout)


def test_a_killed_write_is_cleaned_up_by_the_next_one(tmp_path):
    leftover = tmp_path / f".out.ttl.{_dead_pid()}{TMP_SUFFIX}"
    leftover.write_text("half")
    alive = tmp_path / f".out.ttl.{os.getppid()}{TMP_SUFFIX}"  # a running process: kept
    alive.write_text("in progress")
    write_atomic(tmp_path / "out.ttl", "whole")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["out.ttl", alive.name])


def test_a_write_killed_by_sigkill_leaves_a_file_the_next_run_removes(tmp_path):
    script = (
        "import os, signal, sys\n"
        "from eggo_graph import safe_write\n"
        "def die(*a, **k):\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "safe_write.os.fsync = die\n"
        f"safe_write.write_atomic({str(tmp_path / 'out.ttl')!r}, 'data')\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], check=False)
    assert proc.returncode == -9
    left = [p.name for p in tmp_path.iterdir()]
    assert len(left) == 1 and left[0].endswith(TMP_SUFFIX)
    write_atomic(tmp_path / "out.ttl", "data")
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_a_full_disk_is_one_line_and_leaves_nothing(runner, tmp_path, monkeypatch):
    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safe_write.os, "fsync", full)
    out = tmp_path / "scores.csv"
    result = runner.invoke(app, ["export", "-f", "csv", "--out", str(out)])
    one_error_line(result, "scores.csv", "disk is full", "No space left on device")
    assert "unexpected" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_check_target_needs_the_folder(tmp_path):
    with pytest.raises(InputError, match="folder does not exist"):
        check_target(tmp_path / "missing" / "out.ttl")


# ---------------------------------------------------------------- nothing left behind


@pytest.mark.parametrize("years", ["-3", "0", "99999"])
def test_generate_with_bad_years_leaves_nothing(runner, tmp_path, years):
    out = tmp_path / "g"
    one_error_line(runner.invoke(app, ["generate", "--years", years, "--out", str(out)]), "--years")
    assert not out.exists()


def test_generate_makes_no_chain_of_folders(runner, tmp_path):
    out = tmp_path / "a" / "b"
    one_error_line(runner.invoke(app, ["generate", "--out", str(out)]), "parent folder")
    assert list(tmp_path.iterdir()) == []


def test_report_figures_follow_the_rule_of_out(runner, tmp_path):
    figures = tmp_path / "a" / "b"
    result = runner.invoke(
        app, ["report", "--out", str(tmp_path / "r.html"), "--figures", str(figures)]
    )
    one_error_line(result, "parent folder")
    assert list(tmp_path.iterdir()) == []


def test_report_figures_refuse_a_symlinked_figure(runner, tmp_path):
    figures = tmp_path / "figs"
    figures.mkdir()
    real = tmp_path / "real.svg"
    real.write_text("keep")
    (figures / "areas.svg").symlink_to(real)
    result = runner.invoke(
        app, ["report", "--out", str(tmp_path / "r.html"), "--figures", str(figures), "--force"]
    )
    one_error_line(result, "areas.svg", "symbolic link")
    assert real.read_text() == "keep" and not (tmp_path / "r.html").exists()


# ---------------------------------------------------------------- same data, same file


@pytest.mark.parametrize("fmt", [ExportFormat.trig, ExportFormat.ttl, ExportFormat.jsonld])
def test_exports_are_byte_reproducible(fmt):
    first = export_dataset(open_dataset(), fmt)
    second = export_dataset(open_dataset(), fmt)
    assert b"_:" in first or b'"@id": "_:' in first  # the rules hold blank nodes
    assert first == second
