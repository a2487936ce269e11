"""`eggo generate`: synthetic assessments, for trying eggo out and measuring how it scales."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import track

from ..generate import check_years, generate_assessments, rating_links, synthetic_countries
from ..questionnaire import framework_benchmarks
from ..render import say
from ..safe_write import check_folder, check_target, make_folder, remove_if_empty, write_atomic
from ..store import open_store
from .common import handle_errors

EXAMPLES = """Examples:

  eggo generate --countries 10 --years 3 --seed 1 --out synthetic/

  eggo score --all --no-embedded --data synthetic/xaa-2018.ttl --data synthetic/xab-2018.ttl
"""


@handle_errors
def generate(
    countries: Annotated[int, typer.Option("--countries", "-n", help="How many countries.")] = 1,
    years: Annotated[int, typer.Option("--years", "-y", help="Years per country, from 2018.")] = 1,
    seed: Annotated[
        int, typer.Option("--seed", "-s", help="Random seed: same seed, same data.")
    ] = 0,
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="The folder to write to (created if missing; its parent must exist).",
        ),
    ] = Path("synthetic"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
) -> None:
    """Write synthetic assessments, one Turtle file per country and year.

    Ratings are random (foresight never below progress, the framework's prerequisite and
    shared-fact links respected) on the loaded framework, with made-up
    country codes (XAA, XAB, ...) from ISO 3166's user-assigned range. Files go through the same
    code as eggo import, so each loads with --data and scores.
    """
    codes = synthetic_countries(countries)  # bad counts: refused before anything is made
    check_years(years)
    check_folder(out)
    names = [out / f"{c.lower()}-{y}.ttl" for c in codes for y in range(2018, 2018 + years)]
    if out.is_dir():
        for path in names:  # refuse before writing anything
            check_target(path, force)
    method = open_store(embedded=False)
    made = generate_assessments(
        framework_benchmarks(method), countries, years, seed, rating_links(method)
    )
    created_folder = make_folder(out)
    new_files = []
    try:
        for item in track(made, total=len(names), description="generating", transient=True):
            path = out / item.file_name
            existed = path.exists()
            write_atomic(path, item.turtle, force)
            if not existed:
                new_files.append(path)
    except BaseException:  # all or nothing: take back what this run added
        for path in new_files:
            path.unlink(missing_ok=True)
        if created_folder:
            remove_if_empty(out)
        raise
    say(f"Wrote {len(names)} assessments to {out}/ ({names[0].name} .. {names[-1].name}).")
