"""Category classifier (DOMAIN.md 4.1): every category present, with evidence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from math import prod

from schemas.triage import Category, Evidence
from services.triage.domain.lexicon import Lexicons
from services.triage.domain.matcher import Span, TermKeys, match_parts, preceded_by, span_of
from services.triage.domain.normalise import Token

NEGATION_REACH = 2  # "tidak ikut kampanye", "tidak pernah ikut kampanye"
THIRD_PARTY_REACH = 3  # "warga yang pasang baliho", "warga tersebut pasang baliho"
UNREAL_REACH = 8  # "seandainya kepala dinas saya menyuruh kami hadir di kampanye"
OUT_OF_SCOPE_CLEAR = 0.85  # nothing election-related at all: a confident "not ours"
OUT_OF_SCOPE_VAGUE = 0.45  # election words but no conduct: a person should look


@dataclass(frozen=True)
class Classification:
    category: Category
    categories: list[Category]
    confidence: float
    scores: dict[Category, float] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    election_context: bool = False
    patterns: frozenset[str] = frozenset()  # ids of the lexicon patterns that matched


def _phrase(tokens: Sequence[Token], span: Span) -> str:
    return " ".join(tok.text for tok in tokens[span[0] : span[1]])


def has_election_context(
    lex: Lexicons, found: dict[TermKeys, list[Span]], tokens: Sequence[Token]
) -> bool:
    """Any election word not disclaimed: "tidak terkait pemilihan" does not count."""
    return any(
        not _disclaimed(lex, tokens, start)
        for term in lex.context
        for start, _ in found.get(term, ())
    )


def _disclaimed(lex: Lexicons, tokens: Sequence[Token], start: int) -> bool:
    if start < 2:
        return False
    link, negator = tokens[start - 1], tokens[start - 2]
    return link.stem in lex.context_disclaimers and negator.text in lex.normaliser.negators


def unreal_ends(lex: Lexicons, found: dict[TermKeys, list[Span]]) -> list[int]:
    return sorted(end for term in lex.unreal for _, end in found.get(term, ()))


def in_unreal_scope(tokens: Sequence[Token], start: int, ends: Sequence[int]) -> bool:
    """A hypothetical or permission-question marker shortly before, in the same clause."""
    return any(
        start - UNREAL_REACH <= end <= start
        and not any(tokens[k].is_boundary for k in range(end, start))
        for end in ends
    )


GroupSpans = dict[str, dict[int, list[Span]]]


def _group_spans(lex: Lexicons, found: dict[TermKeys, list[Span]]) -> GroupSpans:
    """Spans per pattern and group, built from the found terms in one pass."""
    out: GroupSpans = {}
    for term, spans in found.items():
        for pid, index in lex.groups_by_term.get(term, ()):
            out.setdefault(pid, {}).setdefault(index, []).extend(spans)
    return out


def _category_hits(
    lex: Lexicons,
    category: Category,
    tokens: Sequence[Token],
    touched: GroupSpans,
    unreal: Sequence[int] = (),
) -> tuple[float, list[Evidence], set[str]]:
    rules = lex.categories[category]
    weights: list[float] = []
    evidence: list[Evidence] = []
    ids: set[str] = set()
    negators = lex.normaliser.negators
    for pattern in rules.patterns:
        groups = touched.get(pattern.id, {})
        if len(groups) < len(pattern.groups):
            continue
        ordered = [sorted(groups[i]) for i in range(len(pattern.groups))]
        spans = [
            span_of(parts)
            for parts in match_parts(pattern, ordered, tokens)
            if not (
                pattern.negatable
                and any(preceded_by(tokens, p[0], negators, NEGATION_REACH) for p in parts)
            )
            and not (
                pattern.not_after
                and any(p[0] > 0 and tokens[p[0] - 1].stem in pattern.not_after for p in parts)
            )
            and not (
                rules.third_party_veto
                and preceded_by(tokens, span_of(parts)[0], lex.third_party, THIRD_PARTY_REACH)
            )
            and not (unreal and in_unreal_scope(tokens, span_of(parts)[0], unreal))
        ]
        if spans:
            ids.add(pattern.id)
            weights.append(pattern.weight)
            evidence += [
                # model_construct: the values are built here, no need to re-validate them
                Evidence.model_construct(
                    field="category", label=category.value, phrase=_phrase(tokens, s), source="text"
                )
                for s in spans[:3]
            ]
    return 1.0 - prod(1.0 - w for w in weights), evidence, ids


def classify(
    lex: Lexicons, tokens: Sequence[Token], found: dict[TermKeys, list[Span]]
) -> Classification:
    context = has_election_context(lex, found, tokens)
    scores: dict[Category, float] = {}
    evidence: list[Evidence] = []
    matched: set[str] = set()
    private = any(term in found for term in lex.out_of_scope_frames)
    if context and not private:
        touched = _group_spans(lex, found)
        touched_categories = {lex.category_of[pid] for pid in touched}
        unreal = unreal_ends(lex, found)
        # Enum order, not set order: a set's order follows PYTHONHASHSEED, and the
        # evidence list must come out the same in every process.
        for category in (c for c in Category if c in touched_categories):
            score, hits, ids = _category_hits(lex, category, tokens, touched, unreal)
            if score > 0:
                scores[category] = round(score, 3)
                evidence += hits
                matched |= ids
    present = [c for c in Category if c in scores]  # enum order is the precedence
    if not present:
        confidence = OUT_OF_SCOPE_VAGUE if context else OUT_OF_SCOPE_CLEAR
        return Classification(
            Category.OUT_OF_SCOPE, [Category.OUT_OF_SCOPE], confidence, {}, [], context
        )
    return Classification(
        present[0], present, scores[present[0]], scores, evidence, context, frozenset(matched)
    )
