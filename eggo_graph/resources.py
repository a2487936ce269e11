"""Where the shipped ontology, rules, data and queries live.

In a wheel they are packed under ``eggo_graph/_resources``; in a source checkout they are the
top-level folders beside the package.
"""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_PACKED = _PACKAGE / "_resources"
ROOT = _PACKED if _PACKED.is_dir() else _PACKAGE.parent

ONTOLOGY_DIR = ROOT / "ontology"
RULES_DIR = ROOT / "rules"
DATA_DIR = ROOT / "data"
QUERIES_DIR = ROOT / "queries"


def method_files() -> list[Path]:
    """The country-independent part: the ontology and the framework(s)."""
    return sorted(ONTOLOGY_DIR.glob("*.ttl")) + sorted((DATA_DIR / "framework").glob("*.ttl"))


def rule_files() -> list[Path]:
    """The shipped rules (SHACL shapes): every .ttl file at the top of ``rules/``."""
    return sorted(RULES_DIR.glob("*.ttl"))


def assessment_files() -> list[Path]:
    """The shipped, country-specific data: the Ukraine 2018 assessment, its landscape of
    institutions, registries and laws, and its recommendations."""
    return [
        path
        for folder in ("assessments", "institutions", "recommendations")
        for path in sorted((DATA_DIR / folder).glob("*.ttl"))
    ]
