"""Validating with other indicator bands: the shipped bands file swapped for a user's."""

from __future__ import annotations

from pathlib import Path

from ..resources import DATA_DIR, method_files

BANDS_FILE = DATA_DIR / "framework" / "eggo-bands.ttl"


def method_files_with_bands(bands: Path | None) -> list[Path]:
    """The method files, with the shipped indicator bands replaced by a user's file."""
    files = method_files()
    if bands is None:
        return files
    return [p for p in files if p.resolve() != BANDS_FILE.resolve()] + [Path(bands)]
