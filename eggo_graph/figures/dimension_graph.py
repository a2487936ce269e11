"""The dimension dependency graph as a figure: nodes coloured by gap, every edge carrying its
supporting quote as an SVG ``<title>`` (a browser shows it on hover).

The layout is computed, never hand-placed: Graphviz ``dot`` when the binary is installed,
otherwise a networkx Kamada-Kawai layout drawn with matplotlib. Either way each node and edge
gets an ``id`` (``dep-node-CODE``, ``dep-edge-N``) and ``add_titles`` writes the hover text into
the SVG with ElementTree, so both engines carry the same titles.
"""

from __future__ import annotations

import io
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from ..dimension_graph import Edge
from ..rounding import one_decimal

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
EDGE_STYLES = {"explicit": "solid", "stated": "dashed", "implied": "dotted"}
COLOUR_MAP = "YlOrRd"  # sequential ColorBrewer: lightness alone tells the order
GAP_SCALE = 100.0  # gaps are coloured on a fixed 0..100 scale, never by the current maximum

Engine = Literal["auto", "graphviz", "networkx"]


@dataclass(frozen=True)
class Node:
    code: str
    name: str
    gap: float
    progress: float
    foresight: float


@dataclass(frozen=True)
class GraphFigure:
    svg: str  # an <svg> element, ready to inline
    png: bytes | None
    engine: str  # "graphviz" or "networkx"


def gap_colour(gap: float) -> str:
    import matplotlib
    from matplotlib.colors import to_hex

    cmap = matplotlib.colormaps[COLOUR_MAP]
    return to_hex(cmap(0.08 + 0.84 * min(max(gap / GAP_SCALE, 0.0), 1.0)))


def legend_stops(n: int = 6) -> list[tuple[float, str]]:
    """(gap, colour) pairs for a legend."""
    return [(GAP_SCALE * i / (n - 1), gap_colour(GAP_SCALE * i / (n - 1))) for i in range(n)]


def _ink(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return "#ffffff" if 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.45 else "#222222"


def edge_title(e: Edge) -> str:
    line = f" (source line {e.line})" if e.line else ""
    return (
        f"{e.source} {e.source_name} → {e.target} {e.target_name} [{e.explicitness}]: "
        f"“{e.quote}”{line}"
    )


def node_title(n: Node) -> str:
    return (
        f"{n.code} {n.name}: gap {one_decimal(n.gap)}, progress {one_decimal(n.progress)}%, "
        f"foresight {one_decimal(n.foresight)}%"
    )


def add_titles(svg: str | bytes, titles: Mapping[str, str]) -> str:
    """The SVG with a <title> as first child of each element whose id is in titles (replacing
    a title it has). Raises ValueError if an id is missing, so a lost tooltip is never silent."""
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    root = ET.fromstring(svg)
    found = set()
    for el in root.iter():
        gid = el.get("id")
        if gid is not None and gid in titles:
            for old in el.findall(f"{{{SVG_NS}}}title"):
                el.remove(old)
            title = ET.Element(f"{{{SVG_NS}}}title")
            title.text = titles[gid]
            el.insert(0, title)
            found.add(gid)
    missing = set(titles) - found
    if missing:
        raise ValueError(f"the SVG has no element for {sorted(missing)}")
    root.set("width", "100%")
    root.attrib.pop("height", None)
    return ET.tostring(root, encoding="unicode")


def dot_available() -> bool:
    return shutil.which("dot") is not None


def dependency_figure(
    edges: Sequence[Edge], nodes: Sequence[Node], engine: Engine = "auto", png: bool = True
) -> GraphFigure:
    """Lay out and draw the graph; engine "auto" uses Graphviz when `dot` is installed."""
    if engine == "auto":
        engine = "graphviz" if dot_available() else "networkx"
    titles = {f"dep-node-{n.code}": node_title(n) for n in nodes}
    titles |= {f"dep-edge-{i}": edge_title(e) for i, e in enumerate(edges)}
    if engine == "graphviz":
        svg, image = _graphviz(edges, nodes, png)
    else:
        svg, image = _networkx(edges, nodes, png)
    return GraphFigure(add_titles(svg, titles), image, engine)


def _graphviz(
    edges: Sequence[Edge], nodes: Sequence[Node], png: bool
) -> tuple[bytes, bytes | None]:
    import graphviz

    g = graphviz.Digraph("dependencies", engine="dot")
    g.attr(rankdir="TB", bgcolor="white", nodesep="0.3", ranksep="0.7", fontname="DejaVu Sans")
    g.attr("node", shape="box", style="rounded,filled", fontname="DejaVu Sans", fontsize="10")
    g.attr("edge", color="#555555", arrowsize="0.7")
    for n in nodes:
        fill = gap_colour(n.gap)
        g.node(
            n.code,
            f"{n.code} {n.name}\ngap {one_decimal(n.gap)}",
            id=f"dep-node-{n.code}",
            fillcolor=fill,
            fontcolor=_ink(fill),
            color="#444444",
        )
    for i, e in enumerate(edges):
        g.edge(
            e.source,
            e.target,
            id=f"dep-edge-{i}",
            style=EDGE_STYLES.get(e.explicitness, "solid"),
            penwidth=str(0.6 + 1.4 * e.weight),
        )
    return g.pipe(format="svg"), g.pipe(format="png") if png else None


def _networkx(
    edges: Sequence[Edge], nodes: Sequence[Node], png: bool
) -> tuple[bytes, bytes | None]:
    import networkx as nx

    from .charts import _pyplot, close, png_bytes

    plt = _pyplot()
    g = nx.DiGraph()
    g.add_nodes_from(n.code for n in nodes)
    g.add_edges_from((e.source, e.target) for e in edges)
    pos = nx.kamada_kawai_layout(g.to_undirected())  # distances ignore direction
    fig, ax = plt.subplots(figsize=(9, 7.5))
    size = 900
    for i, e in enumerate(edges):
        (arrow,) = nx.draw_networkx_edges(
            g,
            pos,
            edgelist=[(e.source, e.target)],
            ax=ax,
            node_size=size,
            arrows=True,
            arrowstyle="-|>",
            arrowsize=12,
            width=0.6 + 1.4 * e.weight,
            style=EDGE_STYLES.get(e.explicitness, "solid"),
            edge_color="#555555",
            connectionstyle="arc3,rad=0.12",
        )
        arrow.set_gid(f"dep-edge-{i}")
    for n in nodes:
        x, y = pos[n.code]
        fill = gap_colour(n.gap)
        ax.scatter([x], [y], s=size, c=[fill], edgecolors="#444444", zorder=3).set_gid(
            f"dep-node-{n.code}"
        )
        ax.text(x, y, n.code, ha="center", va="center", fontsize=9, color=_ink(fill), zorder=4)
        ax.text(
            x,
            y - 0.075,
            n.name,
            ha="center",
            va="top",
            fontsize=7,
            color="#333333",
            zorder=4,
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8},
        )
    ax.set_axis_off()
    ax.margins(0.08)
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    image = png_bytes(fig) if png else None
    close(fig)
    return buf.getvalue(), image
