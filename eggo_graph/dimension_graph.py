"""The dimension dependency graph in networkx: the one place it is loaded and analysed.

Edges come from ``dimension-dependencies.rq`` (framework level, each with its quote). An edge
A → B means A enables B. Its weight is how explicitly the source says so. The graph may have
cycles (policymaking ↔ strategic framework, registries ↔ e-identification), so leverage is a
Katz sum over walks with a fixed damping below the convergence bound, never an acyclic walk.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import EggoError
from .queries import run_text
from .store import Store
from .terms import term_text

if TYPE_CHECKING:  # networkx and numpy load on first use: other commands start faster
    import networkx as nx

# How much an edge counts, by how explicitly the source states it.
EXPLICITNESS_WEIGHT = {"explicit": 1.0, "stated": 0.75, "implied": 0.5}

# Katz damping. Any graph on n dimensions with edge weights ≤ 1 has a spectral radius ≤ n - 1,
# so 0.05 < 1/17 converges for every graph on the 18 eGGO dimensions, whatever edges are added.
DAMPING = 0.05


@dataclass(frozen=True)
class Edge:
    """One enabling edge with the passage that supports it."""

    source: str
    target: str
    explicitness: str
    quote: str
    line: str
    source_name: str = ""
    target_name: str = ""

    @property
    def weight(self) -> float:
        return EXPLICITNESS_WEIGHT[self.explicitness]


def load_edges(store: Store) -> list[Edge]:
    """The framework's enabling edges, from the graph."""
    return [
        Edge(
            term_text(r.get("fromCode")),
            term_text(r.get("toCode")),
            term_text(r.get("explicitness")),
            term_text(r.get("quote")),
            term_text(r.get("line")),
            term_text(r.get("fromName")),
            term_text(r.get("toName")),
        )
        for r in run_text(store, "dimension-dependencies")
    ]


def build_graph(edges: Iterable[Edge], dimensions: Iterable[str]) -> nx.DiGraph:
    """A weighted DiGraph on every dimension (isolated ones included)."""
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(dimensions)
    for e in edges:
        g.add_edge(e.source, e.target, weight=e.weight, edge=e)
    return g


def spectral_radius(g: nx.DiGraph) -> float:
    import networkx as nx
    import numpy as np

    if g.number_of_edges() == 0:
        return 0.0
    a = nx.to_numpy_array(g, weight="weight")
    return float(max(abs(np.linalg.eigvals(a))))


def leverage(
    g: nx.DiGraph, weakness: Mapping[str, float], damping: float = DAMPING
) -> dict[str, float]:
    """For each dimension d, the weak capacity it enables downstream:
    sum over walks d → … → j of damping^length × the product of edge weights × weakness[j].

    This is Katz centrality on the reversed graph with beta = weakness, minus the walk of
    length 0 (a dimension does not enable itself). Cycles are fine while
    damping × spectral radius < 1; beyond that the sum diverges and this is an error.
    """
    import networkx as nx
    import numpy as np

    if damping * spectral_radius(g) >= 1:
        raise EggoError(
            f"the dependency graph's spectral radius {spectral_radius(g):.3g} is too large for "
            f"the damping {damping}: the leverage sum would diverge"
        )
    if g.number_of_nodes() == 0:
        return {}
    # Katz on the reversed graph is x = (I - damping × A)⁻¹ beta, A the weighted adjacency of g
    # (A[d, j]: the edge d → j). nx.katz_centrality_numpy solves the same system, but builds A
    # through scipy.sparse, whose import costs more than the whole ranking; numpy solves it here.
    nodes = list(g)
    beta = np.array([float(weakness.get(n, 0.0)) for n in nodes])
    a = nx.to_numpy_array(g, nodelist=nodes, weight="weight")
    x = np.linalg.solve(np.eye(len(nodes)) - damping * a, beta)
    return {n: max(float(x[i] - beta[i]), 0.0) for i, n in enumerate(nodes)}


def leverage_paths(
    g: nx.DiGraph,
    source: str,
    weakness: Mapping[str, float],
    damping: float = DAMPING,
    cutoff: int = 3,
    top: int = 3,
) -> list[tuple[list[str], float]]:
    """The simple paths from source (up to cutoff edges) that give it the most leverage, each
    with its share: damping^length × weights × the weakness at the path's end."""
    import networkx as nx

    found = []
    for target in g:
        if target == source:
            continue
        for path in nx.all_simple_paths(g, source, target, cutoff=cutoff):
            w = 1.0
            for a, b in itertools.pairwise(path):
                w *= damping * g[a][b]["weight"]
            share = w * weakness.get(target, 0.0)
            if share > 0:
                found.append((path, share))
    found.sort(key=lambda p: (-p[1], p[0]))
    return found[:top]


@dataclass(frozen=True)
class DimensionRole:
    """A dimension's place in the graph, by MICMAC and DEMATEL on the total relation matrix."""

    code: str
    influence: float  # R: row sum of the total relation matrix
    dependence: float  # C: column sum
    micmac: str  # driver, linkage, dependent or autonomous
    prominence: float  # R + C
    relation: float  # R - C
    dematel: str  # cause or effect


def roles(g: nx.DiGraph) -> dict[str, DimensionRole]:
    """DEMATEL's total relation matrix T = X (I - X)^-1, with X the weighted adjacency divided by
    its largest row or column sum (the method's own normalisation, used for this classification
    only, never for priorities). MICMAC splits influence and dependence at their means."""
    import networkx as nx
    import numpy as np

    nodes = list(g)
    a = nx.to_numpy_array(g, nodelist=nodes, weight="weight")
    s = max(a.sum(axis=1).max(initial=0), a.sum(axis=0).max(initial=0))
    if s == 0:
        t = np.zeros_like(a)
    else:
        x = a / s
        try:
            t = x @ np.linalg.inv(np.eye(len(nodes)) - x)
        except np.linalg.LinAlgError as exc:
            raise EggoError(f"DEMATEL's total relation matrix is singular ({exc})") from exc
    r, c = t.sum(axis=1), t.sum(axis=0)
    r_mean, c_mean = float(r.mean()), float(c.mean())
    out = {}
    for i, n in enumerate(nodes):
        high_r, high_c = r[i] > r_mean, c[i] > c_mean
        micmac = {
            (True, False): "driver",
            (True, True): "linkage",
            (False, True): "dependent",
            (False, False): "autonomous",
        }[(bool(high_r), bool(high_c))]
        out[n] = DimensionRole(
            n,
            float(r[i]),
            float(c[i]),
            micmac,
            float(r[i] + c[i]),
            float(r[i] - c[i]),
            "cause" if r[i] - c[i] > 1e-12 else "effect",
        )
    return out
