"""The recommendation rules: derive prioritisable actions for every loaded assessment from its
ratings, evidence and landscape.

The rules are the SPARQL CONSTRUCT files of ``rules/recommendations/`` (grlc-style ``#+`` header,
one rule per file; ``stage: 1`` rules read the assessment, ``stage: 2`` rules read what stage 1
inferred). Each runs **once** for all assessments (set at a time, never once per focus node), on
Oxigraph. What a rule constructs goes into the assessment's own graph, ``<assessment>/generated``:

- one ``eggo:GeneratedRecommendation`` per assessment and framework action, with the IRI
  ``<assessment>/generated/<benchmark code>``. Two rules that fire on the same action construct the
  same node, so duplicates merge by identity, keeping every trigger, rule and firing;
- one ``eggo:Firing`` per rule (and per dependent, body or pair of bodies) with its action kind,
  its triggers and the clause it adds to the text;
- stage 2 sets the horizon and the risk (``eggo:horizonSetBy``, ``eggo:riskSetBy``).

``finish`` then gives each recommendation its readable id, ``<code>-<kind>`` with the first kind
by ``eggo:kindOrder`` (``13.4-plan``), and its text: the action, then each firing's clause in kind
order. Both are functions of the graph alone, so they are the same across runs and load orders.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError
from .namespaces import EGGO, PREFIXES, SKOS
from .queries import parse_header
from .resources import RULES_DIR
from .store import OxigraphStore, Store

RULE_NS = "https://w3id.org/eggo/rules#"
RECOMMENDATION_RULES_DIR = RULES_DIR / "recommendations"
GENERATED = "/generated"


@dataclass(frozen=True)
class RecommendationRule:
    """One CONSTRUCT rule file and its header."""

    name: str
    path: Path
    text: str
    summary: str
    description: str
    stage: int

    @property
    def iri(self) -> str:
        return RULE_NS + self.name


def recommendation_rules(folder: Path = RECOMMENDATION_RULES_DIR) -> list[RecommendationRule]:
    """The rule files, stage by stage, by name within a stage."""
    rules = []
    for path in sorted(folder.glob("construct-*.rq")):
        text = path.read_text(encoding="utf-8")
        header = parse_header(text)
        rules.append(
            RecommendationRule(
                name=path.stem.removeprefix("construct-"),
                path=path,
                text=text,
                summary=str(header.get("summary", "")),
                description=str(header.get("description", "")),
                stage=int(str(header.get("stage", "1"))),
            )
        )
    return sorted(rules, key=lambda r: (r.stage, r.name))


def generated_graph(assessment: str) -> str:
    """The named graph that holds an assessment's generated recommendations."""
    return assessment + GENERATED


def _graph_of(subject: ox.NamedNode | ox.BlankNode) -> ox.NamedNode | None:
    if not isinstance(subject, ox.NamedNode):
        return None
    head, sep, _ = subject.value.partition(GENERATED + "/")
    return ox.NamedNode(head + GENERATED) if sep else None


def _oxigraph(store: Store) -> ox.Store:
    if not isinstance(store, OxigraphStore):
        raise InputError(
            "generated recommendations are inferred in the embedded store, not on an endpoint",
            "--endpoint",
            "load the assessment with --data instead, or use --source reported",
        )
    return store.oxigraph


def construct(store: Store, rule: RecommendationRule) -> list[ox.Quad]:
    """What one rule constructs, each triple in the generated graph of its subject."""
    return _run(_oxigraph(store), rule)


def _run(ox_store: ox.Store, rule: RecommendationRule) -> list[ox.Quad]:
    return list(ox.parse(_run_nquads(ox_store, rule), format=ox.RdfFormat.N_QUADS))


def _run_nquads(ox_store: ox.Store, rule: RecommendationRule) -> bytes:
    """What a rule constructs as N-Quads, each triple in the generated graph of its subject. The
    triples stay text (serialised by Oxigraph) rather than Python objects: three times faster at
    100 assessments."""
    triples = ox_store.query(rule.text, prefixes=PREFIXES, use_default_graph_as_union=True)
    assert isinstance(triples, ox.QueryTriples)  # a CONSTRUCT
    text = (triples.serialize(format=ox.RdfFormat.N_TRIPLES) or b"").decode()
    lines = []
    marker = GENERATED + "/"
    for line in text.splitlines():
        subject = line[: line.index(" ")]
        head, sep, _ = subject.partition(marker)
        if not sep or not subject.startswith("<"):  # a rule constructs only in generated graphs
            raise ValueError(f"rule {rule.name} constructed {subject} outside a generated graph")
        lines.append(f"{line[:-1]}{head}{GENERATED}> .")
    return "\n".join(lines).encode()


def has_generated(store: Store) -> bool:
    return any(g.endswith(GENERATED) for g in store.graphs())


def generate(
    store: Store, rules: Iterable[RecommendationRule] | None = None, *, refresh: bool = False
) -> int:
    """Run the rules over every loaded assessment and add what they infer to the store, each
    assessment's recommendations in its own generated graph. Returns how many recommendations
    there are. Does nothing (and returns 0) if the store already holds generated graphs, unless
    ``refresh`` drops them first (after the assessments changed)."""
    ox_store = _oxigraph(store)
    if refresh:
        for g in store.graphs():
            if g.endswith(GENERATED):
                ox_store.remove_graph(ox.NamedNode(g))
    if has_generated(store):
        return 0
    rules = list(rules) if rules is not None else recommendation_rules()
    for stage in sorted({r.stage for r in rules}):
        inferred = b"\n".join(_run_nquads(ox_store, r) for r in rules if r.stage == stage)
        # a stage sees everything the stages before it inferred; the rules of one stage read
        # only the assessments, the framework and the landscapes, never each other's output.
        # (Running the rules as INSERT ... USING <every graph> instead was 10 times slower.)
        ox_store.load(inferred, format=ox.RdfFormat.N_QUADS)
    return _finish(ox_store)


# Look-ups of the few actions and kinds are subqueries: joined as patterns, Oxigraph's planner
# scanned them once per recommendation (16 s instead of 1 s at 100 assessments).
_FINISH = """
SELECT ?rec ?code ?actionText ?kindCode ?order ?clause
WHERE {
  ?rec eggo:action ?action ; eggo:firing ?firing .
  ?firing eggo:actionKind ?kind .
  OPTIONAL { ?firing eggo:clause ?clause }
  { SELECT ?action ?code ?actionText
    WHERE { ?action a eggo:Action ; skos:notation ?code ; eggo:actionText ?actionText } }
  { SELECT ?kind ?kindCode ?order WHERE { ?kind eggo:kindOrder ?order ; skos:notation ?kindCode } }
}
"""


def _finish(ox_store: ox.Store) -> int:
    """Give each generated recommendation its id, text and origin."""
    found: dict[tuple, dict] = {}
    solutions = ox_store.query(_FINISH, prefixes=PREFIXES, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)  # a SELECT
    for s in solutions:
        rec = found.setdefault(
            (s["rec"], _graph_of(s["rec"])),
            {
                "code": s["code"].value,
                "action": s["actionText"].value,
                "kinds": {},
                "clauses": defaultdict(set),
            },
        )
        order = int(s["order"].value)
        rec["kinds"][order] = s["kindCode"].value
        if s["clause"] is not None:
            rec["clauses"][order].add(s["clause"].value)
    quads = []
    for (node, graph), rec in found.items():
        first = min(rec["kinds"])
        clauses = [c for order in sorted(rec["clauses"]) for c in sorted(rec["clauses"][order])]
        text = " ".join([rec["action"], *clauses])
        for p, o in (
            (SKOS.notation, ox.Literal(f"{rec['code']}-{rec['kinds'][first]}")),
            (EGGO.recommendationText, ox.Literal(text, language="en")),
            (EGGO.origin, ox.NamedNode(str(EGGO.Inferred))),
        ):
            quads.append(ox.Quad(node, ox.NamedNode(str(p)), o, graph))
    ox_store.extend(quads)
    return len(found)
