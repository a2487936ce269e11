"""What an evidence text claims, read from its wording: absent, formal, partial, full, planned,
indicator, or nothing this module can tell.

An assessor may leave the questionnaire's ``claim`` cell empty; ``eggo import`` then derives the
claim from the status and evidence text with these patterns, marks it as derived
(``eggo:claimOrigin eggo:Derived``) and records the pattern that matched (``eggo:claimPattern``),
so the evidence rules (``rules/evidence.ttl``) can check the ratings against it.

The patterns are ordered rules in families. Each family stands for one claim; the first family
(in ``PRECEDENCE`` order) with a matching pattern decides. Why this order:

- **indicator** first: a number with a unit ("20%", "per 100") is the most checkable reading,
  whatever words surround it;
- **formal** before absent: "formally exists but has not met" and "despite relevant legal
  provisions, there is no ..." describe a thing on paper only;
- **qualified** ("not fully", "not properly", "but ... is missing", "only partially") before
  absent: a negation with a qualifier or after a "but" says the thing exists in part;
- **absent** ("there is no", "is missing", "does not exist", "not yet", "lack") before planned:
  "no standards; some will be introduced" is absent today, and the plan is foresight;
- **partial** ("some", "only", "initial", "ad hoc", "being introduced", "part of") before
  planned: "most services are web-based; mobile services are planned" is partial today;
- **planned** ("planned", "will be", "in the strategies");
- **full** last ("in place", "there is a", "all", "completed"): the default positive reading.

Within one sentence the precedence decides ("there is no X in place" is absent). A text is
**ambiguous** when two of its sentences read as contradicting claims (absent against full,
formal, partial or planned: "No standards. Some will be introduced"), or when no pattern
matches at all: the import still uses the first family's claim (or none), and lists the row
for a person to look at. The
agreement with the claims of the embedded Ukraine 2018 status texts is measured by
``benchmarks/claims.py``; the patterns were written reading those texts, so that figure is
in-sample. Matching is case-insensitive on whole words; no pattern names a single text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

ABSENT, FORMAL, PARTIAL, FULL, PLANNED, INDICATOR, CONTEXT = (
    "absent",
    "formal",
    "partial",
    "full",
    "planned",
    "indicator",
    "context",
)
CLAIMS = (ABSENT, FORMAL, PARTIAL, FULL, PLANNED, INDICATOR, CONTEXT)

# family -> (claim, patterns). A pattern is a regular expression matched case-insensitively.
FAMILIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "indicator": (
        INDICATOR,
        (
            r"\d+(?:[.,]\d+)?\s*(?:%|percent\b|per cent\b)",
            r"\bper 100\b",
            r"\b\d{1,3}(?:[ ,]\d{3})+\b",
            r"\b(?!(?:19|20)\d\d\b)\d{4,}\b",
        ),
    ),
    "formal": (
        FORMAL,
        (
            r"\bformally\b",
            r"\bformal \w+(?: \w+)?,? but\b",
            r"\bon paper\b",
            r"\b(?:relevant|existing) (?:legal|legislative|regulatory) provisions\b",
            r"\b(?:legal|legislative) provisions (?:are )?in place but\b",
            r"\bdefined in the law\b",
            r"\bare defined but\b",
        ),
    ),
    "qualified": (
        PARTIAL,
        (
            r"\bnot (?:fully|properly|widely|clearly|sufficiently|systematically|consistently"
            r"|always|completely|entirely|yet fully)\b",
            r"\bbut\b[^.]*\b(?:is|are) (?:missing|lacking|incomplete)\b",
            r"\bbut\b[^.]*\bno\b",
            r"\bonly partially\b",
            r"\bpartially\b",
            r"\bpartly\b",
            r"\bless than half\b",
        ),
    ),
    "absent": (
        ABSENT,
        (
            r"\bthere (?:is|are|has been|have been|was|were) no\b",
            r"^no\b",
            r"\.\s*no\b",
            r"\bno \w+ (?:is|are) (?:used|in place|available)\b",
            r"\bis missing\b",
            r"\bare missing\b",
            r"\bdoes not exist\b",
            r"\bdo not exist\b",
            r"\bnon-?existent\b",
            r"\bnot yet\b",
            r"\bnot (?:been )?launched\b",
            r"\bhas not (?:commenced|started|begun)\b",
            r"\bhave not (?:commenced|started|begun)\b",
            r"\black(?:s|ing)?\b",
            r"\b(?:does|do|did) not\b",
            r"\b(?:is|are) not (?:a |handled|cleansed|used|in place|available|recommended)",
            r"\b(?:is|are) not (?:defined|established|assigned)\b",
            r"\bwithout\b",
            r"\babsent\b",
            r"\bnone\b",
        ),
    ),
    "planned": (
        PLANNED,
        (
            r"\bplanned\b",
            r"\bplans? to\b",
            r"\bwill be\b",
            r"\bwill\b",
            r"\bis (?:to be|being prepared|under preparation)\b",
            r"\bin the (?:strategy|strategies|roadmap|action plan)\b",
            r"\btargeting\b",
        ),
    ),
    "partial": (
        PARTIAL,
        (
            r"\bsome\b",
            r"\bonly\b",
            r"\binitial\b",
            r"\bemerging\b",
            r"\bad hoc\b",
            r"\bcase by case\b",
            r"\bselected\b",
            r"\bfew\b",
            r"\bmixed\b",
            r"\bincomplete\b",
            r"\binformal\b",
            r"\bbeing (?:introduced|piloted|developed|rolled out)\b",
            r"\bongoing\b",
            r"\bpilot(?:ed|ing)?\b",
            r"\bweak\b",
            r"\binefficient\b",
            r"\bopportunistic\b",
            r"\bmay\b",
            r"\bmost\b",
            r"\bbut\b",
            r"\bimplicitly\b",
            r"(?<!as )\bpart of\b",
            r"\boverlapping\b",
        ),
    ),
    "full": (
        FULL,
        (
            r"\bin place\b",
            r"\bthere (?:is|are) an?\b",
            r"\ball\b",
            r"\bcompleted?\b",
            r"\badopted\b",
            r"\bexists?\b",
            r"\bguaranteed\b",
            r"\bequipped\b",
            r"\bdefined\b",
            r"\bsatisfactory\b",
            r"\bmajority\b",
            r"\bregulated\b",
            r"\bestablished\b",
            r"\boperational\b",
            r"\bfully\b",
            r"\bincreasing\b",
            r"\bdriving forces?\b",
        ),
    ),
}
PRECEDENCE = ("indicator", "formal", "qualified", "absent", "partial", "planned", "full")

# Families whose claims contradict each other when both match; these make a text ambiguous.
_CONFLICTS = {
    frozenset({ABSENT, FULL}),
    frozenset({ABSENT, FORMAL}),
    frozenset({ABSENT, PLANNED}),
    frozenset({ABSENT, PARTIAL}),
}
_COMPILED = {
    family: (claim, tuple(re.compile(p, re.IGNORECASE) for p in patterns))
    for family, (claim, patterns) in FAMILIES.items()
}


@dataclass(frozen=True)
class Classification:
    """The claim read from a text (None when nothing matched), the pattern that decided it, and
    whether a person should look (``ambiguous``: conflicting families matched, or none did)."""

    claim: str | None
    pattern: str = ""
    ambiguous: bool = False
    alternatives: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        """Why a person should look, in a few words ("" when not ambiguous)."""
        if not self.ambiguous:
            return ""
        if self.claim is None:
            return "no pattern matched"
        return f"read as {self.claim}, but the text also reads as {', '.join(self.alternatives)}"


def _matches(text: str) -> dict[str, str]:
    """family -> the first of its patterns that matches the text."""
    found: dict[str, str] = {}
    for family in PRECEDENCE:
        _, patterns = _COMPILED[family]
        for pattern in patterns:
            if pattern.search(text):
                found[family] = pattern.pattern
                break
    return found


def classify(*texts: str) -> Classification:
    """The claim of the given texts (a status, then its evidence), read as one text.

    >>> classify("There is no centralized public sector data center").claim
    'absent'
    >>> classify("About 55% of households access internet").claim
    'indicator'
    """
    text = " ".join(t.strip() for t in texts if t and t.strip())
    if not text:
        return Classification(None)
    found = _matches(text)
    if not found:
        return Classification(None, ambiguous=True)
    family = next(f for f in PRECEDENCE if f in found)
    claim = _COMPILED[family][0]
    # Ambiguous: two sentences read as contradicting claims ("No standards. Some will be
    # introduced"). Within one sentence the precedence decides.
    readings = {c for c in (_sentence_claim(s) for s in _SENTENCES.split(text)) if c}
    conflicting = tuple(
        sorted(c for c in readings - {claim} if frozenset({claim, c}) in _CONFLICTS)
    )
    if not conflicting:
        pairs = [frozenset({a, b}) for a in readings for b in readings if a < b]
        if any(p in _CONFLICTS for p in pairs):
            conflicting = tuple(sorted(readings - {claim}))
    return Classification(claim, found[family], bool(conflicting), conflicting)


_SENTENCES = re.compile(r"(?<=[.;!?])\s+")


def _sentence_claim(sentence: str) -> str | None:
    found = _matches(sentence)
    family = next((f for f in PRECEDENCE if f in found), None)
    return _COMPILED[family][0] if family else None


@dataclass(frozen=True)
class Agreement:
    """How often the classifier reads texts as a reference reading does."""

    total: int
    agree: int
    ambiguous: int
    unread: int  # texts no pattern matched
    # (expected, derived or "none") -> count
    confusion: dict[tuple[str, str], int]
    disagreements: tuple[tuple[str, str, str, str], ...]  # (id, text, expected, derived)

    @property
    def percent(self) -> float:
        return 100 * self.agree / self.total if self.total else 0.0


def agreement(items: Iterable[tuple[str, str, str]]) -> Agreement:
    """Classify each (id, text, expected claim keyword) and compare with the expected claim."""
    confusion: dict[tuple[str, str], int] = {}
    disagreements = []
    total = agree = ambiguous = unread = 0
    for ident, text, expected in items:
        found = classify(text)
        derived = found.claim or "none"
        total += 1
        agree += derived == expected
        ambiguous += found.ambiguous
        unread += found.claim is None
        confusion[(expected, derived)] = confusion.get((expected, derived), 0) + 1
        if derived != expected:
            disagreements.append((ident, text, expected, derived))
    return Agreement(total, agree, ambiguous, unread, confusion, tuple(disagreements))
