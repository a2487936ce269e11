"""The reconstruction under uncertainty: which ratings the published figures and the rules force,
which are judgement, and how many assignments fit. The only module that imports OR-Tools.

The model is read from the graph (queries ``reconstruction-*.rq``), never from a copy in Python:

- one integer variable per benchmark and aspect, in half-points (red 0, amber 1, green 2);
- every reported dimension score (a mean rounded half up to 0.1) becomes an exact range on the
  integer sum of its half-points, and a reported status a range from its thresholds;
- every violation rule of ``rules/`` that limits levels becomes a constraint: bounds on one
  rating (absent claim, the claim-level correspondence with its quoted exceptions, indicator
  bands, fact bounds, institution conditions, evidence for non-red), prerequisite links and
  shared facts between two, reported trends on a benchmark's pair;
- warnings (``foresight-not-below-progress``) stay soft: reported apart, never counted as hard.

Counting is exact. Ratings split into blocks (connected by constraints inside one dimension);
CP-SAT enumerates each block's solutions; blocks tied by cross-dimension constraints are joined
on the few variables those constraints touch (their "interface"). The number of solutions of a
group of tied blocks is the sum, over feasible interface assignments, of the product of the
blocks' matching solutions; sampling picks an interface assignment in proportion to that
product, then one matching solution per block uniformly: an exactly uniform draw.

The ranking over reconstructions re-scores each draw; the generated actions, which read levels
directly, are derived again by the recommendation rules on the drawn levels in a scratch copy of
the store (``RelevelledStore``), so an action may appear in some draws and not in others.
"""

from __future__ import annotations

import itertools
import math
import random
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, TypedDict

from .assessments import Assessment
from .codes import code_key
from .errors import EggoError, InputError
from .namespaces import EGGO
from .priority import DimensionScore, Recommendation, Stability
from .queries import run
from .store import Store
from .terms import term_text

if TYPE_CHECKING:
    from ortools.sat.python import cp_model
    from rdflib import Graph
    from rdflib.term import Node

    from .recommend import RankingInputs

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LEVELS = ("red", "amber", "green")  # half-points 0, 1, 2
ASPECTS = ("progress", "foresight")
MAX_BLOCK_SOLUTIONS = 2_000_000

# The violation rules of rules/ that limit levels, each modelled below; and those that check only
# the shape of the data (a test checks that the two lists cover every violation rule).
MODELLED_RULES = frozenset(
    {
        "reported-score-matches",
        "reported-status-matches",
        "trend-fits-ratings",
        "absent-claim-not-green",
        "claim-level-holds",
        "indicator-in-band",
        "same-measure-agree",
        "fact-bound-respected",
        "prerequisite-not-exceeded",
        "separated-roles-not-green",
        "exclusive-mandate-not-green",
        "evidence-for-non-red",
    }
)
STRUCTURAL_RULES = frozenset(
    {
        "benchmark-in-one-dimension",
        "dimension-in-one-area",
        "unique-codes",
        "rating-on-scale",
        "rating-well-formed",
        "rating-complete",
        "link-sourced",
        "bands-well-formed",
    }
)
SOFT_RULES = frozenset({"foresight-not-below-progress"})

Key = tuple[str, str]  # (benchmark code, aspect)
Assignment = tuple[int, ...]  # one block's levels, in the order of its keys


class ReconstructionError(EggoError):
    """The model cannot be solved as asked (e.g. a block too large to enumerate)."""


@dataclass(frozen=True)
class RatingVar:
    """One rating the reconstruction solves for, with the level the graph gives it."""

    code: str
    dimension: str
    aspect: str
    level: int | None  # half-points, None if not rated
    origin: str = ""
    rationale: str = ""
    rating: str = ""  # the rating's IRI
    benchmark: str = ""  # the benchmark's IRI
    dimension_iri: str = ""

    @property
    def key(self) -> Key:
        return (self.code, self.aspect)


@dataclass(frozen=True)
class Constraint:
    """One constraint of the model, named by the rule it comes from.

    kind: "allowed" (keys[0] takes one of ``values``), "le" (keys[0] ≤ keys[1]), "eq",
    "sum" (``low`` ≤ Σ keys ≤ ``high``), "pairs" ((keys[0], keys[1]) in ``pairs``).
    """

    rule: str
    kind: str
    keys: tuple[Key, ...]
    label: str
    values: frozenset[int] = frozenset()
    pairs: frozenset[tuple[int, int]] = frozenset()
    low: int = 0
    high: int = 0
    quote: str = ""
    line: int | None = None
    soft: bool = False

    def holds(self, x: Mapping[Key, int]) -> bool:
        v = [x[k] for k in self.keys]
        if self.kind == "allowed":
            return v[0] in self.values
        if self.kind == "le":
            return v[0] <= v[1]
        if self.kind == "eq":
            return v[0] == v[1]
        if self.kind == "sum":
            return self.low <= sum(v) <= self.high
        return (v[0], v[1]) in self.pairs

    def post(self, model: cp_model.CpModel, var: Mapping[Key, cp_model.IntVar]) -> None:
        """Add the constraint to a CP-SAT model."""
        v = [var[k] for k in self.keys]
        if self.kind == "allowed":
            for w in range(3):
                if w not in self.values:
                    model.add(v[0] != w)
        elif self.kind == "le":
            model.add(v[0] <= v[1])
        elif self.kind == "eq":
            model.add(v[0] == v[1])
        elif self.kind == "sum":
            model.add(sum(v) >= self.low)
            model.add(sum(v) <= self.high)
        else:  # forbidden pairs, through indicator booleans fixed by the two variables
            flags = [_indicators(model, x) for x in v]
            for a, b in itertools.product(range(3), repeat=2):
                if (a, b) not in self.pairs:
                    model.add_bool_or([flags[0][a].negated(), flags[1][b].negated()])

    @property
    def text(self) -> str:
        """The constraint as a reader sees it: what, which rule, and the passage's line."""
        where = f", line {self.line}" if self.line else ""
        return f"{self.label} ({self.rule}{where})"


def _indicators(model: cp_model.CpModel, x: cp_model.IntVar) -> list[cp_model.IntVar]:
    """One boolean per level, true exactly when ``x`` takes it."""
    flags = []
    for w in range(3):
        b = model.new_bool_var("")
        model.add(x == w).only_enforce_if(b)
        model.add(x != w).only_enforce_if(b.negated())
        flags.append(b)
    return flags


@dataclass
class Problem:
    """The model of one assessment's reconstruction, as read from the graph."""

    assessment: Assessment
    ratings: list[RatingVar]
    constraints: list[Constraint]
    figures: int  # how many published figures (scores and trends) constrain it
    names: dict[str, str] = field(default_factory=dict)  # dimension code -> name

    @property
    def keys(self) -> list[Key]:
        return [r.key for r in self.ratings]

    @property
    def hard(self) -> list[Constraint]:
        return [c for c in self.constraints if not c.soft]

    @property
    def soft(self) -> list[Constraint]:
        return [c for c in self.constraints if c.soft]

    def dimension_of(self, key: Key) -> str:
        return self._dims[key]

    def __post_init__(self) -> None:
        self._dims = {r.key: r.dimension for r in self.ratings}
        self._vars = {r.key: r for r in self.ratings}

    def var(self, key: Key) -> RatingVar:
        return self._vars[key]

    def given(self) -> dict[Key, int]:
        """The levels the graph gives (unrated ratings are missing)."""
        return {r.key: r.level for r in self.ratings if r.level is not None}

    def dimensions(self) -> list[str]:
        return sorted({r.dimension for r in self.ratings}, key=code_key)


# ---------------------------------------------------------------- reading the model from the graph


def _int(node: Node | None) -> int | None:
    return None if node is None else int(float(str(node)))


def _line(node: Node | None) -> int | None:
    return None if node is None else int(str(node))


def _score_range(percent: Fraction, n: int) -> tuple[int, int]:
    """The integer sums s of n half-point ratings whose mean, 100·s/(2n) rounded half up to
    0.1, is the percent: R − ½ ≤ 500·s/n < R + ½ with R = 10·percent."""
    r = round(percent * 10)
    low = math.ceil(Fraction(n * (2 * r - 1), 1000))
    high_excl = Fraction(n * (2 * r + 1), 1000)  # 1000·s < n·(2R+1)
    high = math.ceil(high_excl) - 1
    return low, high


def _status_range(low: object, high: object, n: int) -> tuple[int, int]:
    """The sums s whose unrounded score 50·s/n is above ``low`` and at most ``high``."""
    lo, hi = 0, 2 * n
    if low is not None:
        lo = max(lo, math.floor(Fraction(str(low)) * n / 50) + 1)
    if high is not None:
        hi = min(hi, math.floor(Fraction(str(high)) * n / 50))
    return lo, hi


_TRENDS = {
    "Finished": lambda p, f: p == 2,
    "Improving": lambda p, f: p < 2 and f > p,
    "NoImprovement": lambda p, f: p < 2 and f <= p,
}


def build_problem(store: Store, assessment: Assessment) -> Problem:
    """Read the variables and every constraint for one assessment from the store."""
    bind = {"assessment": assessment.term}
    ratings = []
    names: dict[str, str] = {}
    rows = run(store, "reconstruction-ratings", bind)
    for r in rows:
        value = r.get("value")
        ratings.append(
            RatingVar(
                code=term_text(r["code"]),
                dimension=term_text(r["dimensionCode"]),
                aspect=term_text(r["aspectLabel"]).lower(),
                level=None if value is None else round(float(str(value)) * 2),
                origin=term_text(r.get("origin")),
                rationale=term_text(r.get("rationale")),
                rating=term_text(r.get("rating")),
                benchmark=term_text(r["benchmark"]),
                dimension_iri=term_text(r["dimension"]),
            )
        )
        names[term_text(r["dimensionCode"])] = term_text(r.get("dimensionName"))
    unquoted = [
        (term_text(r["code"]), term_text(r["aspectLabel"]).lower())
        for r in rows
        if r.get("rating") is not None and str(r.get("quoted")).lower() in ("false", "0")
    ]
    by_dim: dict[tuple[str, str], list[Key]] = defaultdict(list)
    for v in ratings:
        by_dim[(v.dimension, v.aspect)].append(v.key)
    known = {v.key for v in ratings}
    constraints: list[Constraint] = []
    figures = 0
    for r in run(store, "reconstruction-figures", bind):
        quote, line = term_text(r.get("quote")), _line(r.get("line"))
        if term_text(r["kind"]) == "score":
            dim, aspect = term_text(r["dimensionCode"]), term_text(r["aspectLabel"]).lower()
            keys = tuple(by_dim.get((dim, aspect), ()))
            if not keys:
                continue
            figures += 1
            percent = Fraction(str(r["percent"]))
            low, high = _score_range(percent, len(keys))
            constraints.append(
                Constraint(
                    "reported-score-matches",
                    "sum",
                    keys,
                    f"reported score {dim} {aspect} {float(percent):.1f}%",
                    low=low,
                    high=high,
                    quote=quote,
                    line=line,
                )
            )
            if r.get("status") is not None:
                low, high = _status_range(r.get("low"), r.get("high"), len(keys))
                constraints.append(
                    Constraint(
                        "reported-status-matches",
                        "sum",
                        keys,
                        f"reported status {dim} {aspect} {term_text(r.get('statusLabel'))}",
                        low=low,
                        high=high,
                        quote=quote,
                        line=line,
                    )
                )
        else:
            code, trend = term_text(r["code"]), term_text(r["trend"])
            keys = ((code, "progress"), (code, "foresight"))
            if trend not in _TRENDS or not set(keys) <= known:
                continue
            figures += 1
            pairs = frozenset(
                (p, f) for p, f in itertools.product(range(3), repeat=2) if _TRENDS[trend](p, f)
            )
            constraints.append(
                Constraint(
                    "trend-fits-ratings",
                    "pairs",
                    keys,
                    f"reported trend of {code}: {trend}",
                    pairs=pairs,
                    quote=quote,
                    line=line,
                )
            )
    code_of = {v.benchmark: v.code for v in ratings}  # the assessment's framework only
    for r in run(store, "reconstruction-rules", bind):
        rule, kind = term_text(r["rule"]), term_text(r["kind"])
        found = code_of.get(term_text(r["benchmark"]))
        if found is None:
            continue
        code = found
        quote, line, why = term_text(r.get("quote")), _line(r.get("line")), term_text(r["why"])
        if kind == "bound":
            key = (code, term_text(r["aspectLabel"]).lower())
            if key not in known:
                continue
            least, most = _int(r.get("minimum")), _int(r.get("maximum"))
            allowed = {
                w for w in range(3) if (least is None or w >= least) and (most is None or w <= most)
            }
            extra = _int(r.get("allowed"))
            label = f"{code} {key[1]}: {why}"
            if extra is not None and extra not in allowed:
                allowed.add(extra)
                label += f", with its quoted exception for {LEVELS[extra]}"
            levels = "/".join(LEVELS[w] for w in sorted(allowed)) or "nothing"
            constraints.append(
                Constraint(
                    rule,
                    "allowed",
                    (key,),
                    f"{label}, so {levels}",
                    values=frozenset(allowed),
                    quote=quote,
                    line=line,
                )
            )
        else:
            other = code_of.get(term_text(r.get("other")))
            if other is None:
                continue
            for aspect in ASPECTS:
                keys = ((code, aspect), (other, aspect))
                if not set(keys) <= known:
                    continue
                constraints.append(
                    Constraint(
                        rule,
                        "le" if kind == "prerequisite" else "eq",
                        keys,
                        f"{why} ({aspect})",
                        quote=quote,
                        line=line,
                    )
                )
    for key in unquoted:
        constraints.append(
            Constraint(
                "evidence-for-non-red",
                "allowed",
                (key,),
                f"{key[0]} {key[1]}: no quoted evidence, so red",
                values=frozenset({0}),
            )
        )
    codes = sorted({v.code for v in ratings}, key=code_key)
    for code in codes:
        keys = ((code, "progress"), (code, "foresight"))
        if set(keys) <= known:
            constraints.append(
                Constraint(
                    "foresight-not-below-progress",
                    "le",
                    keys,
                    f"{code}: foresight not below progress",
                    soft=True,
                )
            )
    constraints = _dedupe(constraints)
    return Problem(assessment, ratings, constraints, figures, names)


def _dedupe(constraints: Iterable[Constraint]) -> list[Constraint]:
    seen: set[tuple[object, ...]] = set()
    out: list[Constraint] = []
    for c in constraints:
        sig = (c.rule, c.kind, c.keys, c.values, c.pairs, c.low, c.high, c.soft)
        if sig not in seen:
            seen.add(sig)
            out.append(c)
    return out


# ---------------------------------------------------------------- checking a given assignment


@dataclass(frozen=True)
class Broken:
    constraint: Constraint
    levels: dict[Key, int]


def check_given(problem: Problem) -> tuple[list[Broken], list[Broken], list[Key]]:
    """The hard and the soft constraints the given ratings break, and the ratings missing."""
    given = problem.given()
    missing = [k for k in problem.keys if k not in given]
    hard: list[Broken] = []
    soft: list[Broken] = []
    for c in problem.constraints:
        if any(k not in given for k in c.keys) or c.holds(given):
            continue
        (soft if c.soft else hard).append(Broken(c, {k: given[k] for k in c.keys}))
    return hard, soft, missing


# ---------------------------------------------------------------- enumerating and counting


class _Union:
    """Union-find over ratings."""

    def __init__(self, items: Iterable[Key]) -> None:
        self.parent = {i: i for i in items}

    def find(self, i: Key) -> Key:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: Key, b: Key) -> None:
        self.parent[self.find(a)] = self.find(b)


def _enumerate(
    keys: Sequence[Key], constraints: Sequence[Constraint], limit: int
) -> list[Assignment]:
    """Every assignment of ``keys`` meeting ``constraints``, by CP-SAT enumeration."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    var = {k: model.new_int_var(0, 2, f"{k[0]}/{k[1]}") for k in keys}
    for c in constraints:
        c.post(model, var)
    ordered = [var[k] for k in keys]
    found: list[Assignment] = []

    class Collect(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:
            found.append(tuple(self.value(v) for v in ordered))
            if len(found) > limit:
                self.stop_search()

    solver = cp_model.CpSolver()
    solver.parameters.enumerate_all_solutions = True
    solver.parameters.num_workers = 1
    solver.solve(model, Collect())
    if len(found) > limit:
        raise ReconstructionError(
            f"a block of {len(keys)} ratings has more than {limit} feasible assignments; "
            "too many to count exactly"
        )
    return sorted(set(found))


@dataclass
class _Block:
    """Ratings joined by constraints inside one dimension, and every solution of them."""

    keys: list[Key]
    solutions: list[Assignment]
    interface: list[int]  # positions of the keys that cross-block constraints touch
    # the solutions by their levels at the interface positions
    buckets: dict[Assignment, list[int]] = field(default_factory=dict)

    def project(self, i: int) -> Assignment:
        s = self.solutions[i]
        return tuple(s[p] for p in self.interface)


@dataclass
class Group:
    """Blocks tied by cross-dimension constraints, solved together."""

    blocks: list[_Block]
    combos: list[tuple[Assignment, ...]]  # feasible interface projections, one per block
    weights: list[int]  # solutions behind each combo

    @property
    def count(self) -> int:
        return sum(self.weights)

    @property
    def keys(self) -> list[Key]:
        return [k for b in self.blocks for k in b.keys]


@dataclass
class Solution:
    """The feasible set of a problem under its hard constraints, factored into groups."""

    problem: Problem
    groups: list[Group]

    def group_of(self, key: Key) -> Group:
        for g in self.groups:
            if key in g.keys:
                return g
        raise KeyError(key)

    def feasible(self) -> dict[Key, set[int]]:
        """Every rating's feasible levels."""
        out: dict[Key, set[int]] = {}
        for g in self.groups:
            for bi, b in enumerate(g.blocks):
                live = {c[bi] for c in g.combos}
                seen: list[set[int]] = [set() for _ in b.keys]
                for p in live:
                    for i in b.buckets[p]:
                        for j, w in enumerate(b.solutions[i]):
                            seen[j].add(w)
                for k, s in zip(b.keys, seen, strict=True):
                    out[k] = s
        return out

    @property
    def count(self) -> int:
        return math.prod(g.count for g in self.groups)

    def dimension_count(self, dimension: str) -> int:
        """How many assignments of the dimension's ratings extend to a feasible whole."""
        total = 1
        for g in self.groups:
            mine = [
                i
                for i, b in enumerate(g.blocks)
                if self.problem.dimension_of(b.keys[0]) == dimension
            ]
            if not mine:
                continue
            seen = {tuple(c[i] for i in mine) for c in g.combos}
            total *= sum(
                math.prod(len(g.blocks[i].buckets[p]) for i, p in zip(mine, t, strict=True))
                for t in seen
            )
        return total

    def tied(self, dimension: str) -> list[str]:
        """The other dimensions whose ratings are tied to this one's by cross-dimension rules."""
        out = set()
        for g in self.groups:
            dims = {self.problem.dimension_of(k) for k in g.keys}
            if dimension in dims:
                out |= dims
        return sorted(out - {dimension}, key=code_key)

    def group_count(self, dimension: str) -> int:
        """Joint assignments of the dimension and those tied to it."""
        total = 1
        for g in self.groups:
            if dimension in {self.problem.dimension_of(k) for k in g.keys}:
                total *= g.count
        return total

    def sample(self, rng: random.Random) -> dict[Key, int]:
        """One feasible assignment drawn exactly uniformly."""
        out: dict[Key, int] = {}
        for g in self.groups:
            combo = rng.choices(g.combos, weights=g.weights)[0]
            for b, p in zip(g.blocks, combo, strict=True):
                s = b.solutions[rng.choice(b.buckets[p])]
                out.update(zip(b.keys, s, strict=True))
        return out


def solve(
    problem: Problem,
    *,
    only: Iterable[Key] | None = None,
    limit: int = MAX_BLOCK_SOLUTIONS,
) -> Solution:
    """Enumerate the feasible set under the hard constraints exactly, factored into groups.
    ``only`` restricts the work to the groups that hold these ratings."""
    cons = problem.hard
    keys = problem.keys
    dim = problem.dimension_of
    inner = _Union(keys)
    whole = _Union(keys)
    for c in cons:
        for first, second in itertools.pairwise(c.keys):
            whole.join(first, second)
            if dim(first) == dim(second):
                inner.join(first, second)
    wanted = None if only is None else {whole.find(k) for k in only}
    blocks: dict[Key, list[Key]] = defaultdict(list)
    for k in keys:
        if wanted is None or whole.find(k) in wanted:
            blocks[inner.find(k)].append(k)
    block_of = {k: root for root, ks in blocks.items() for k in ks}
    cross = [c for c in cons if len({block_of.get(k) for k in c.keys}) > 1]
    touched = {k for c in cross for k in c.keys}
    by_block: dict[Key, list[Constraint]] = defaultdict(list)
    for c in cons:
        owners = {block_of.get(k) for k in c.keys}
        owner = owners.pop()
        if not owners and owner is not None:
            by_block[owner].append(c)
    made: dict[Key, _Block] = {}
    for root, ks in blocks.items():
        sols = _enumerate(ks, by_block[root], limit)
        block = _Block(ks, sols, [i for i, k in enumerate(ks) if k in touched])
        for i in range(len(sols)):
            block.buckets.setdefault(block.project(i), []).append(i)
        made[root] = block
    members: dict[Key, list[Key]] = defaultdict(list)
    for root in made:
        members[whole.find(root)].append(root)
    groups = []
    for roots in members.values():
        blist = [made[r] for r in roots]
        mine = [c for c in cross if block_of[c.keys[0]] in roots]
        combos: list[tuple[Assignment, ...]] = []
        weights: list[int] = []
        for combo in itertools.product(*(list(b.buckets) for b in blist)):
            x = {
                b.keys[p]: v
                for b, proj in zip(blist, combo, strict=True)
                for p, v in zip(b.interface, proj, strict=True)
            }
            if all(c.holds(x) for c in mine):
                combos.append(combo)
                weights.append(
                    math.prod(len(b.buckets[p]) for b, p in zip(blist, combo, strict=True))
                )
        groups.append(Group(blist, combos, weights))
    groups.sort(key=lambda g: min((code_key(k[0]), k[1]) for k in g.keys))
    return Solution(problem, groups)


# ---------------------------------------------------------------- why a rating is forced


def forcing_constraints(problem: Problem, key: Key, level: int) -> list[Constraint]:
    """A small set of hard constraints that together rule out every level of ``key`` but
    ``level``: for each other level, the rules that alone rule it out, else a
    deletion-minimised infeasible core."""
    from ortools.sat.python import cp_model

    cons = problem.hard
    related = _related(problem, key, cons)
    chosen: list[Constraint] = []
    for other in (w for w in range(3) if w != level):
        single = [
            c for c in related if c.kind == "allowed" and c.keys[0] == key and other not in c.values
        ]
        if single:  # each of these alone rules the level out: name them all
            chosen += [c for c in single if c not in chosen]
            continue
        core = list(related)

        def infeasible(subset: Sequence[Constraint], w: int = other) -> bool:
            model = cp_model.CpModel()
            keys = {k for c in subset for k in c.keys} | {key}
            var = {k: model.new_int_var(0, 2, "") for k in keys}
            model.add(var[key] == w)
            for c in subset:
                c.post(model, var)
            solver = cp_model.CpSolver()
            solver.parameters.num_workers = 1
            return solver.solve(model) == cp_model.INFEASIBLE

        if not infeasible(core):
            continue  # not forced away from this level
        for c in list(core):
            trial = [d for d in core if d is not c]
            if infeasible(trial):
                core = trial
        chosen += [c for c in core if c not in chosen]
    return chosen


def _related(problem: Problem, key: Key, cons: Sequence[Constraint]) -> list[Constraint]:
    """The constraints of the group that holds ``key`` (under the hard constraints)."""
    u = _Union(problem.keys)
    for c in cons:
        for a, b in itertools.pairwise(c.keys):
            u.join(a, b)
    root = u.find(key)
    return [c for c in cons if u.find(c.keys[0]) == root]


# ---------------------------------------------------------------- the report


class RatingJSON(TypedDict):
    """A rating in ``eggo reconstruct --format json``."""

    code: str
    aspect: str
    level: str
    forced: bool
    feasible: list[str]
    feasible_without_warnings: list[str]
    forced_by: list[str]
    rationale: str
    origin: str


class DimensionJSON(TypedDict):
    """A dimension in ``eggo reconstruct --format json``: its exact count of feasible
    assignments, and its ratings."""

    dimension: str
    count: int
    tied_with: list[str]
    group_count: int
    forced: int
    free: int
    ratings: list[RatingJSON]


class RatingRow(TypedDict):
    """A rating as a row (CSV, and the table for people)."""

    dimension: str
    code: str
    aspect: str
    level: str
    forced: str  # "forced" or "free"
    feasible: str
    feasible_without_warnings: str
    forced_by: str
    rationale: str
    dimension_count: int
    why: str  # the sentence eggo show prints


class DimensionRow(TypedDict):
    """A dimension as a row of the summary table."""

    dimension: str
    name: str
    ratings: int
    forced: int
    free: int
    count: str  # with thousands separators
    tied_with: str


class BrokenRow(TypedDict):
    """A constraint the given ratings break (``eggo reconstruct --check``)."""

    severity: str  # "violation" or "warning"
    rule: str
    constraint: str
    given: str
    quote: str
    line: int | None


@dataclass(frozen=True)
class RatingLatitude:
    """One rating: the level the graph gives, and what the model allows."""

    code: str
    dimension: str
    aspect: str
    level: str
    feasible: list[str]
    feasible_without_warnings: list[str]
    forced_by: list[str]
    rationale: str
    origin: str
    rating: str

    @property
    def forced(self) -> bool:
        return len(self.feasible) == 1

    def as_dict(self) -> RatingJSON:
        return {
            "code": self.code,
            "aspect": self.aspect,
            "level": self.level,
            "forced": self.forced,
            "feasible": self.feasible,
            "feasible_without_warnings": self.feasible_without_warnings,
            "forced_by": self.forced_by,
            "rationale": self.rationale,
            "origin": self.origin,
        }

    def sentence(self) -> str:
        """ "forced by ..." or "feasible: amber, green; amber chosen because ..."."""
        if not self.feasible:
            return "infeasible: no level meets the published figures and the rules"
        if self.forced:
            return "forced by " + " and ".join(self.forced_by)
        why = f"; {self.level} chosen because {_lower_first(self.rationale)}" if self.level else ""
        return "feasible: " + ", ".join(self.feasible) + why


_STARTERS = {"a", "an", "the", "no", "there", "it", "its", "this", "both", "all", "some", "only"}


def _lower_first(text: str) -> str:
    """The rationale after "because": a common first word lower-cased, names kept."""
    text = text.strip()
    if not text:
        return "(no rationale recorded)"
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if first.lower() in _STARTERS else text


@dataclass(frozen=True)
class DimensionLatitude:
    """One dimension: how many assignments of its ratings are feasible, and each rating."""

    dimension: str
    count: int
    tied_with: list[str]
    group_count: int
    ratings: list[RatingLatitude]

    @property
    def forced(self) -> int:
        return sum(r.forced for r in self.ratings)

    def as_dict(self) -> DimensionJSON:
        return {
            "dimension": self.dimension,
            "count": self.count,
            "tied_with": self.tied_with,
            "group_count": self.group_count,
            "forced": self.forced,
            "free": len(self.ratings) - self.forced,
            "ratings": [r.as_dict() for r in self.ratings],
        }


@dataclass
class Report:
    """What ``eggo reconstruct`` says of one assessment."""

    problem: Problem
    feasible: bool
    broken: list[Broken]
    warnings: list[Broken]
    missing: list[Key]
    dimensions: list[DimensionLatitude]
    hard: Solution

    @property
    def assessment(self) -> Assessment:
        return self.problem.assessment

    @property
    def count(self) -> int:
        return self.hard.count

    def rating(self, code: str, aspect: str) -> RatingLatitude:
        for d in self.dimensions:
            for r in d.ratings:
                if r.code == code and r.aspect == aspect:
                    return r
        raise KeyError((code, aspect))

    def rating_rows(self) -> list[RatingRow]:
        """Every rating as a row, dimension by dimension."""
        return [
            {
                "dimension": d.dimension,
                "code": r.code,
                "aspect": r.aspect,
                "level": r.level,
                "forced": "forced" if r.forced else "free",
                "feasible": " ".join(r.feasible),
                "feasible_without_warnings": " ".join(r.feasible_without_warnings),
                "forced_by": "; ".join(r.forced_by),
                "rationale": r.rationale,
                "dimension_count": d.count,
                "why": r.sentence(),
            }
            for d in self.dimensions
            for r in d.ratings
        ]

    def dimension_rows(self) -> list[DimensionRow]:
        """Every dimension's count of feasible assignments, and how many of its ratings are
        forced."""
        return [
            {
                "dimension": d.dimension,
                "name": self.problem.names.get(d.dimension, ""),
                "ratings": len(d.ratings),
                "forced": d.forced,
                "free": len(d.ratings) - d.forced,
                "count": f"{d.count:,}",
                "tied_with": ", ".join(d.tied_with),
            }
            for d in self.dimensions
        ]


def broken_rows(broken: Iterable[Broken], warnings: Iterable[Broken]) -> list[BrokenRow]:
    """The constraints the given ratings break, violations first, each with the levels given
    and the passage the constraint rests on."""
    return [
        {
            "severity": severity,
            "rule": b.constraint.rule,
            "constraint": b.constraint.label,
            "given": ", ".join(f"{k[0]} {k[1]} {LEVELS[v]}" for k, v in b.levels.items()),
            "quote": b.constraint.quote,
            "line": b.constraint.line,
        }
        for severity, found in (("violation", broken), ("warning", warnings))
        for b in found
    ]


def _latitude(
    problem: Problem, key: Key, hard: Mapping[Key, set[int]], soft: Mapping[Key, set[int]]
) -> RatingLatitude:
    v = problem.var(key)
    feasible = sorted(hard.get(key, set()))
    forced_by = []
    if len(feasible) == 1:
        forced_by = [c.text for c in forcing_constraints(problem, key, feasible[0])]
    return RatingLatitude(
        code=v.code,
        dimension=v.dimension,
        aspect=v.aspect,
        level="" if v.level is None else LEVELS[v.level],
        feasible=[LEVELS[w] for w in feasible],
        feasible_without_warnings=[LEVELS[w] for w in sorted(soft.get(key, set()))],
        forced_by=forced_by,
        rationale=v.rationale,
        origin=v.origin,
        rating=v.rating,
    )


def levels_meeting_warnings(
    problem: Problem, keys: Iterable[Key], hard: Mapping[Key, set[int]]
) -> dict[Key, set[int]]:
    """For each rating, the hard-feasible levels still feasible when the warnings are kept as
    well. Per group, CP-SAT looks for a solution that reaches as many not-yet-seen (rating,
    level) pairs as it can, until no unseen pair is reachable: a few solves per group."""
    from ortools.sat.python import cp_model

    cons = problem.constraints
    u = _Union(problem.keys)
    for c in cons:
        for a, b in itertools.pairwise(c.keys):
            u.join(a, b)
    by_group: dict[Key, list[Key]] = defaultdict(list)
    for key in keys:
        by_group[u.find(key)].append(key)
    out: dict[Key, set[int]] = {k: set() for k in keys}
    for root, mine in by_group.items():
        group_cons = [c for c in cons if u.find(c.keys[0]) == root]
        group_keys = sorted({k for c in group_cons for k in c.keys} | set(mine))
        unseen = {(k, w) for k in mine for w in hard.get(k, ())}
        while unseen:
            model = cp_model.CpModel()
            var = {k: model.new_int_var(0, 2, "") for k in group_keys}
            for c in group_cons:
                c.post(model, var)
            reach = []
            for k, w in sorted(unseen):
                flag = model.new_bool_var("")
                model.add(var[k] == w).only_enforce_if(flag)
                reach.append(flag)
            model.maximize(sum(reach))
            solver = cp_model.CpSolver()
            solver.parameters.num_workers = 1
            if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                break
            hit = {(k, solver.value(var[k])) for k in mine} & unseen
            if not hit:
                break
            for k, w in hit:
                out[k].add(w)
            unseen -= hit
    return out


def reconstruct(
    store: Store,
    assessment: Assessment,
    *,
    codes: Iterable[str] | None = None,
    progress: Callable[[], None] | None = None,
) -> Report:
    """Check the given ratings, and for every rating (or those of ``codes``) say whether it is
    forced or free under the published figures and the violation rules, with the levels that
    also meet the warnings; and for every dimension count its feasible assignments exactly."""
    problem = build_problem(store, assessment)
    broken, warnings, missing = check_given(problem)
    only = None
    if codes is not None:
        wanted = set(codes)
        only = [k for k in problem.keys if k[0] in wanted]
    hard = solve(problem, only=only)
    hard_levels = hard.feasible()
    soft_levels = levels_meeting_warnings(problem, list(hard_levels), hard_levels)
    dims = []
    for d in problem.dimensions():
        keys = [k for k in problem.keys if problem.dimension_of(k) == d and k in hard_levels]
        if codes is not None:
            keys = [k for k in keys if k[0] in wanted]
        if not keys:
            continue
        ratings = []
        for k in keys:
            ratings.append(_latitude(problem, k, hard_levels, soft_levels))
            if progress:
                progress()
        dims.append(
            DimensionLatitude(
                d, hard.dimension_count(d), hard.tied(d), hard.group_count(d), ratings
            )
        )
    return Report(problem, hard.count > 0, broken, warnings, missing, dims, hard)


def check_reconstruction(
    store: Store, assessment: Assessment
) -> tuple[Problem, list[Broken], list[Broken]]:
    """Does the assessment's own assignment meet the model? The hard and the soft constraints it
    breaks (unrated ratings are reported as broken ``rating-complete``)."""
    problem = build_problem(store, assessment)
    broken, warnings, missing = check_given(problem)
    for key in missing:
        c = Constraint("rating-complete", "allowed", (key,), f"{key[0]} {key[1]} is not rated")
        broken.append(Broken(c, {}))
    return problem, broken, warnings


# ---------------------------------------------------------------- the results as a graph


def report_graph(report: Report, when: str | None = None) -> Graph:
    """The results as RDF with their provenance: an activity that used the assessment and the
    rules, one node per dimension (feasible assignments) and per rating (feasible levels, and
    what forces it)."""
    from datetime import UTC, datetime

    from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import PROV

    from .namespaces import EGGO

    g = Graph()
    g.bind("eggo", EGGO)
    g.bind("prov", PROV)
    a = report.assessment
    base = f"{a.iri}/reconstruction-latitude"
    run_node = URIRef(base)
    ns = Namespace(base + "/")
    level_node = {name: EGGO[name.capitalize()] for name in LEVELS}
    g.add((run_node, RDF.type, PROV.Activity))
    g.add((run_node, RDFS.label, Literal(f"eggo reconstruct of {a.id}", lang="en")))
    g.add((run_node, PROV.used, URIRef(a.iri)))
    g.add((run_node, PROV.wasAssociatedWith, URIRef("https://w3id.org/eggo/software/eggo")))
    stamp = when or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    g.add((run_node, PROV.endedAtTime, Literal(stamp, datatype=XSD.dateTime)))
    g.add((run_node, EGGO.publishedFigures, Literal(report.problem.figures)))
    g.add((run_node, EGGO.feasibleAssignments, Literal(report.count)))
    g.add((run_node, EGGO.givenRatingsFeasible, Literal(not report.broken)))
    dim_iri = {v.dimension: v.dimension_iri for v in report.problem.ratings}
    for d in report.dimensions:
        node = ns[f"dimension-{d.dimension}"]
        g.add((node, RDF.type, EGGO.DimensionLatitude))
        g.add((node, EGGO.dimension, URIRef(dim_iri[d.dimension])))
        g.add((node, EGGO.feasibleAssignments, Literal(d.count)))
        for other in d.tied_with:
            g.add((node, EGGO.tiedWith, URIRef(dim_iri[other])))
        g.add((node, PROV.wasGeneratedBy, run_node))
        for r in d.ratings:
            rn = ns[f"rating-{r.code}-{r.aspect}"]
            g.add((rn, RDF.type, EGGO.RatingLatitude))
            if r.rating:
                g.add((rn, EGGO.rating, URIRef(r.rating)))
            g.add((rn, EGGO.forced, Literal(r.forced)))
            for lv in r.feasible:
                g.add((rn, EGGO.feasibleLevel, level_node[lv]))
            for lv in r.feasible_without_warnings:
                g.add((rn, EGGO.feasibleLevelWithoutWarnings, level_node[lv]))
            for why in r.forced_by:
                g.add((rn, EGGO.forcedBy, Literal(why, lang="en")))
            g.add((rn, PROV.wasGeneratedBy, run_node))
    return g


def rating_latitude(store: Store, assessment: Assessment, code: str) -> list[RatingLatitude]:
    """One benchmark's ratings, each forced or free (for ``eggo show``)."""
    report = reconstruct(store, assessment, codes=[code])
    return [r for d in report.dimensions for r in d.ratings if r.code == code]


# ---------------------------------------------------------------- the ranking over reconstructions


def draw(solution: Solution, n: int, seed: int = 2018) -> list[dict[Key, int]]:
    """N diverse feasible reconstructions: drawn exactly uniformly without replacement (every
    N-subset of the feasible set equally likely), or all of them when there are at most N."""
    rng = random.Random(seed)
    total = solution.count
    if total <= n:
        return _all_assignments(solution)
    seen: set[tuple[tuple[Key, int], ...]] = set()
    out: list[dict[Key, int]] = []
    while len(out) < n:
        x = solution.sample(rng)
        sig = tuple(sorted(x.items()))
        if sig not in seen:
            seen.add(sig)
            out.append(x)
    return out


def _all_assignments(solution: Solution) -> list[dict[Key, int]]:
    per_group = []
    for g in solution.groups:
        options = []
        for combo in g.combos:
            for picks in itertools.product(
                *(b.buckets[p] for b, p in zip(g.blocks, combo, strict=True))
            ):
                x: dict[Key, int] = {}
                for b, i in zip(g.blocks, picks, strict=True):
                    x.update(zip(b.keys, b.solutions[i], strict=True))
                options.append(x)
        per_group.append(options)
    return [
        {k: v for part in parts for k, v in part.items()} for parts in itertools.product(*per_group)
    ]


def rescored(
    problem: Problem,
    x: Mapping[Key, int],
    recommendations: Sequence[Recommendation],
    dimensions: Mapping[str, DimensionScore],
) -> tuple[list[Recommendation], dict[str, DimensionScore]]:
    """The ranking inputs under another reconstruction: each dimension's progress and foresight
    (the mean of its levels) and each recommendation's headroom (what the benchmarks it
    addresses can still gain: (1 − value) × 100 / the dimension's size, as the query computes)."""
    from dataclasses import replace

    size = dimension_sizes(problem)
    dims: dict[str, DimensionScore] = {}
    for code, d in dimensions.items():
        p = [x[k] for k in x if k[1] == "progress" and problem.dimension_of(k) == code]
        f = [x[k] for k in x if k[1] == "foresight" and problem.dimension_of(k) == code]
        if not p or not f:
            dims[code] = d
            continue
        dims[code] = DimensionScore(code, d.name, 50 * sum(p) / len(p), 50 * sum(f) / len(f))
    recs = []
    for r in recommendations:
        gain = 0.0
        for b in r.benchmarks:
            level = x.get((b, "progress"))
            if level is not None:
                gain += (2 - level) / 2 * 100 / size[problem.dimension_of((b, "progress"))]
        recs.append(replace(r, headroom=gain))
    return recs, dims


def dimension_sizes(problem: Problem) -> dict[str, int]:
    """How many benchmarks each dimension has."""
    out: dict[str, int] = defaultdict(int)
    for v in problem.ratings:
        if v.aspect == "progress":
            out[v.dimension] += 1
    return out


@dataclass(frozen=True)
class ReconstructionStability:
    rows: list[Stability]  # one per recommendation: the shipped order, then those it lacks
    median_tau: float
    draws: int
    feasible: int  # how many feasible reconstructions there are
    exhaustive: bool  # every feasible reconstruction was used
    generated: bool  # the generated actions were derived again under each draw
    missing: float = 0.0  # the median number of the shipped list's actions a draw lacks
    added: float = 0.0  # the median number of actions a draw has that the shipped list lacks


class RelevelledStore:
    """A scratch copy of a store in which one assessment's ratings take other levels, so that
    the recommendation rules can run again on them. The user's store is never changed: the copy
    holds every graph but the generated ones, and each ``generated`` call rewrites the ratings'
    ``eggo:level`` in place and runs the rules afresh."""

    def __init__(self, store: Store, assessment: Assessment, problem: Problem) -> None:
        import pyoxigraph as ox

        from .recommendation_rules import GENERATED
        from .store import OxigraphStore

        if not isinstance(store, OxigraphStore):
            raise InputError(
                "the generated actions are derived again in the embedded store, not on an endpoint",
                "--endpoint",
                "load the assessment with --data instead, or use --source reported",
            )
        self.assessment = assessment
        self.copy = OxigraphStore()
        # the rules run for every assessment in the copy: leave out the graphs that hold only
        # other assessments (and every generated graph, which the rules write afresh)
        source = store.oxigraph
        kind = ox.NamedNode(str(EGGO.Assessment))
        declared: dict[str, set[str]] = defaultdict(set)
        for q in source.quads_for_pattern(None, ox.NamedNode(str(RDF_TYPE)), kind, None):
            declared[str(q.graph_name)].add(str(q.subject))
        mine = f"<{assessment.iri}>"
        others = {g for g, found in declared.items() if mine not in found}
        self.copy.oxigraph.extend(
            q
            for q in source.quads_for_pattern(None, None, None, None)
            if not str(q.graph_name).endswith(GENERATED + ">") and str(q.graph_name) not in others
        )
        self._level = ox.NamedNode(str(EGGO.level))
        self._levels = [ox.NamedNode(str(EGGO[name.capitalize()])) for name in LEVELS]
        self._quads: dict[Key, ox.Quad] = {}
        for v in problem.ratings:
            if v.rating:
                for q in self.copy.oxigraph.quads_for_pattern(
                    ox.NamedNode(v.rating), self._level, None, None
                ):
                    self._quads[v.key] = q

    def generated(self, x: Mapping[Key, int]) -> list[Recommendation]:
        """The generated recommendations of the assessment with its ratings at the levels of
        ``x`` (ratings the graph leaves unrated stay unrated)."""
        import pyoxigraph as ox

        from .recommend import generated_recommendations
        from .recommendation_rules import generate

        store = self.copy.oxigraph
        for key, old in list(self._quads.items()):
            new = ox.Quad(old.subject, old.predicate, self._levels[x[key]], old.graph_name)
            if new != old:
                store.remove(old)
                store.add(new)
                self._quads[key] = new
        generate(self.copy, refresh=True)
        return generated_recommendations(self.copy, self.assessment)


def stability_over_reconstructions(
    store: Store,
    assessment: Assessment,
    inputs: RankingInputs,
    draws: int,
    *,
    seed: int = 2018,
    progress: Callable[[], None] | None = None,
) -> ReconstructionStability:
    """Rank each recommendation under N diverse feasible reconstructions: its median rank, its
    5–95% rank interval, and the median Kendall tau of each ranking against the one the
    shipped ratings give (ranked as ``eggo recommend`` ranks, prerequisites first).

    Under each reconstruction the dimension scores and the headroom are computed from its
    levels. The assessment's own (reported) recommendations stay the same list; the generated
    actions are derived again by the recommendation rules on the drawn levels, so they may
    differ from draw to draw: each row says in how many draws its action appears, and its
    ranks are over those draws (``priority.summarise_ranks``)."""
    from .priority import prioritise, summarise_ranks
    from .recommend import prerequisites_first

    problem = build_problem(store, assessment)
    if not problem.figures:
        raise InputError(
            f"{assessment.id} has no published figures to reconstruct its ratings from (they "
            "were assessed, not reconstructed), so there is no reconstruction to vary",
            "--over reconstructions",
            "use --over weights N, or record its published dimension scores "
            "(eggo:ReportedScore) to constrain the ratings",
        )
    solution = solve(problem)
    if solution.count == 0:
        raise ReconstructionError(
            f"no reconstruction of {assessment.id} meets its published figures and rules; "
            "run 'eggo reconstruct --check' to see which constraint breaks"
        )
    own = [r for r in inputs.recommendations if r.source != "generated"]
    derive = len(own) < len(inputs.recommendations)
    relevelled = RelevelledStore(store, assessment, problem) if derive else None

    def ranking(recs: list[Recommendation], dims: Mapping[str, DimensionScore]) -> dict[str, int]:
        ranked = prerequisites_first(prioritise(recs, dims, inputs.graph))
        return {p.recommendation.id: p.rank for p in ranked}

    base = ranking(inputs.recommendations, inputs.dimensions)
    rankings = []
    chosen = draw(solution, draws, seed)
    for x in chosen:
        recs, dims = rescored(problem, x, own, inputs.dimensions)
        if relevelled is not None:
            recs += [r for r in relevelled.generated(x) if r.dimension in dims]
        rankings.append(ranking(recs, dims))
        if progress:
            progress()
    rows, tau = summarise_ranks(base, rankings)
    return ReconstructionStability(
        rows,
        tau,
        len(chosen),
        solution.count,
        len(chosen) == solution.count,
        derive,
        statistics.median(len(base.keys() - r.keys()) for r in rankings),
        statistics.median(len(r.keys() - base.keys()) for r in rankings),
    )
