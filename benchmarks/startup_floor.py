"""The floor for eggo's start-up: a bare Python process that parses every shipped Turtle file
into pyoxigraph and runs the score query (``queries/scores.rq``), with nothing else imported but
eggo's prefixes.

Usage: python benchmarks/startup_floor.py

``benchmarks/startup.py`` times this script next to each eggo command, in one run, and prints
each command's ratio to it. Run on its own it prints the number of score rows it computed.
"""

from pathlib import Path

import pyoxigraph as ox

from eggo_graph.namespaces import PREFIXES  # plain text: imports nothing else

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    store = ox.Store()
    for path in sorted((ROOT / "ontology").glob("*.ttl")) + sorted((ROOT / "data").rglob("*.ttl")):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(path.as_uri()))
    path = ROOT / "queries" / "scores.rq"
    query = path.read_text(encoding="utf-8")
    rows = list(store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True))
    print(f"{len(rows)} score rows from {path.name}")


if __name__ == "__main__":
    main()
