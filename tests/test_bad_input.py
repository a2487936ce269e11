"""The bad-input corpus (issue 14): every command, against every kind of bad file and bad option,
keeps the contract for bad input:

- exit code 2, and one line on stderr starting "eggo: error:";
- no traceback, no "unexpected ... please report it", nothing on stdout;
- no file or folder left behind, and every file and target unchanged.

The commands are read from the registered typer commands, so a new command is covered as soon
as it is registered: each gets the bad options, each option that reads RDF files (--data,
--bands) gets every bad RDF file, and each --out gets every bad target. Commands are run through
the real entry point (``eggo_graph.cli.main``) in-process, so usage errors are checked too.
"""

from __future__ import annotations

import os
import re
import signal
import stat
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import typer.main

from eggo_graph.cli import app, main
from eggo_graph.queries import catalogue

COMMANDS = typer.main.get_command(app).commands  # type: ignore[attr-defined]

# Values for required parameters, so that a command gets as far as reading its input. A new
# command with required parameters gets "x" for each, which is enough to test its options.
REQUIRED = {("show", "code"): "6.4", ("compare", "a"): "UA-2018", ("compare", "b"): "UA-2018"}
# load needs one of --endpoint and --store (neither is required alone): it gets --endpoint.
REQUIRED_OPTIONS = {("load", "--endpoint"): "http://127.0.0.1:9/store"}
# Inputs that are not RDF: the questionnaire of import, the query file of query.
OTHER_INPUTS = {
    "import": ("file", ".csv", ["--country", "MD", "--year", "2024"]),
    "query": ("name", ".rq", []),
}
RDF_OPTIONS = ("--data", "--bands")
FOLDER_OUTPUTS = {("generate", "--out"), ("report", "--figures")}
# What else a command needs to read --data (query lists its queries without a name).
# serve: any free port, so that a server running on 7878 does not answer first.
DATA_ARGS = {
    "query": [next(iter(catalogue()))],
    "import": ["--template"],
    "deps": ["SEGA"],
    "serve": ["--port", "0"],
}
# What else a command needs for --out to be its only problem.
OUT_ARGS = {"import": ["--template"], "export": ["--no-embedded"]}

HUGE = 16 * 1024 * 1024 + 64  # over pyoxigraph's 16 MB buffer


def _options(name: str) -> dict[str, object]:
    return {o: p for p in COMMANDS[name].params for o in p.opts}


def _base(name: str) -> list[str]:
    """The arguments a command needs besides the one under test."""
    args: list[str] = []
    for p in COMMANDS[name].params:
        if p.param_type_name == "argument" and p.required:
            args.append(REQUIRED.get((name, p.name), "x"))
        elif p.param_type_name == "option" and (
            p.required or (name, p.opts[0]) in REQUIRED_OPTIONS
        ):
            args += [p.opts[0], REQUIRED_OPTIONS.get((name, p.opts[0]), "x")]
    return args


# ---------------------------------------------------------------- the bad files


def _entity_bomb(levels: int = 9) -> str:
    ents = ['<!ENTITY e0 "lol">'] + [
        f'<!ENTITY e{i} "' + f"&e{i - 1};" * 10 + '">' for i in range(1, levels + 1)
    ]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(ents) + "\n]>\n"
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="http://example.org/">\n<rdf:Description rdf:about="http://example.org/a">'
        f"<ex:p>&e{levels};</ex:p></rdf:Description>\n</rdf:RDF>\n"
    )


SYNTAX = {
    ".ttl": "@prefix : <urn:x#> .\n:a :b :c .\n:d :e .\n",
    ".csv": 'benchmark,progress,foresight,status\n1.1,"red,red,ok\n',
    ".rq": "SELECT ?s WHERE { ?s ?p \n",
}
COLUMNS = {
    ".ttl": ("columns.csv", "a,b,c\n1,2,3\n"),  # a table given as RDF
    ".csv": ("columns.csv", "name,colour,size\n1.1,red,3\n"),
    ".rq": ("columns.rq", "benchmark,progress\n1.1,red\n"),  # a table given as a query
}


def _write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def _link(path: Path, to: str | Path) -> Path:
    path.symlink_to(to)
    return path


MAKERS: dict[str, Callable[[Path, str, Path], Path]] = {
    "empty": lambda d, ext, huge: _write(d / f"empty{ext}", ""),
    "garbage": lambda d, ext, huge: _write(d / f"garbage{ext}", bytes(range(256)) * 8),
    "syntax-error": lambda d, ext, huge: _write(d / f"syntax{ext}", SYNTAX[ext]),
    "wrong-columns": lambda d, ext, huge: _write(d / COLUMNS[ext][0], COLUMNS[ext][1]),
    "directory": lambda d, ext, huge: _mkdir(d / f"folder{ext}"),
    "fifo": lambda d, ext, huge: _fifo(d / f"fifo{ext}"),
    "device-null": lambda d, ext, huge: Path("/dev/null"),
    "device-zero": lambda d, ext, huge: _link(d / f"zero{ext}", "/dev/zero"),
    "dangling-symlink": lambda d, ext, huge: _link(d / f"link{ext}", d / "nowhere"),
    "huge-literal": lambda d, ext, huge: huge,
    "entity-bomb": lambda d, ext, huge: _write(d / "bomb.rdf", _entity_bomb()),
}
RDF_ONLY = {"huge-literal", "entity-bomb"}


def _mkdir(path: Path) -> Path:
    path.mkdir()
    return path


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


@pytest.fixture(scope="session")
def huge_file(tmp_path_factory) -> Path:
    """One N-Triples file with a literal over 16 MB, written once per session."""
    path = tmp_path_factory.mktemp("huge") / "huge.nt"
    with path.open("w", encoding="ascii") as fh:
        fh.write('<urn:a> <urn:b> "')
        fh.write("x" * HUGE)
        fh.write('" .\n')
    return path


# ---------------------------------------------------------------- the cases


def _input_cases() -> list[tuple[str, list[str], str, str]]:
    """(command, arguments before the file, file kind, extension) for every input slot."""
    cases = []
    for name in COMMANDS:
        opts = _options(name)
        for option in RDF_OPTIONS:
            if option in opts:
                cases += [(name, [option], kind, ".ttl") for kind in MAKERS]
        if name in OTHER_INPUTS:
            _param, ext, _extra = OTHER_INPUTS[name]
            cases += [(name, [], kind, ext) for kind in MAKERS if kind not in RDF_ONLY]
    return cases


def _output_cases() -> list[tuple[str, str, str, bool]]:
    """(command, option, target kind, --force) for every option that names a place to write."""
    cases = []
    for name in COMMANDS:
        for option in ("--out", "--figures"):
            if option not in _options(name):
                continue
            folder = (name, option) in FOLDER_OUTPUTS
            kinds = ["file" if folder else "directory", "fifo", "device", "symlink"]
            kinds += [] if folder else ["existing"]
            for kind in kinds:
                cases.append((name, option, kind, False))
                if kind in ("fifo", "device", "symlink") and "--force" in _options(name):
                    cases.append((name, option, kind, True))
    return cases


# Whole command lines, positional arguments included.
SPECIAL = [
    ("generate", ["--years", "-3", "--out", "g"]),
    ("generate", ["--years", "99999", "--out", "g"]),
    ("generate", ["--countries", "0", "--out", "g"]),
    ("query", ["benchmark-evidence", "--param", "code=6.4", "--param", "code=6.5"]),
    ("query", ["no-such-query"]),
    ("validate", ["--engine", "nonsense"]),
    ("show", ["99.99"]),
    ("show", ["'; DROP"]),
    ("deps", ["no-such-institution-anywhere"]),
    ("recommend", ["--institution", "'; DROP"]),
    ("compare", ["UA-2018", "<http://evil>"]),
    ("import", ["--template", "--out", "template.txt"]),
    ("serve", ["--host", "0.0.0.0"]),
]


def _option_cases() -> list[tuple[str, list[str]]]:
    """(command, arguments) for bad options; generic ones get the command's required values."""
    cases = [(c, a) for c, a in SPECIAL]
    for name in COMMANDS:
        opts = _options(name)
        cases.append((name, [*_base(name), "--no-such-option"]))
        if "--format" in opts:
            cases.append((name, [*_base(name), "--format", "nonsense"]))
        if "--assessment" in opts:
            cases.append((name, [*_base(name), "--assessment", "XX-1900"]))
        if "--data" in opts:
            cases.append((name, [*_base(name), "--data", "missing.ttl"]))
        if "--set" in opts:
            cases += [(name, [*_base(name), "--set", v]) for v in ("-1=50", "13=150")]
        if "--adopt" in opts:
            cases.append((name, [*_base(name), "--adopt", "99.S9"]))
        if "--top" in opts:
            cases.append((name, [*_base(name), "--top", "0"]))
    return cases


# ---------------------------------------------------------------- the contract


def _snapshot(folder: Path) -> dict[str, tuple]:
    """Every entry under folder (hidden ones too) with what would show a change."""
    seen = {}
    for root, dirs, files in os.walk(folder):
        for entry in dirs + files:
            path = Path(root, entry)
            st = os.lstat(path)
            content = path.read_bytes() if stat.S_ISREG(st.st_mode) and st.st_size < 1e6 else b""
            seen[str(path.relative_to(folder))] = (st.st_mode, st.st_ino, st.st_size, content)
    dev = os.lstat("/dev/null")
    seen["/dev/null"] = (dev.st_mode, dev.st_ino, dev.st_rdev)
    return seen


def _too_slow(_signum, _frame):
    raise TimeoutError("the command did not finish: did it open a FIFO or a device?")


def _run(args: list[str], capfd, monkeypatch) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["eggo", *args])
    capfd.readouterr()
    old = signal.signal(signal.SIGALRM, _too_slow)  # a blocked read fails the case, not the run
    signal.alarm(120)
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    out, err = capfd.readouterr()
    return code, out, err


def _check(
    args: list[str], folder: Path, capfd, monkeypatch, *needles: str, listing: bool = False
) -> str:
    """Run eggo with args and check the contract; listing allows the one documented list of
    lines, a questionnaire's problems (eggo import lists every one, then their total)."""
    before = _snapshot(folder)
    code, out, err = _run(args, capfd, monkeypatch)
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2, (args, code, out, err)
    assert "Traceback" not in err and "please report" not in err, err
    assert not re.search(r"error: unexpected \w+(Error|Exception)", err), err
    if listing and len(lines) > 1:  # a questionnaire's problems: one line each, then the total
        assert all(line.startswith("eggo: error: ") for line in lines), (args, err)
        assert "problems in the questionnaire, nothing was written" in lines[-1], lines[-1]
        lines = lines[-1:]
    assert len(lines) == 1 and lines[0].startswith("eggo: error: "), (args, err)
    assert out == "", (args, out)
    assert _snapshot(folder) == before, args
    for needle in needles:
        assert needle in lines[0], (args, lines[0])
    return lines[0]


@pytest.fixture()
def workdir(tmp_path, monkeypatch) -> Path:
    """The current directory for a case: default outputs (report.html, synthetic/) land here."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


@pytest.mark.parametrize(
    "name, before, kind, ext",
    _input_cases(),
    ids=[f"{c}-{' '.join(b) or 'file'}-{k}" for c, b, k, _ in _input_cases()],
)
def test_bad_file(name, before, kind, ext, workdir, huge_file, capfd, monkeypatch):
    bad = MAKERS[kind](workdir, ext, huge_file)
    extra = OTHER_INPUTS[name][2] if not before and name in OTHER_INPUTS else []
    extra += DATA_ARGS.get(name, []) if before else []
    args = [name, *_base(name), *before, str(bad), *extra]
    if name == "report":
        args += ["--out", "r.html"]
    listing = name == "import" and not before
    _check(args, workdir, capfd, monkeypatch, bad.name, listing=listing)


@pytest.mark.parametrize(
    "name, option, kind, force",
    _output_cases(),
    ids=[f"{c}-{o}-{k}{'-force' if f else ''}" for c, o, k, f in _output_cases()],
)
def test_bad_target(name, option, kind, force, workdir, capfd, monkeypatch):
    folder = (name, option) in FOLDER_OUTPUTS
    real = workdir / ("real" if folder else "real.csv")
    if folder:
        real.mkdir()
    else:
        real.write_text("keep me\n")
    target = {
        "directory": lambda: _mkdir(workdir / "out.csv"),
        "file": lambda: _write(workdir / "out", "keep me\n"),
        "existing": lambda: _write(workdir / "out.csv", "keep me\n"),
        "fifo": lambda: _fifo(workdir / "out.csv"),
        "device": lambda: Path("/dev/null"),
        "symlink": lambda: _link(workdir / "out.csv", real),
    }[kind]()
    args = [name, *_base(name), *OUT_ARGS.get(name, []), option, str(target)]
    if option == "--figures":
        args += ["--out", "r.html"]
    if force:
        args.append("--force")
    _check(args, workdir, capfd, monkeypatch, target.name)


@pytest.mark.parametrize(
    "name, args", _option_cases(), ids=[f"{c}-{' '.join(a)}" for c, a in _option_cases()]
)
def test_bad_option(name, args, workdir, capfd, monkeypatch):
    line = _check([name, *args], workdir, capfd, monkeypatch)
    if "--no-such-option" in args:  # usage errors name the command as the user types it
        assert f"(see 'eggo {name} --help')" in line, line


def test_every_command_is_covered():
    covered = {c for c, *_ in _input_cases()} | {c for c, *_ in _output_cases()}
    assert {c for c, _ in _option_cases()} == set(COMMANDS)
    readers = {n for n in COMMANDS if set(_options(n)) & {*RDF_OPTIONS} or n in OTHER_INPUTS}
    assert readers <= covered
    assert len(COMMANDS) >= 14
