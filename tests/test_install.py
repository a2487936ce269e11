"""`pip install .` is enough: the wheel ships the ontology, rules, data and queries, and the
installed `eggo` scores the embedded assessment from any directory."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from helpers import GOLDEN, REPO

pytestmark = pytest.mark.slow  # builds a wheel and installs it in a fresh venv


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(REPO),
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0 and "hatchling" in result.stderr:
        result = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
            capture_output=True,
            text=True,
        )
    assert result.returncode == 0, result.stderr
    (whl,) = out.glob("eggo-*.whl")
    return whl


def test_wheel_ships_resources(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for expected in [
        "eggo_graph/_resources/ontology/eggo.ttl",
        "eggo_graph/_resources/data/framework/eggo-framework.ttl",
        "eggo_graph/_resources/data/assessments/ukraine-2018.ttl",
        "eggo_graph/_resources/queries/scores.rq",
        "eggo_graph/_resources/rules/README.md",
        "eggo_graph/templates/report.html.j2",
    ]:
        assert expected in names, expected


def test_installed_eggo_scores_from_another_directory(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    # A fresh environment that borrows this one's dependencies (a path entry, whose .pth files
    # are not run, so an editable eggo here stays invisible there) and gets eggo from the wheel.
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    borrowed = "\n".join(p for p in site.getsitepackages() if Path(p).is_dir())
    (Path(purelib.strip()) / "borrowed-deps.pth").write_text(borrowed + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            "--force-reinstall",
            str(wheel),
        ],
        check=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [str(env_dir / "bin" / "eggo"), "score", "--format", "csv"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (GOLDEN / "score.csv").read_text()
    where = subprocess.run(
        [str(python), "-c", "import eggo_graph; print(eggo_graph.__file__)"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    assert str(env_dir) in where, "the test ran the source tree, not the installed wheel"
