"""The claim classifier (eggo_graph/claims.py): each family of patterns on texts of its own (not
the report's), the precedence between families, ambiguity, and its agreement on the embedded
Ukraine 2018 status texts."""

from __future__ import annotations

import doctest

import pytest

from eggo_graph import claims
from eggo_graph.claims import agreement, classify
from eggo_graph.questionnaire import status_claims

CASES = [
    # absent
    ("There is no national data exchange layer", "absent"),
    ("A registry of addresses is missing", "absent"),
    ("A cloud strategy does not exist", "absent"),
    ("Implementation roles between ministries are not defined", "absent"),
    ("A data protection authority is not established", "absent"),
    ("The portal is not yet launched", "absent"),
    ("Municipalities lack qualified IT staff", "absent"),
    ("No common standards apply to registries", "absent"),
    # formal
    ("The council formally exists but never meets", "formal"),
    ("Despite relevant legal provisions, agencies do not share data", "formal"),
    ("Roles are defined in the law", "formal"),
    # partial, qualified negation before absent
    ("Services are not fully digitised", "partial"),
    ("The registry exists, but its API is missing", "partial"),
    ("E-invoicing is partially rolled out", "partial"),
    ("Some ministries publish open data", "partial"),
    ("Only the tax office uses risk scoring", "partial"),
    # planned
    ("A cloud-first policy will be adopted next year", "planned"),
    ("Mobile identity is planned", "planned"),
    # indicator
    ("Around 64% of adults used e-services", "indicator"),
    ("There are 98 subscriptions per 100 people", "indicator"),
    ("The portal lists 12 500 datasets", "indicator"),
    # full
    ("A national CERT is in place", "full"),
    ("All schools are equipped with broadband", "full"),
    ("There is a single sign-on for every service", "full"),
]


@pytest.mark.parametrize(("text", "claim"), CASES)
def test_each_family_on_texts_of_its_own(text, claim):
    found = classify(text)
    assert found.claim == claim, (text, found)
    assert found.pattern  # the pattern that decided is recorded


def test_a_year_is_not_an_indicator():
    assert classify("The strategy was adopted in 2019").claim == "full"


def test_no_pattern_is_ambiguous_and_has_no_claim():
    found = classify("The ministry meets the agency weekly")
    assert found.claim is None and found.ambiguous
    assert found.reason == "no pattern matched"


def test_contradicting_sentences_are_ambiguous():
    found = classify("There is no registry of vehicles. Some cities keep their own lists.")
    assert found.claim == "absent" and found.ambiguous
    assert "partial" in found.alternatives and "partial" in found.reason


def test_one_sentence_is_decided_by_precedence():
    found = classify("There is no disaster recovery site in place")
    assert found.claim == "absent" and not found.ambiguous


def test_empty_text_has_no_claim_and_is_not_ambiguous():
    assert classify("", "  ") == claims.Classification(None)


def test_doctests():
    assert doctest.testmod(claims).failed == 0


def test_agreement_on_the_embedded_status_texts(store, ukraine):
    """The classifier against the editorial claims of the 115 status texts of UA-2018: the
    figure the README reports (benchmarks/claims.py prints it). Breaks if a pattern change
    loses more than a few of them, or if the graph stops giving the claims."""
    texts = status_claims(store, ukraine)
    assert len(texts) == 115 and all(t.claim and not t.derived for t in texts)
    result = agreement((t.code, t.status, t.claim) for t in texts)
    assert result.total == 115
    assert result.agree >= 105, result.disagreements
    assert sum(result.confusion.values()) == 115


def test_agreement_counts_what_it_says():
    result = agreement([("a", "There is no portal", "absent"), ("b", "There is no portal", "full")])
    assert (result.total, result.agree, result.percent) == (2, 1, 50.0)
    assert result.confusion == {("absent", "absent"): 1, ("full", "absent"): 1}
    assert result.disagreements == (("b", "There is no portal", "full", "absent"),)
