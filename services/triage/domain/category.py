"""Category classifier (DOMAIN.md 4.1): every category present, with evidence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from math import prod
from operator import attrgetter

from schemas.triage import Category, Evidence
from services.triage.domain.evidence import shared_evidence
from services.triage.domain.text.lexicon import Lexicons, RankedPattern
from services.triage.domain.text.matcher import (
    Pattern,
    Span,
    TermKeys,
    match_parts,
    preceded_by,
    span_of,
)
from services.triage.domain.text.normalise import Token

NEGATION_REACH = 2  # "tidak ikut kampanye", "tidak pernah ikut kampanye"
THIRD_PARTY_REACH = 4  # "warga yang pasang baliho", "tetangga saya di Timika memasang"
UNREAL_REACH = 8  # "seandainya kepala dinas saya menyuruh kami hadir di kampanye"
OUT_OF_SCOPE_CLEAR = 0.85  # nothing election-related at all: a confident "not ours"
OUT_OF_SCOPE_VAGUE = 0.45  # election words but no conduct: a person should look
_TEXT = attrgetter("text")
_CATEGORIES = tuple(Category)  # iterating the Enum class runs Python code each time


@dataclass(frozen=True)
class Classification:
    category: Category
    categories: list[Category]
    confidence: float
    scores: dict[Category, float] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    election_context: bool = False
    patterns: frozenset[str] = frozenset()  # ids of the lexicon patterns that matched
    # Conduct named but disowned: negated, hypothetical, asked about, someone else's act.
    disowned: bool = False
    # A named public official and a vote ("camat ... amankan suara nomor satu"): never
    # OUT_OF_SCOPE for want of a matching rule (combine.py).
    official_vote: bool = False


def _phrase(tokens: Sequence[Token], span: Span) -> str:
    return " ".join(map(_TEXT, tokens[span[0] : span[1]]))  # map: no generator frame


def names_undisclaimed(
    lex: Lexicons,
    terms: frozenset[TermKeys],
    found: dict[TermKeys, list[Span]],
    tokens: Sequence[Token],
) -> bool:
    """Any of `terms` found and not disclaimed: "tidak terkait pemilihan" names no
    election, while "tidak memilih" still names a vote (a threat over it)."""
    return any(
        not _disclaimed(lex, tokens, start)
        for term in terms.intersection(found)
        for start, _ in found[term]
    )


def _disclaimed(lex: Lexicons, tokens: Sequence[Token], start: int) -> bool:
    if start < 2:
        return False
    link, negator = tokens[start - 1], tokens[start - 2]
    return link.stem in lex.context_disclaimers and negator.text in lex.normaliser.negators


def unreal_ends(lex: Lexicons, found: dict[TermKeys, list[Span]]) -> list[int]:
    return sorted(end for term in lex.unreal.intersection(found) for _, end in found[term])


def in_unreal_scope(tokens: Sequence[Token], start: int, ends: Sequence[int]) -> bool:
    """A hypothetical or permission-question marker shortly before, in the same clause."""
    return any(
        start - UNREAL_REACH <= end <= start
        and not any(tokens[k].is_boundary for k in range(end, start))
        for end in ends
    )


def _ready(lex: Lexicons, found: dict[TermKeys, list[Span]]) -> list[int]:
    """Ranks of the patterns with a found term in every group, in evaluation order.

    A report touches a dozen patterns but completes two or three: set unions and
    subset tests sort them out without a Python step per term and group.
    """
    ranks_by_term, slots_by_term, ranked = lex.ranks_by_term, lex.slots_by_term, lex.ranked
    terms = [t for t in found if t in ranks_by_term]
    slots = frozenset().union(*[slots_by_term[t] for t in terms])
    touched = sorted(frozenset().union(*[ranks_by_term[t] for t in terms]))
    return [rank for rank in touched if ranked[rank].slots <= slots]


def _ordered_spans(pattern: Pattern, found: dict[TermKeys, list[Span]]) -> list[list[Span]]:
    """Each group's spans, sorted (every group has a found term: see `_ready`)."""
    return [
        sorted([span for term in group.intersection(found) for span in found[term]])
        for group in pattern.groups
    ]


def _pattern_spans(
    lex: Lexicons,
    entry: RankedPattern,
    tokens: Sequence[Token],
    ordered: list[list[Span]],
    unreal: Sequence[int],
    disowned: list[Span],
) -> list[Span]:
    """Where the pattern holds, less the places a negator, third party or "if" disowns
    (appended to `disowned`: conduct the report says did not happen is evidence too)."""
    pattern = entry.pattern
    negators = lex.normaliser.negators
    spans: list[Span] = []
    for parts in match_parts(pattern, ordered, tokens):
        disowned.append(span_of(parts))
        if pattern.negatable and any(
            preceded_by(tokens, p[0], negators, NEGATION_REACH) for p in parts
        ):
            continue
        if pattern.not_after and any(
            p[0] > 0 and tokens[p[0] - 1].stem in pattern.not_after for p in parts
        ):
            continue
        span = span_of(parts)
        if entry.third_party_veto and preceded_by(
            tokens, span[0], lex.third_party, THIRD_PARTY_REACH
        ):
            continue
        if unreal and in_unreal_scope(tokens, span[0], unreal):
            continue
        disowned.pop()
        spans.append(span)
    return spans


@dataclass
class _Hits:
    """One category's matches: pattern weights, evidence and pattern ids."""

    weights: list[float] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


def _category_hits(
    lex: Lexicons,
    tokens: Sequence[Token],
    found: dict[TermKeys, list[Span]],
    disowned: list[Span],
) -> dict[Category, _Hits]:
    """Only the patterns the report touches, in rank order, so categories come out in
    enum order (the same evidence order in every process, whatever PYTHONHASHSEED)."""
    unreal = unreal_ends(lex, found)
    out: dict[Category, _Hits] = {}
    for rank in _ready(lex, found):
        entry = lex.ranked[rank]
        spans = _pattern_spans(
            lex, entry, tokens, _ordered_spans(entry.pattern, found), unreal, disowned
        )
        if not spans:
            continue
        hits = out.setdefault(entry.category, _Hits())
        hits.ids.add(entry.pattern.id)
        hits.weights.append(entry.pattern.weight)
        label = entry.category.value
        hits.evidence += [
            shared_evidence("category", label, _phrase(tokens, s), "text") for s in spans[:3]
        ]
    return out


def classify(
    lex: Lexicons, tokens: Sequence[Token], found: dict[TermKeys, list[Span]], *, official: bool
) -> Classification:
    """`official`: the report names a public official (a subject type, or an acting office);
    with a vote named that alone makes it election-related (lexicon.yaml `vote_context`)."""
    official_vote = official and names_undisclaimed(lex, lex.vote_context, found, tokens)
    context = official_vote or names_undisclaimed(lex, lex.context, found, tokens)
    scores: dict[Category, float] = {}
    evidence: list[Evidence] = []
    matched: set[str] = set()
    disowned: list[Span] = []
    private = any(term in found for term in lex.out_of_scope_frames)
    if context and not private:
        for category, hits in _category_hits(lex, tokens, found, disowned).items():
            score = 1.0 - prod(1.0 - w for w in hits.weights)
            if score > 0:
                scores[category] = round(score, 3)
                evidence += hits.evidence
                matched |= hits.ids
    present = [c for c in _CATEGORIES if c in scores]  # enum order is the precedence
    if not present:
        confidence = OUT_OF_SCOPE_VAGUE if context else OUT_OF_SCOPE_CLEAR
        return Classification(
            Category.OUT_OF_SCOPE,
            [Category.OUT_OF_SCOPE],
            confidence,
            {},
            [],
            context,
            disowned=private or bool(disowned),
            official_vote=official_vote and not private,
        )
    return Classification(
        present[0],
        present,
        scores[present[0]],
        scores,
        evidence,
        context,
        frozenset(matched),
        official_vote=official_vote,
    )
