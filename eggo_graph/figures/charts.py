"""The report's figures with matplotlib (Agg backend): areas (Figure 9), dimensions (Figure 10)
and the ranking "shell" (Figure 11). Each function takes rows computed from the graph and
returns a matplotlib Figure; ``svg_bytes`` and ``png_bytes`` serialise it. No numbers live here.

Colours: the Okabe-Ito palette, safe for the common colour-vision deficiencies; statuses also
differ by marker or hatch, so nothing is told by colour alone.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..rounding import one_decimal

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..scores import RankRow, ScoreRow

# Okabe-Ito: vermillion, orange, bluish green, blue (status order beginner → frontier).
STATUS_COLOURS = {
    "BEGINNER": "#D55E00",
    "FOLLOWER": "#E69F00",
    "PERFORMER": "#009E73",
    "FRONTIER": "#0072B2",
}
STATUS_HATCHES = {"BEGINNER": "//", "FOLLOWER": "", "PERFORMER": "", "FRONTIER": ".."}
PROGRESS_COLOUR = "#0072B2"  # blue
FORESIGHT_COLOUR = "#E69F00"  # orange
INK = "#222222"
GRID = "#BBBBBB"
# The reformer status thresholds drawn as guides (beginner ≤ 25 < follower ≤ 50 < performer ≤ 75).
GUIDES = (25, 50, 75)


def _pyplot():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "font.family": "DejaVu Sans",
            "font.size": 9,
            "axes.edgecolor": GRID,
            "axes.labelcolor": INK,
            "xtick.color": INK,
            "ytick.color": INK,
            "svg.hashsalt": "eggo",  # stable ids: the same data gives the same SVG
            "svg.fonttype": "path",  # text as paths: no font needed where the SVG is shown
        }
    )
    return plt


def svg_bytes(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buf.getvalue()


def png_bytes(fig: Figure, dpi: int = 150) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


def close(fig: Figure) -> None:
    _pyplot().close(fig)


def areas_chart(areas: Sequence[ScoreRow]) -> Figure:
    """Figure 9: progress and foresight of each area on a radar."""
    plt = _pyplot()
    n = len(areas)
    angles = [2 * math.pi * i / n for i in range(n)]
    closed = [*angles, angles[0]]
    fig = plt.figure(figsize=(6.4, 5.6))
    ax = fig.add_subplot(projection="polar")
    ax.set_theta_zero_location("N")
    ax.set_theta_direction(-1)
    for values, label, colour, style in (
        ([float(a.progress) for a in areas], "Progress", PROGRESS_COLOUR, "-"),
        ([float(a.foresight) for a in areas], "Foresight", FORESIGHT_COLOUR, "--"),
    ):
        ax.plot(closed, [*values, values[0]], style, color=colour, lw=2, label=label, marker="o")
        ax.fill(closed, [*values, values[0]], color=colour, alpha=0.12)
        for angle, v in zip(angles, values, strict=True):
            outward = colour == FORESIGHT_COLOUR  # foresight labels outside, progress inside
            ax.text(
                angle,
                v + 9 if outward else max(v - 9, 4),
                one_decimal(v),
                ha="center",
                va="center",
                fontsize=8,
                color=colour,
                fontweight="bold",
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
            )
    ax.set_ylim(0, 100)
    ax.set_yticks((*GUIDES, 100))
    ax.set_yticklabels([f"{t}%" for t in (*GUIDES, 100)], fontsize=7, color="#666666")
    ax.set_xticks(angles)
    ax.set_xticklabels(
        [f"{a.code}\n" + textwrap.fill(a.name, 18) for a in areas], fontsize=8.5, color=INK
    )
    ax.tick_params(axis="x", pad=14)
    ax.grid(color=GRID, lw=0.6)
    ax.spines["polar"].set_color(GRID)
    ax.legend(loc="upper right", bbox_to_anchor=(1.28, 1.12), frameon=False)
    ax.set_title("Areas: progress and foresight (%)", pad=26, fontsize=11, color=INK)
    return fig


def _status_legend(ax, statuses: Sequence[str]) -> list:
    from matplotlib.patches import Patch

    return [
        Patch(
            facecolor=STATUS_COLOURS.get(s, GRID),
            hatch=STATUS_HATCHES.get(s, ""),
            edgecolor="white",
            label=s.capitalize(),
        )
        for s in STATUS_COLOURS
        if s in statuses
    ]


def dimensions_chart(dimensions: Sequence[ScoreRow], area_names: dict[str, str]) -> Figure:
    """Figure 10: each dimension's progress (bar, coloured by status) against its foresight
    (diamond), grouped by area, with the trend mark at the end of the row."""
    from matplotlib.lines import Line2D

    plt = _pyplot()
    rows = list(dimensions)
    fig, ax = plt.subplots(figsize=(9.6, 0.36 * len(rows) + 1.4))
    y = list(range(len(rows)))[::-1]
    for yi, d in zip(y, rows, strict=True):
        p, f = float(d.progress), float(d.foresight)
        ax.barh(
            yi,
            p,
            height=0.62,
            color=STATUS_COLOURS.get(d.status, GRID),
            hatch=STATUS_HATCHES.get(d.status, ""),
            edgecolor="white",
            lw=0,
        )
        if f != p:
            ax.plot([p, f], [yi, yi], color=INK, lw=0.9, alpha=0.6)
        ax.plot(f, yi, "D", color=INK, markersize=5.5, markerfacecolor="white", mew=1.4)
        ax.text(
            max(p, f) + 2,
            yi,
            f"{one_decimal(d.progress)} → {one_decimal(d.foresight)}  {d.trend}",
            va="center",
            fontsize=7.5,
            color=INK,
        )
    ax.set_yticks(y)
    ax.set_yticklabels([f"{d.code}  {d.name}" for d in rows], fontsize=8.5)
    # area separators and labels
    previous = None
    for yi, d in zip(y, rows, strict=True):
        if d.area != previous:
            if previous is not None:
                ax.axhline(yi + 0.5, color=GRID, lw=0.8)
            ax.text(
                158,
                yi,
                f"{d.area} {textwrap.shorten(area_names.get(d.area, ''), 34)}",
                va="center",
                ha="right",
                fontsize=7.5,
                color="#555555",
                style="italic",
            )
            previous = d.area
    for g in GUIDES:
        ax.axvline(g, color=GRID, lw=0.7, ls=":", zorder=0)
    ax.spines["bottom"].set_bounds(0, 100)
    ax.set_xlim(0, 158)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel("score (%)", x=100 / 158 / 2)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    handles = _status_legend(ax, [d.status for d in rows])
    handles.append(
        Line2D([], [], marker="D", ls="", color=INK, markerfacecolor="white", label="Foresight")
    )
    ax.legend(
        handles=handles,
        title="Progress (bar) by status",
        loc="upper center",
        bbox_to_anchor=(0.35, -0.07),
        ncol=len(handles),
        frameon=False,
        fontsize=8,
        title_fontsize=8,
    )
    ax.set_title(
        "Dimensions: progress against foresight (trend: ↑ improving, ! no improvement, ⚑ finished)",
        fontsize=10,
        color=INK,
        loc="left",
    )
    return fig


def ranking_chart(
    ranking: Sequence[RankRow], statuses: dict[str, str], weakest: set[str], performers: set[str]
) -> Figure:
    """Figure 11, the "shell": the dimensions ranked by progress, weakest first, as a spiral of
    polar bars growing clockwise; the weakest five and the performers are outlined and named in
    bold. Names sit on an outer ring so they never overlap."""
    plt = _pyplot()
    rows = list(ranking)
    n = len(rows)
    width = 2 * math.pi / n
    hole = 22  # an empty centre keeps the smallest bars apart
    ring = hole + 104
    fig = plt.figure(figsize=(9, 10))
    ax = fig.add_axes((0.22, 0.18, 0.56, 0.504), projection="polar")
    ax.set_theta_zero_location("N")
    ax.set_theta_direction(-1)
    for i, r in enumerate(rows):
        p = float(r.progress)
        theta = i * width
        status = statuses.get(r.code, "")
        called_out = r.code in weakest or r.code in performers
        ax.bar(
            theta,
            max(p, 0.8),  # a sliver for 0% so the dimension stays visible
            width=width * 0.9,
            bottom=hole,
            color=STATUS_COLOURS.get(status, GRID),
            hatch=STATUS_HATCHES.get(status, ""),
            edgecolor=INK if called_out else "white",
            lw=1.5 if called_out else 0.5,
        )
        screen = (90 - math.degrees(theta) + 180) % 360 - 180  # the label's angle on screen
        flip = screen > 90 or screen < -90
        ax.text(
            theta,
            ring,
            f"{r.code} {textwrap.shorten(r.name, 26)} {one_decimal(r.progress)}%",
            rotation=screen + 180 if flip else screen,
            rotation_mode="anchor",
            ha="right" if flip else "left",
            va="center",
            fontsize=7.5,
            color=INK,
            fontweight="bold" if called_out else "normal",
        )
    ax.set_ylim(0, ring)
    ax.set_yticks([hole + g for g in (*GUIDES, 100)])
    ax.set_yticklabels([f"{g}%" for g in (*GUIDES, 100)], fontsize=6.5, color="#777777")
    ax.set_rlabel_position(-width * 90 / math.pi)
    ax.set_xticks([])
    ax.grid(color=GRID, lw=0.5)
    ax.spines["polar"].set_visible(False)
    fig.legend(
        handles=_status_legend(ax, list(statuses.values())),
        loc="lower right",
        bbox_to_anchor=(0.99, 0.02),
        ncol=1,
        frameon=False,
        fontsize=9,
    )
    fig.text(
        0.5,
        0.99,
        "Dimensions ranked by progress, weakest first (clockwise from the top)\n"
        "outlined and bold: the five weakest and the performers",
        ha="center",
        va="top",
        fontsize=11,
        color=INK,
    )
    return fig
