"""Write the Ukraine 2018 report and screenshot its top in headless Chromium for the README
(docs/report-screenshot.png). Needs Debian's chromium and Pillow (pip install '.[test]').

Usage: python scripts/report_screenshot.py [--height 2400] [--width 760]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image

from eggo_graph import open_store, select_assessment
from eggo_graph.report import build_report, render_html

OUT = Path(__file__).resolve().parents[1] / "docs" / "report-screenshot.png"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--height", type=int, default=2400, help="page height to capture (px)")
    parser.add_argument("--width", type=int, default=760, help="width of the saved PNG (px)")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("no chromium: apt-get install -y chromium")
    store = open_store()
    html = render_html(build_report(store, select_assessment(store, "UA-2018")))
    with tempfile.TemporaryDirectory() as tmp:
        page, shot = Path(tmp) / "report.html", Path(tmp) / "shot.png"
        page.write_text(html, encoding="utf-8")
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                f"--user-data-dir={Path(tmp) / 'profile'}",
                "--hide-scrollbars",
                f"--window-size=1280,{args.height}",
                f"--screenshot={shot}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        image = Image.open(shot).convert("RGB")
    height = round(image.height * args.width / image.width)
    small = image.resize((args.width, height), Image.LANCZOS)
    small.quantize(colors=256, method=Image.Quantize.FASTOCTREE).save(OUT, optimize=True)
    print(f"Wrote {OUT} ({OUT.stat().st_size // 1024} KiB, {args.width}x{height})")


if __name__ == "__main__":
    main()
