"""The learned second opinion and how it combines with the rules (issue 13, items 1 and 3)."""

from __future__ import annotations

import pytest

from schemas.triage import Category
from services.triage.adapters.data_files import PACKAGED_DATA_DIR
from services.triage.adapters.training_corpus import read_training_corpus, train_second_opinion
from services.triage.domain.category import Classification
from services.triage.domain.combine import OUT_OF_SCOPE_CERTAINTY, choose_category
from services.triage.domain.engine import TriageEngine
from services.triage.domain.second_opinion import Opinion
from services.triage.domain.text.lexicon import Lexicons
from tests.unit.triage.triage_support import decide

pytestmark = pytest.mark.unit

CORPUS = read_training_corpus(PACKAGED_DATA_DIR)


def test_the_corpus_is_large_and_balanced() -> None:
    counts = {c: sum(1 for _, got in CORPUS if got == c) for c in Category}
    assert len(CORPUS) >= 600
    assert min(counts.values()) >= 40, counts


def test_training_is_deterministic(lexicons: Lexicons) -> None:
    first = train_second_opinion(CORPUS, lexicons.normaliser)
    again = train_second_opinion(list(reversed(CORPUS)), lexicons.normaliser)
    tokens = lexicons.normaliser.tokens("camat minta dukungan staf untuk paslon 2")
    assert first.weights == again.weights
    assert first.opinion(tokens) == again.opinion(tokens)


def _rules(category: Category, confidence: float, *, context: bool = True) -> Classification:
    return Classification(category, [category], confidence, election_context=context)


def _opinion(category: Category, p: float, oos: float) -> Opinion:
    in_scope = category if category != Category.OUT_OF_SCOPE else Category.MOBILIZATION
    return Opinion(category, p, in_scope, p if category != Category.OUT_OF_SCOPE else 0.1, oos)


def test_confident_rules_decide_and_a_confident_disagreement_asks_for_review() -> None:
    choice = choose_category(
        _rules(Category.CAMPAIGN_ACTIVITY, 0.75), _opinion(Category.MOBILIZATION, 0.8, 0.05)
    )
    assert choice.category == Category.CAMPAIGN_ACTIVITY
    assert choice.reasons and "disagrees" in choice.reasons[0]


def test_weak_rules_give_way_to_a_confident_model_but_never_to_out_of_scope() -> None:
    weak = _rules(Category.PARTY_MEMBERSHIP_CANDIDACY, 0.4)
    assert choose_category(weak, _opinion(Category.CAMPAIGN_TEAM, 0.9, 0.02)).category == (
        Category.CAMPAIGN_TEAM
    )
    assert choose_category(weak, _opinion(Category.OUT_OF_SCOPE, 0.9, 0.9)).category == (
        Category.PARTY_MEMBERSHIP_CANDIDACY
    )


def test_out_of_scope_needs_positive_evidence() -> None:
    nothing = _rules(Category.OUT_OF_SCOPE, 0.45)
    unsure = _opinion(Category.OUT_OF_SCOPE, 0.7, 0.7)  # below 5/6: stays with Bawaslu
    kept = choose_category(nothing, unsure)
    assert kept.category == Category.MOBILIZATION and kept.reasons
    sure = _opinion(Category.OUT_OF_SCOPE, 0.9, OUT_OF_SCOPE_CERTAINTY + 0.01)
    assert choose_category(nothing, sure).category == Category.OUT_OF_SCOPE
    no_election = _rules(Category.OUT_OF_SCOPE, 0.85, context=False)
    assert choose_category(no_election, unsure).category == Category.OUT_OF_SCOPE


def test_an_election_report_no_rule_matches_goes_to_bawaslu_with_review(
    engine: TriageEngine,
) -> None:
    d = decide(
        engine,
        "Pak sekcam bilang ke staf, pilkada nanti kita semua sudah tahu harus ke mana, "
        "jangan sampai ada yang beda sendiri.",
        region_code="18.12",
    )
    assert d.category != Category.OUT_OF_SCOPE
    assert d.routes[0] == "BAWASLU:18.12" and d.needs_review
    assert d.field_confidence is not None
    assert d.field_confidence.routes == min(
        d.field_confidence.category, d.field_confidence.subject_type, d.field_confidence.region_code
    )


def test_a_disowned_conduct_stays_out_of_scope(engine: TriageEngine) -> None:
    d = decide(engine, "Apakah boleh ASN ikut kampanye paslon kalau sedang cuti?")
    assert d.category == Category.OUT_OF_SCOPE and d.routes == ["SP4N_LAPOR"]
