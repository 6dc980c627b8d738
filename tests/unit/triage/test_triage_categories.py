"""Category classifier on invented reports in every register (formal, hotline, SMS, chat).

Every lexicon pattern must be exercised by at least one example of category_examples.py
or category_hard_cases.py (`test_every_lexicon_pattern_has_an_example`), so a new rule
needs a new example.
"""

from __future__ import annotations

import pytest

from schemas.triage import Category as C
from services.triage.domain.category import Classification, classify
from services.triage.domain.text.lexicon import Lexicons
from tests.unit.triage.category_examples import PER_CATEGORY
from tests.unit.triage.category_hard_cases import MIXED_AND_HARD, NEGATED
from tests.unit.triage.category_indirect import INDIRECT

pytestmark = pytest.mark.unit

EXAMPLES = PER_CATEGORY + MIXED_AND_HARD + INDIRECT


def run(lexicons: Lexicons, text: str) -> Classification:
    tokens = lexicons.normaliser.tokens(text)
    return classify(lexicons, tokens, lexicons.index.find(tokens), official=False)


@pytest.mark.parametrize(("text", "expected"), EXAMPLES)
def test_example_categories(lexicons: Lexicons, text: str, expected: set[C]) -> None:
    result = run(lexicons, text)
    assert set(result.categories) == expected, [e.phrase for e in result.evidence]
    assert result.category == next(c for c in C if c in expected)


@pytest.mark.parametrize(("text", "absent"), NEGATED)
def test_negated_or_third_party_conduct_is_not_counted(
    lexicons: Lexicons, text: str, absent: C
) -> None:
    assert absent not in run(lexicons, text).categories


def test_every_lexicon_pattern_has_an_example(lexicons: Lexicons) -> None:
    seen = set().union(*(run(lexicons, text).patterns for text, _ in EXAMPLES))
    defined = {p.id for rules in lexicons.categories.values() for p in rules.patterns}
    assert defined - seen == set()


def test_evidence_names_the_matched_phrase(lexicons: Lexicons) -> None:
    result = run(lexicons, "Kades bagi2 amplop ke warga, titipan dr paslon no 2")
    phrases = {e.phrase for e in result.evidence if e.label == C.MONEY_POLITICS}
    assert "amplop" in phrases


def test_confidence_grows_with_independent_evidence(lexicons: Lexicons) -> None:
    one = run(lexicons, "Camat hadir di kampanye paslon nomor 2.")
    two = run(lexicons, "Camat hadir di kampanye terbuka paslon nomor 2 dan berorasi di panggung.")
    assert 0 < one.confidence < two.confidence <= 1


def test_out_of_scope_is_confident_without_election_words(lexicons: Lexicons) -> None:
    clear = run(lexicons, "Jalan desa rusak parah dan belum diperbaiki dinas terkait.")
    vague = run(lexicons, "Ada PNS yang tidak netral di pemilu, tolong ditindak.")
    assert clear.category == vague.category == C.OUT_OF_SCOPE
    assert clear.confidence > vague.confidence
    assert vague.election_context and not clear.election_context
