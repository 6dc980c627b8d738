"""Rules and the learned second opinion together decide the category (issue 13, item 3).

- Rules that matched with a score of 0.6 or more decide and the model is not consulted
  (speed: those are most reports); from 0.45 they decide and a confident model that
  disagrees asks for review.
- Rules that matched weakly give way to a confident model (never to OUT_OF_SCOPE: a weak
  match is still a sign of conduct), and the case asks for review.
- Rules that matched nothing: OUT_OF_SCOPE needs positive evidence. No election involved
  (no election word, or a private-dispute frame) is such evidence, and so is conduct the
  report itself disowns (negated, hypothetical, asked about, someone else's act); so is a model sure
  enough, by the cost rule below, that there is nothing to act on (a vague "ASN di sini
  tidak netral" names no conduct). Otherwise the report
  stays with Bawaslu under the model's best in-scope category, and asks for review.
  A report naming a public official and a vote (`Classification.official_vote`) is never
  sent out of scope by the model: only a disowned act or a private frame does that.

The cost rule: an in-scope report sent to SP4N-LAPOR costs five times a wrong category
within Bawaslu, so OUT_OF_SCOPE is chosen only when P(out of scope) exceeds 5/6.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from schemas.triage import Category, Evidence
from services.triage.domain.category import Classification
from services.triage.domain.evidence import shared_evidence
from services.triage.domain.second_opinion import Opinion

RULES_CONFIDENT = 0.45  # a rule score from here on decides by itself (every pattern but one)
CONSULT_BELOW = 0.6  # below this rule score the model is asked, and may object
MODEL_CONFIDENT = 0.6  # the model's probability from which it may overrule or object
IN_SCOPE_COST = 5.0  # cost of an in-scope report lost to SP4N-LAPOR, per wrong category
OUT_OF_SCOPE_CERTAINTY = IN_SCOPE_COST / (IN_SCOPE_COST + 1.0)  # 5/6
MODEL_DISCOUNT = 0.8  # a category only the model saw is less certain than its probability


@dataclass(frozen=True)
class CategoryChoice:
    category: Category
    categories: list[Category]
    confidence: float
    reasons: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


def _model_evidence(category: Category, probability: float) -> Evidence:
    # Shared instances: the phrase is the probability to two places, so they repeat.
    return shared_evidence("category", category.value, f"p={probability:.2f}", "model")


def _with_model(cls: Classification, category: Category, probability: float) -> list[Category]:
    rest = [c for c in cls.categories if c not in (category, Category.OUT_OF_SCOPE)]
    return [category, *rest]


def needs_opinion(cls: Classification) -> bool:
    """Whether the rules leave the category to the model (or to its objection)."""
    if cls.category != Category.OUT_OF_SCOPE:
        return cls.confidence < CONSULT_BELOW
    return cls.election_context and not cls.disowned


def choose_category(cls: Classification, opinion: Opinion | None) -> CategoryChoice:
    if opinion is None:
        return CategoryChoice(cls.category, cls.categories, cls.confidence)
    if cls.category != Category.OUT_OF_SCOPE:
        return _rules_matched(cls, opinion)
    return _nothing_matched(cls, opinion)


def _rules_matched(cls: Classification, opinion: Opinion) -> CategoryChoice:
    same = CategoryChoice(cls.category, cls.categories, cls.confidence)
    if opinion.category == cls.category or opinion.probability < MODEL_CONFIDENT:
        return same
    note = f"second opinion {opinion.category.value} (p={opinion.probability:.2f})"
    evidence = [_model_evidence(opinion.category, opinion.probability)]
    if cls.confidence >= RULES_CONFIDENT or opinion.category == Category.OUT_OF_SCOPE:
        return CategoryChoice(
            cls.category, cls.categories, cls.confidence, [f"{note} disagrees"], evidence
        )
    return CategoryChoice(
        opinion.category,
        _with_model(cls, opinion.category, opinion.probability),
        round(opinion.probability * MODEL_DISCOUNT, 3),
        [f"weak rule match {cls.category.value}; {note} chosen"],
        evidence,
    )


def _nothing_matched(cls: Classification, opinion: Opinion) -> CategoryChoice:
    oos = CategoryChoice(Category.OUT_OF_SCOPE, [Category.OUT_OF_SCOPE], cls.confidence)
    guess, p = opinion.in_scope, opinion.in_scope_probability
    evidence = [_model_evidence(guess, p)]
    if (
        not cls.election_context
        or cls.disowned
        or (opinion.out_of_scope_probability > OUT_OF_SCOPE_CERTAINTY and not cls.official_vote)
    ):
        return oos
    reason = f"election-related but no rule matched: second opinion {guess.value} (p={p:.2f})"
    return CategoryChoice(guess, [guess], round(p * MODEL_DISCOUNT, 3), [reason], evidence)
