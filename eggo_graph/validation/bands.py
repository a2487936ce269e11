"""Validating with other indicator bands: the shipped bands file swapped for a user's."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..load import parse_file
from ..namespaces import EGGO, RDF
from ..resources import DATA_DIR, method_files

BANDS_FILE = DATA_DIR / "framework" / "eggo-bands.ttl"


def method_files_with_bands(bands: Path | None) -> list[Path]:
    """The method files, with the shipped indicator bands replaced by a user's file."""
    files = method_files()
    if bands is None:
        return files
    check_bands(Path(bands))
    return [p for p in files if p.resolve() != BANDS_FILE.resolve()] + [Path(bands)]


def check_bands(path: Path) -> None:
    """Raise InputError unless the file holds at least one eggo:IndicatorBands: a bands file
    without bands would silently check nothing and "conform"."""
    is_a, bands = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(EGGO.IndicatorBands))
    if not any(q.predicate == is_a and q.object == bands for q in parse_file(path).quads):
        raise InputError(
            "holds no indicator bands (no eggo:IndicatorBands)",
            f"--bands {path}",
            "describe each band as in data/framework/eggo-bands.ttl, or leave out --bands",
        )
