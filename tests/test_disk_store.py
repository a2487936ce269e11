"""A store on disk (issue 16): ``eggo load --store DIR`` once, then ``--store DIR`` (or
EGGO_STORE) on the reading commands; the same numbers as parsing the files, and a stale, foreign
or other-version store refused with one line."""

from __future__ import annotations

import json
import os

import pytest
from helpers import one_error_line

from eggo_graph.assessments import list_assessments
from eggo_graph.cli import app
from eggo_graph.connection import connect
from eggo_graph.disk_store import MANIFEST, open_disk_store
from eggo_graph.queries import named_query, record_key


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """Two synthetic assessments written by eggo generate (the code of eggo import)."""
    folder = tmp_path_factory.mktemp("generated")
    from typer.testing import CliRunner

    result = CliRunner().invoke(
        app, ["generate", "--countries", "2", "--seed", "3", "--out", str(folder)]
    )
    assert result.exit_code == 0, result.output
    files = sorted(folder.glob("*.ttl"))
    assert len(files) == 2
    return files


@pytest.fixture()
def disk(tmp_path, runner, generated):
    """A store on disk with the embedded data and the two generated assessments."""
    target = tmp_path / "store"
    args = ["load", "--store", str(target), "--format", "csv"]
    result = runner.invoke(app, [*args, *[a for f in generated for a in ("--data", str(f))]])
    assert result.exit_code == 0, result.output
    return target


def ids(files):
    return [f.stem.upper() for f in files]


def test_scores_from_the_store_equal_scores_from_the_files(runner, disk, generated):
    for assessment in ids(generated):
        from_store = runner.invoke(
            app, ["score", "--store", str(disk), "-a", assessment, "-f", "csv"]
        )
        from_files = runner.invoke(
            app,
            [
                "score",
                *(a for f in generated for a in ("-d", str(f))),
                "-a",
                assessment,
                "-f",
                "csv",
            ],
        )
        assert from_store.exit_code == 0, from_store.output
        assert from_store.stdout == from_files.stdout
        assert from_store.stdout.count("\n") > 20
    every = runner.invoke(app, ["score", "--all", "--store", str(disk), "-f", "csv"])
    assert every.exit_code == 0 and every.stdout.count("\n") == 1 + 3 * 24
    files = runner.invoke(
        app, ["score", "--all", *(a for f in generated for a in ("-d", str(f))), "-f", "csv"]
    )
    assert every.stdout == files.stdout


def test_score_all_reads_the_answer_recorded_at_load(runner, disk):
    """The scores of every assessment were recorded when the store was written (answers/): a
    damaged record is one error line, which shows that score --all reads it."""
    (disk / "answers" / "scores.json").write_text("{ not json", encoding="utf-8")
    result = runner.invoke(app, ["score", "--all", "--store", str(disk), "-f", "csv"])
    one_error_line(result, "recorded answer", "--force")
    one = runner.invoke(app, ["score", "--store", str(disk), "-a", "UA-2018", "-f", "csv"])
    assert one.exit_code == 0, one.output  # one assessment's scores are queried, not recorded


def test_eggo_store_in_the_environment(runner, disk):
    args = ["show", "6.4", "-a", "UA-2018", "-f", "csv"]
    with_env = runner.invoke(app, args, env={"EGGO_STORE": str(disk)})
    plain = runner.invoke(app, args)
    assert with_env.exit_code == 0 and with_env.stdout == plain.stdout
    # the option wins over the environment
    bad = runner.invoke(
        app, ["show", "6.4", "--store", str(disk / "nope")], env={"EGGO_STORE": str(disk)}
    )
    one_error_line(bad, "no such store folder")


def test_the_default_assessment_of_a_store_is_that_of_its_files(runner, tmp_path, generated):
    """The store remembers which graphs came from --data, so the one default rule picks the
    same assessment from the store as from the files (here the one --data file's, not UA-2018)."""
    store = tmp_path / "one"
    loaded = runner.invoke(app, ["load", "--store", str(store), "--data", str(generated[0])])
    assert loaded.exit_code == 0, loaded.output
    from_store = runner.invoke(app, ["score", "--store", str(store), "-f", "csv"])
    from_files = runner.invoke(app, ["score", "--data", str(generated[0]), "-f", "csv"])
    assert from_store.exit_code == 0, from_store.output
    assert from_store.stdout == from_files.stdout
    assert from_store.stdout != runner.invoke(app, ["score", "-f", "csv"]).stdout


def test_the_store_records_the_assessments_and_the_integrity_check(disk, generated):
    store = open_disk_store(disk)
    for name in ("assessments", "scoring-integrity-violation"):
        assert record_key(named_query(name).text) in store.recorded
    manifest = json.loads((disk / MANIFEST).read_text())
    assert {f["path"] for f in manifest["files"] if not f["shipped"]} == {
        str(f.resolve()) for f in generated
    }
    assert all(len(f["sha256"]) == 64 for f in manifest["files"])


def test_an_unscorable_assessment_is_refused_from_the_record(tmp_path, runner, generated):
    broken = tmp_path / "broken.ttl"
    text = generated[0].read_text()
    # drop one rating's level: the integrity check must name it
    lines = text.splitlines()
    cut = next(i for i, line in enumerate(lines) if "eggo:level" in line)
    lines[cut] = lines[cut].replace("eggo:level", "eggo:comment")
    broken.write_text("\n".join(lines))
    target = tmp_path / "store"
    assert runner.invoke(app, ["load", "--store", str(target), "-d", str(broken)]).exit_code == 0
    result = runner.invoke(app, ["score", "--store", str(target), "-a", generated[0].stem.upper()])
    one_error_line(result, "cannot be scored", "level missing")


def test_a_changed_file_makes_the_store_stale(tmp_path, runner, generated):
    copy = tmp_path / generated[0].name
    copy.write_bytes(generated[0].read_bytes())
    target = tmp_path / "store"
    assert runner.invoke(app, ["load", "--store", str(target), "-d", str(copy)]).exit_code == 0
    os.utime(copy, ns=(0, 10**18))  # touched, not changed: still fresh (the hash decides)
    assert runner.invoke(app, ["score", "--store", str(target), "-f", "csv"]).exit_code == 0
    copy.write_bytes(copy.read_bytes() + b"\n# changed\n")
    result = runner.invoke(app, ["score", "--store", str(target)])
    one_error_line(result, "changed since it was loaded", "--force")
    copy.unlink()
    one_error_line(runner.invoke(app, ["score", "--store", str(target)]), "is gone")


def test_another_eggo_version_is_refused(runner, disk):
    manifest = json.loads((disk / MANIFEST).read_text())
    manifest["eggo"] = "0.0.0-other"
    (disk / MANIFEST).write_text(json.dumps(manifest))
    one_error_line(
        runner.invoke(app, ["score", "--store", str(disk)]), "written by eggo 0.0.0-other"
    )


def test_a_folder_that_is_no_store(tmp_path, runner):
    (tmp_path / "notes.txt").write_text("mine")
    one_error_line(runner.invoke(app, ["score", "--store", str(tmp_path)]), "not an eggo store")
    one_error_line(
        runner.invoke(app, ["load", "--store", str(tmp_path), "--force"]), "holds no eggo store"
    )
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_an_existing_store_is_replaced_only_with_force(runner, disk, generated):
    one_error_line(runner.invoke(app, ["load", "--store", str(disk)]), "Add --force")
    result = runner.invoke(app, ["load", "--store", str(disk), "--force", "-d", str(generated[0])])
    assert result.exit_code == 0, result.output
    store = connect(store=disk)
    assert sorted(a.id for a in list_assessments(store)) == sorted(
        ["UA-2018", generated[0].stem.upper()]
    )
    assert not [p for p in disk.parent.iterdir() if p.name.startswith(".")]  # no leftovers


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (["--data", "x.ttl"], "--data cannot be combined with --store"),
        (["--no-embedded"], "--no-embedded cannot be combined with --store"),
        (["--endpoint", "http://localhost:1/query"], "--store and --endpoint"),
    ],
)
def test_store_with_other_sources_is_refused(runner, disk, extra, needle):
    one_error_line(runner.invoke(app, ["score", "--store", str(disk), *extra]), needle)


def test_generated_recommendations_come_from_the_store(runner, disk, generated):
    """The store is read-only: the recommendation rules ran when it was written, and recommend
    reads their output (the same list as from the files)."""
    for assessment in ids(generated):
        args = ["recommend", "-a", assessment, "--source", "generated", "-n", "5", "-f", "csv"]
        from_store = runner.invoke(app, [*args, "--store", str(disk)])
        from_files = runner.invoke(app, [*args, *(a for f in generated for a in ("-d", str(f)))])
        assert from_store.exit_code == 0, from_store.output
        assert from_store.stdout == from_files.stdout and from_store.stdout.count("\n") == 6


def test_a_file_under_eggos_root_is_shipped_only_if_eggo_ships_it(monkeypatch):
    """A file under eggo's root that eggo does not ship (a checkout's docs/examples/) is the
    user's data: recorded by its own path, so the store is not refused as stale."""
    from eggo_graph import disk_store

    shipped = disk_store.method_files()
    some = shipped[0]
    assert (
        disk_store._shipped(some)
        == some.resolve().relative_to(disk_store.ROOT.resolve()).as_posix()
    )
    monkeypatch.setattr(disk_store, "method_files", lambda: shipped[1:])
    assert disk_store._shipped(some) is None  # still under the root, but not shipped


def test_the_store_folder_respects_the_umask(runner, tmp_path):
    """Built private (0700) in a temporary folder, the store ends with the umask's mode."""
    old = os.umask(0o027)
    try:
        target = tmp_path / "store"
        loaded = runner.invoke(app, ["load", "--store", str(target), "-f", "csv"])
        assert loaded.exit_code == 0, loaded.output
        assert target.stat().st_mode & 0o777 == 0o750
    finally:
        os.umask(old)
