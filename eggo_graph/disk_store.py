"""A store on disk: ``eggo load --store DIR`` parses the files once, and every command reads the
result with ``--store DIR`` (or ``EGGO_STORE=DIR``) instead of parsing them again.

DIR holds an Oxigraph (RocksDB) store in ``oxigraph/`` and its manifest, ``eggo-store.json``:
the eggo version that wrote it, every file loaded (path, size, modification time, SHA-256, its
graphs, whether it is shipped with eggo), and the answers of two unbound queries recorded at
load time: the assessments (``assessments.rq``) and the integrity check
(``scoring-integrity-violation.rq``), so that scoring one assessment among 1000 neither lists
nor checks the other 999 again. The integrity check thus runs once per load, not per command.

Opening checks the manifest before any query: a folder that is not an eggo store, a store
written by another eggo version, a loaded file that changed or is gone, or shipped data that
changed (another eggo, an edited checkout) each give one error line (exit code 2) naming the
cause and the command that rebuilds the store, never numbers from stale data. A file whose size
and modification time are unchanged is trusted, as make and git do; otherwise its SHA-256
decides. The store is opened read-only, so commands never change it.

Writing builds the new store in a temporary folder beside DIR and moves it into place only when
complete, so an interrupted load leaves no half-written store; an existing store is replaced only
with ``force``, and a folder that is not an eggo store is never replaced.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError
from .load import ScannedFile
from .queries import named_query, record_key, run_text
from .resources import ROOT, assessment_files, method_files
from .safe_write import write_atomic
from .store import OxigraphStore, Rows, open_store

MANIFEST = "eggo-store.json"
FORMAT = 1  # the manifest's layout; a change makes older stores foreign
RECORDED = ("assessments", "scoring-integrity-violation")
# Larger unbound answers, each in a file of its own under answers/, read only by the command that
# asks: the scores of every assessment (eggo score --all), 24,000 rows at 1000 assessments.
ANSWERS = ("scores",)


def eggo_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("eggo")
    except PackageNotFoundError:
        return "unknown"


@dataclass(frozen=True)
class LoadedFile:
    """One file in a store's manifest."""

    path: str  # absolute; for a shipped file, relative to eggo's data root
    shipped: bool
    size: int
    mtime_ns: int
    sha256: str
    graphs: list[str]

    def location(self) -> Path:
        return ROOT / self.path if self.shipped else Path(self.path)


@dataclass(frozen=True)
class Manifest:
    """What a store on disk holds and how it was made."""

    eggo: str
    format: int
    embedded: bool
    files: list[LoadedFile]
    embedded_assessments: list[str]
    recorded: dict[str, dict]  # query name -> {"key", "columns", "rows"}
    data_graphs: list[str] = field(default_factory=list)  # of the --data files (default rule)
    answers: dict[str, str] = field(default_factory=dict)  # query name -> key, in answers/

    @property
    def assessments(self) -> int:
        return len(self.recorded.get("assessments", {}).get("rows", []))

    @property
    def problems(self) -> int:
        return len(self.recorded.get("scoring-integrity-violation", {}).get("rows", []))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _shipped(path: Path, shipped: set[Path] | None = None) -> str | None:
    """The path relative to eggo's data root if the file ships with eggo, else None. A file that
    merely lies under the root (a checkout's docs/examples/) is the user's data, not shipped."""
    resolved = path.resolve()
    if resolved not in (shipped if shipped is not None else _shipped_files()):
        return None
    return resolved.relative_to(ROOT.resolve()).as_posix()


def _shipped_files() -> set[Path]:
    return {p.resolve() for p in method_files() + assessment_files()}


def _record(path: Path, scanned: ScannedFile, shipped_files: set[Path]) -> LoadedFile:
    shipped = _shipped(path, shipped_files)
    stat = path.stat()
    return LoadedFile(
        path=shipped or str(path.resolve()),
        shipped=shipped is not None,
        size=stat.st_size,
        mtime_ns=stat.st_mtime_ns,
        sha256=_sha256(path),
        graphs=list(scanned.graphs),
    )


def _rebuild(directory: Path) -> str:
    return f"rebuild it with 'eggo load --store {directory} --force' (and the same --data files)"


def _check_target(directory: Path, force: bool) -> None:
    if directory.is_symlink() or (directory.exists() and not directory.is_dir()):
        raise InputError("is not a folder", str(directory), "name a new or empty folder")
    if not directory.exists() or not any(directory.iterdir()):
        if not directory.parent.is_dir():
            raise InputError("the folder does not exist", str(directory.parent), "create it first")
        return
    if not (directory / MANIFEST).is_file():
        raise InputError(
            "the folder is not empty and holds no eggo store",
            str(directory),
            "name a new or empty folder",
        )
    if not force:
        raise InputError(
            "an eggo store is already there", str(directory), "add --force to replace it"
        )


def write_store(
    directory: Path,
    data: Iterable[Path] = (),
    *,
    embedded: bool = True,
    force: bool = False,
    progress: Callable[[Path], None] | None = None,
) -> Manifest:
    """Load the ontology, the framework, the shipped assessments (unless embedded is False) and
    the data files into a new store on disk at ``directory``, record its manifest, and return it.
    ``progress`` is told of each file loaded."""
    directory = Path(directory)
    _check_target(directory, force)
    parent = directory.resolve().parent
    build = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", suffix=".tmp", dir=parent))
    try:
        files: list[LoadedFile] = []
        shipped_files = _shipped_files()

        def loaded(path: Path, scanned: ScannedFile) -> None:
            files.append(_record(path, scanned, shipped_files))
            if progress is not None:
                progress(path)

        target = OxigraphStore(ox.Store(str(build / "oxigraph")))
        target.bulk = True  # the folder is private until it is moved into place
        store = open_store(data, embedded=embedded, into=target, progress=loaded)
        recorded = {}
        for name in RECORDED:  # checked once, here, not by every command
            q = named_query(name)
            rows = run_text(store, q)
            recorded[name] = {
                "key": record_key(q.text),
                "columns": rows.columns,
                "rows": [dict(r) for r in rows],
            }
        answers = {}
        (build / "answers").mkdir()
        for name in ANSWERS:
            q = named_query(name)
            rows = run_text(store, q)
            answers[name] = record_key(q.text)
            write_atomic(
                build / "answers" / f"{name}.json",
                json.dumps({"columns": rows.columns, "rows": [dict(r) for r in rows]}),
            )
        # the recommendation rules' output too: a store on disk is opened read-only, so
        # eggo recommend --source generated reads it instead of inferring it per command
        from .recommendation_rules import generate

        generate(store)
        store.oxigraph.flush()
        manifest = Manifest(
            eggo=eggo_version(),
            format=FORMAT,
            embedded=embedded,
            files=files,
            embedded_assessments=store.embedded_assessments,
            recorded=recorded,
            data_graphs=store.data_graphs,
            answers=answers,
        )
        del store
        write_atomic(build / MANIFEST, json.dumps(asdict(manifest), indent=1) + "\n")
        old = None
        if directory.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", suffix=".old", dir=parent))
            os.replace(directory, old / "store")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(build, 0o777 & ~umask)  # private while built (mkdtemp's 0700), then as any folder
        os.replace(build, directory)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    return manifest


def read_manifest(directory: Path) -> Manifest:
    """The manifest of the store at ``directory``, checked against this eggo and the files it
    was loaded from; InputError (one line) if it is not a store, foreign or stale."""
    directory = Path(directory)
    where = str(directory)
    if not directory.is_dir():
        raise InputError("no such store folder", where, "write one with 'eggo load --store DIR'")
    try:
        raw = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            f"not an eggo store (no {MANIFEST})", where, "write one with 'eggo load --store DIR'"
        ) from None
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {MANIFEST} ({exc})", where, _rebuild(directory)) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise InputError("the store's manifest is of another format", where, _rebuild(directory))
    if raw.get("eggo") != eggo_version():
        raise InputError(
            f"the store was written by eggo {raw.get('eggo')}, this is eggo {eggo_version()}",
            where,
            _rebuild(directory),
        )
    try:
        manifest = Manifest(**{**raw, "files": [LoadedFile(**f) for f in raw["files"]]})
    except (KeyError, TypeError) as exc:
        raise InputError(
            f"the store's manifest is damaged ({exc})", where, _rebuild(directory)
        ) from None
    _check_files(manifest, directory)
    return manifest


def _check_files(manifest: Manifest, directory: Path) -> None:
    where = str(directory)
    for f in manifest.files:
        path = f.location()
        try:
            stat = path.stat()
        except OSError:
            raise InputError(
                f"{path}, loaded into the store, is gone", where, _rebuild(directory)
            ) from None
        unchanged = stat.st_size == f.size and stat.st_mtime_ns == f.mtime_ns
        if not unchanged and (stat.st_size != f.size or _sha256(path) != f.sha256):
            raise InputError(
                f"{path} changed since it was loaded into the store", where, _rebuild(directory)
            )
    shipped = method_files() + (assessment_files() if manifest.embedded else [])
    root = ROOT.resolve()
    now = {p.resolve().relative_to(root).as_posix() for p in shipped}
    then = {f.path for f in manifest.files if f.shipped}
    if now != then:
        raise InputError(
            "eggo's shipped data changed since the store was written", where, _rebuild(directory)
        )


def open_disk_store(directory: Path) -> OxigraphStore:
    """The store at ``directory``, read-only, after ``read_manifest``'s checks."""
    manifest = read_manifest(directory)
    try:
        oxigraph = ox.Store.read_only(str(Path(directory) / "oxigraph"))
    except OSError as exc:
        raise InputError(
            f"cannot open the store ({exc})", str(directory), _rebuild(Path(directory))
        ) from None
    store = OxigraphStore(oxigraph)
    store.embedded_assessments = list(manifest.embedded_assessments)
    store.data_graphs = list(manifest.data_graphs)
    small = {r["key"]: Rows(r["rows"], r["columns"]) for r in manifest.recorded.values()}
    store.recorded = RecordedAnswers(small, Path(directory) / "answers", manifest.answers)
    return store


class RecordedAnswers(Mapping[str, Rows]):
    """The answers recorded at load, by the key of the query's text: the small ones from the
    manifest, the larger ones read from answers/NAME.json when first asked for."""

    def __init__(self, small: dict[str, Rows], folder: Path, files: dict[str, str]) -> None:
        self._answers = dict(small)
        self._files = {key: folder / f"{name}.json" for name, key in files.items()}

    def __getitem__(self, key: str) -> Rows:
        if key not in self._answers and key in self._files:
            try:
                raw = json.loads(self._files[key].read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                where = str(self._files[key].parent.parent)
                raise InputError(
                    f"a recorded answer of the store is unreadable ({exc})",
                    where,
                    _rebuild(Path(where)),
                ) from None
            self._answers[key] = Rows(raw["rows"], raw["columns"])
        return self._answers[key]

    def __iter__(self) -> Iterator[str]:
        return iter(set(self._answers) | set(self._files))

    def __len__(self) -> int:
        return len(set(self._answers) | set(self._files))
