"""The floor for eggo's start-up: a bare Python process that parses every shipped Turtle file
into pyoxigraph and runs the score query (``queries/scores.rq``; ``dimension-scores.rq`` before
issue 18 merged the score queries), with nothing else imported.

Usage: python benchmarks/startup_floor.py

``benchmarks/startup.py`` times this script next to each eggo command, in one run, and prints
each command's ratio to it. Run on its own it prints the number of score rows it computed.
"""

from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
PREFIXES = {
    "eggo": "https://w3id.org/eggo/ontology#",
    "fw": "https://w3id.org/eggo/framework/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "org": "http://www.w3.org/ns/org#",
    "eli": "http://data.europa.eu/eli/ontology#",
}


def main() -> None:
    store = ox.Store()
    for path in sorted((ROOT / "ontology").glob("*.ttl")) + sorted((ROOT / "data").rglob("*.ttl")):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(path.as_uri()))
    queries = ROOT / "queries"
    path = queries / "scores.rq"
    if not path.exists():
        path = queries / "dimension-scores.rq"
    query = path.read_text(encoding="utf-8")
    rows = list(store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True))
    print(f"{len(rows)} score rows from {path.name}")


if __name__ == "__main__":
    main()
