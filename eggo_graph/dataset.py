"""The whole dataset, as served and exported: everything ``open_store`` loads (ontology,
framework, assessments and any ``--data`` files) plus the rules (``rules/*.ttl``), each file in its
own named graph."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from .load import parse_file
from .resources import rule_files
from .store import OxigraphStore, open_store


def open_dataset(data: Iterable[Path] = (), *, embedded: bool = True) -> OxigraphStore:
    """The embedded store of ``open_store`` with the rules added in their own graphs."""
    store = open_store(data, embedded=embedded)
    assert isinstance(store, OxigraphStore)
    loaded = set(store.graphs())
    for path in rule_files():
        parsed = parse_file(path)
        if not loaded & set(parsed.graphs):  # open_store may load the rules itself one day
            store.add(parsed)
            loaded |= set(parsed.graphs)
    return store


def graph_triples(store: OxigraphStore, graph: str) -> Iterator[ox.Triple]:
    """The triples of one named graph."""
    for q in store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
        yield ox.Triple(q.subject, q.predicate, q.object)
