"""Exports: the whole dataset in the standard RDF formats, and the dimension scores as a W3C RDF
Data Cube (``qb``) or a flat CSV.

- ``trig`` and ``jsonld`` keep the named graphs (one per file loaded); ``ttl`` and ``nt`` have no
  graphs, so they hold the union of all graphs.
- ``qb``: one ``qb:DataSet`` of observations, one per assessment × dimension × aspect, whose
  dimensions are ``eggo:assessment``, ``eggo:dimension`` and ``eggo:aspect`` and whose measure is
  the score in percent (``cube:score``, a sub-property of SDMX's ``obsValue``), with its
  ``qb:DataStructureDefinition`` and code lists: the framework's dimensions as a
  ``qb:HierarchicalCodeList`` under their areas, the aspects as a ``skos:ConceptScheme``. The
  data is in the normalised form the standard's integrity constraints (IC-1 to IC-21) assume.
- ``csv``: the same observations as a table, with names and reformer statuses.

The scores come from the ``scores`` query (nothing is computed here).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from .assessments import list_assessments
from .errors import InputError
from .namespaces import EGGO, PREFIXES, RDF, RDFS, SKOS, XSD
from .queries import run
from .render import OutputFormat, to_csv
from .rounding import one_decimal
from .scores import dimension_rows
from .store import OxigraphStore, Store

QB = "http://purl.org/linked-data/cube#"
SDMX_MEASURE = "http://purl.org/linked-data/sdmx/2009/measure#"
CUBE = "https://w3id.org/eggo/cube/"
CUBE_PREFIXES = {
    **{
        k: v
        for k, v in PREFIXES.items()
        if k in ("eggo", "fw", "skos", "rdf", "rdfs", "owl", "xsd")
    },
    "qb": QB,
    "sdmx-measure": SDMX_MEASURE,
    "cube": CUBE,
}
CSV_COLUMNS = ["assessment", "area", "dimension", "name", "aspect", "score", "status"]


# What `eggo export` writes: ttl, nt, jsonld, trig, qb or csv, of the one family of formats.
ExportFormat = OutputFormat
EXPORT_FORMATS = ("ttl", "nt", "jsonld", "trig", "qb", "csv")


_RDF_FORMATS = {
    ExportFormat.ttl: ox.RdfFormat.TURTLE,
    ExportFormat.nt: ox.RdfFormat.N_TRIPLES,
    ExportFormat.jsonld: ox.RdfFormat.JSON_LD,
    ExportFormat.trig: ox.RdfFormat.TRIG,
}


# ---------------------------------------------------------------- the whole dataset


def export_rdf(dataset: OxigraphStore, fmt: ExportFormat) -> bytes:
    """The dataset in an RDF format: named graphs kept in TriG and JSON-LD, merged in the others."""
    rdf_format = _RDF_FORMATS[fmt]
    # Same data, same file: blank nodes get canonical labels (W3C RDF Dataset Canonicalization,
    # RDFC-1.0) instead of the random ones the parser gave them, and the quads a stable order.
    canonical = ox.Dataset(dataset.oxigraph)
    canonical.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    quads = sorted(canonical, key=str)
    if rdf_format.supports_datasets:
        data: Iterable = quads
    else:
        data = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
    prefixes = None if rdf_format in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.JSON_LD) else PREFIXES
    return ox.serialize(data, format=rdf_format, prefixes=prefixes)  # type: ignore[return-value]


# ---------------------------------------------------------------- the Data Cube


@dataclass(frozen=True)
class Observation:
    """One dimension score of one assessment, for one aspect."""

    assessment_iri: str
    assessment: str
    area: str
    dimension_iri: str
    dimension: str
    name: str
    aspect: str
    score: str
    status: str


def observations(store: Store) -> list[Observation]:
    """Every assessment's dimension scores, two observations (progress, foresight) per dimension."""
    assessments = {a.iri: a for a in list_assessments(store)}
    ids = [a.id for a in assessments.values()]
    hierarchy = run(store, "dimension-hierarchy")
    dims = {(str(r["framework"]), str(r["dimensionCode"])): str(r["dimension"]) for r in hierarchy}
    found = []
    for r in dimension_rows(store):
        a = assessments[str(r["assessment"])]
        label = a.id if ids.count(a.id) == 1 else a.iri
        code = str(r["dimensionCode"])
        for aspect, score, status in (
            ("progress", r["progress"], r["status"]),
            ("foresight", r["foresight"], r["foresightStatus"]),
        ):
            found.append(
                Observation(
                    assessment_iri=a.iri,
                    assessment=label,
                    area=str(r["areaCode"]),
                    dimension_iri=dims[(a.framework, code)],
                    dimension=code,
                    name=str(r["dimensionName"]),
                    aspect=aspect,
                    score=one_decimal(score),
                    status=str(status),
                )
            )
    return found


def _obs_iri(o: Observation) -> ox.NamedNode:
    key = hashlib.sha256(o.assessment_iri.encode()).hexdigest()[:10]
    return ox.NamedNode(f"{CUBE}observation-{key}-{o.dimension}-{o.aspect}")


def cube_triples(store: Store) -> list[ox.Triple]:
    """The Data Cube: data structure definition, code lists, data set and observations."""
    n = ox.NamedNode

    def iri(ns: str, local: str) -> ox.NamedNode:
        return n(f"{ns}{local}")

    a_ = n(str(RDF.type))
    label, range_ = n(str(RDFS.label)), n(str(RDFS.range))
    qb = {k: iri(QB, k) for k in (
        "DataSet", "DataStructureDefinition", "ComponentSpecification", "DimensionProperty",
        "MeasureProperty", "CodedProperty", "HierarchicalCodeList", "Observation", "structure",
        "component", "componentProperty", "dimension", "measure", "order", "codeList",
        "hierarchyRoot", "parentChildProperty", "dataSet",
    )}  # fmt: skip
    skos = {k: iri(str(SKOS), k) for k in ("Concept", "ConceptScheme", "inScheme", "broader")}
    skos_notation, skos_label = iri(str(SKOS), "notation"), iri(str(SKOS), "prefLabel")
    dataset, dsd = iri(CUBE, "dimension-scores"), iri(CUBE, "dimension-scores-structure")
    dim_list, aspect_list = iri(CUBE, "dimensions"), iri(CUBE, "aspects")
    score = iri(CUBE, "score")
    p_assessment, p_dimension, p_aspect = (
        iri(str(EGGO), k) for k in ("assessment", "dimension", "aspect")
    )
    aspects = {"progress": iri(str(EGGO), "Progress"), "foresight": iri(str(EGGO), "Foresight")}
    obs = observations(store)
    t: list[ox.Triple] = []

    def add(s, p, o) -> None:
        t.append(ox.Triple(s, p, o))

    def text(value: str, lang: str | None = "en") -> ox.Literal:
        return ox.Literal(value, language=lang) if lang else ox.Literal(value)

    # the data structure definition: three dimensions and one measure
    add(dsd, a_, qb["DataStructureDefinition"])
    add(dsd, label, text("eGGO dimension scores: assessment × dimension × aspect"))
    components = [
        ("assessment", p_assessment, "dimension", n(str(EGGO.Assessment)), None),
        ("dimension", p_dimension, "dimension", n(str(EGGO.Dimension)), dim_list),
        ("aspect", p_aspect, "dimension", n(str(EGGO.Aspect)), aspect_list),
        ("score", score, "measure", n(str(XSD.decimal)), None),
    ]
    for order, (name, prop, kind, rng, code_list) in enumerate(components, start=1):
        spec = iri(CUBE, f"dimension-scores-structure-{name}")
        add(dsd, qb["component"], spec)
        add(spec, a_, qb["ComponentSpecification"])
        add(spec, qb[kind], prop)
        add(spec, qb["componentProperty"], prop)
        add(spec, qb["order"], ox.Literal(str(order), datatype=n(str(XSD.integer))))
        add(prop, a_, qb["DimensionProperty" if kind == "dimension" else "MeasureProperty"])
        add(prop, range_, rng)
        if code_list is not None:
            add(prop, a_, qb["CodedProperty"])
            add(prop, qb["codeList"], code_list)
    add(score, label, text("score (percent)"))
    add(score, n(str(RDFS.subPropertyOf)), iri(SDMX_MEASURE, "obsValue"))

    # code lists: the dimensions under their areas; the two aspects
    add(dim_list, a_, qb["HierarchicalCodeList"])
    add(dim_list, label, text("eGGO areas and dimensions"))
    pcp = ox.BlankNode("childOfArea")  # a fixed label keeps the output stable
    add(dim_list, qb["parentChildProperty"], pcp)
    add(pcp, iri("http://www.w3.org/2002/07/owl#", "inverseOf"), skos["broader"])
    for r in run(store, "dimension-hierarchy"):
        area, dim = n(str(r["area"])), n(str(r["dimension"]))
        add(dim_list, qb["hierarchyRoot"], area)
        add(dim, skos["broader"], area)
        for node, code, name in (
            (area, r["areaCode"], r["areaName"]),
            (dim, r["dimensionCode"], r["dimensionName"]),
        ):
            add(node, a_, skos["Concept"])
            add(node, skos_notation, text(str(code), None))
            add(node, skos_label, text(str(name)))
    add(aspect_list, a_, skos["ConceptScheme"])
    add(aspect_list, label, text("eGGO rating aspects"))
    for code, node in aspects.items():
        add(node, a_, skos["Concept"])
        add(node, skos["inScheme"], aspect_list)
        add(node, skos_notation, text(code, None))

    # the data set and its observations, normalised
    add(dataset, a_, qb["DataSet"])
    add(dataset, qb["structure"], dsd)
    add(dataset, label, text("eGGO dimension scores"))
    for o in obs:
        node = _obs_iri(o)
        add(node, a_, qb["Observation"])
        add(node, qb["dataSet"], dataset)
        add(node, p_assessment, n(o.assessment_iri))
        add(node, p_dimension, n(o.dimension_iri))
        add(node, p_aspect, aspects[o.aspect])
        add(node, score, ox.Literal(o.score, datatype=n(str(XSD.decimal))))
    return sorted(set(t), key=str)


def export_cube(store: Store) -> bytes:
    """The Data Cube as Turtle."""
    return ox.serialize(cube_triples(store), format=ox.RdfFormat.TURTLE, prefixes=CUBE_PREFIXES)  # type: ignore[return-value]


def export_csv(store: Store) -> bytes:
    """The observations of the Data Cube as a CSV table."""
    rows = [vars(o) for o in observations(store)]
    return to_csv(rows, CSV_COLUMNS).encode()


def export_dataset(dataset: Store, fmt: ExportFormat) -> bytes:
    """The dataset in the chosen export format. The scores (qb, csv) come from queries, so any
    store gives them, a SPARQL endpoint too; the whole dataset (ttl, nt, jsonld, trig) only
    eggo's own store: an endpoint also holds graphs of its own, and may cut a long answer or
    relabel blank nodes, so eggo would not write back what was loaded."""
    if fmt is ExportFormat.qb:
        return export_cube(dataset)
    if fmt is ExportFormat.csv:
        return export_csv(dataset)
    if not isinstance(dataset, OxigraphStore):
        raise InputError(
            f"--format {fmt.value} exports the whole dataset, which eggo does not read back from "
            "a SPARQL endpoint",
            "--endpoint",
            "export the scores with --format qb or csv, or the files you loaded without "
            "--endpoint, or dump the store with its own tool (oxigraph dump; Virtuoso's "
            "dump_nquads)",
        )
    return export_rdf(dataset, fmt)
