"""Compiled phrase patterns over normalised tokens.

A pattern is one or more groups of alternative terms that must occur in order
(or in any order), each within `gap` words of the previous one and inside one
sentence. Terms are written as plain words in the data files and matched on
stems; `+word` matches only active (non di-) forms, `=word` only that exact
surface form. Everything is indexed once at load so a report is one pass.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from services.triage.domain.text.normalise import BOUNDARIES, SENTENCE_END, Normaliser, Token

TermKeys = tuple[str, ...]
Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Pattern:
    id: str
    groups: tuple[frozenset[TermKeys], ...]
    gap: int
    any_order: bool
    weight: float
    negatable: bool
    sentence_scope: bool = False
    # Stems that, right before a matched term, make it something else: "lagu
    # kampanye" or "unggahan kampanye" is content, not a campaign event.
    not_after: frozenset[str] = frozenset()


def term_keys(normaliser: Normaliser, term: str) -> TermKeys:
    """Turn a data-file term into the token keys it must match, word by word."""
    keys: list[str] = []
    for raw in term.split():
        marker = raw[0] if raw[0] in "+=" else ""
        words = normaliser.words(raw.lstrip("+="))
        for i, word in enumerate(words):
            if marker == "=" and i == 0:
                keys.append("=" + word)
                continue
            stem = normaliser.stemmer.stem(word)[0]
            keys.append(("+" if marker == "+" and i == 0 else "") + stem)
    return tuple(keys)


def term_stems(terms: Sequence[str]) -> set[str]:
    """Every plain word of the terms: the stemmer may reduce inflected words to these."""
    return {w.lstrip("+=") for term in terms for w in term.split() if not w.startswith("=")}


# What a token can do: the single-word terms it is, and (term, length) for the
# longer terms it can start. Tokens that do neither map to ().
_Starts = tuple[tuple[TermKeys, ...], tuple[tuple[TermKeys, int], ...]] | tuple[()]


class _StartCache(dict[frozenset[str], _Starts]):
    """Token keys -> what they start, filled on first sight (words repeat a lot)."""

    def __init__(self, by_first: dict[str, list[TermKeys]]) -> None:
        super().__init__()
        self._by_first = by_first

    def __missing__(self, keys: frozenset[str]) -> _Starts:
        terms = [t for key in keys for t in self._by_first.get(key, ())]
        single = tuple(t for t in terms if len(t) == 1)
        longer = tuple((t, len(t)) for t in terms if len(t) > 1)
        hit: _Starts = (single, longer) if terms else ()
        self[keys] = hit
        return hit


class TermIndex:
    """Finds every occurrence of every term in one pass over the tokens."""

    def __init__(self, terms: set[TermKeys]) -> None:
        self._by_first: dict[str, list[TermKeys]] = defaultdict(list)
        for term in terms:
            self._by_first[term[0]].append(term)
        self._starts = _StartCache(self._by_first)

    def find(self, tokens: Sequence[Token]) -> dict[TermKeys, list[Span]]:
        found: dict[TermKeys, list[Span]] = {}
        n = len(tokens)
        starts = self._starts
        # Most tokens start no term; one comprehension skips them at C speed.
        for i, (single, longer) in [(i, s) for i, t in enumerate(tokens) if (s := starts[t.keys])]:
            for term in single:
                found.setdefault(term, []).append((i, i + 1))
            for term, size in longer:
                end = i + size
                if (
                    end <= n
                    and term[1] in tokens[i + 1].keys
                    and (size == 2 or all(term[j] in tokens[i + j].keys for j in range(2, size)))
                ):
                    found.setdefault(term, []).append((i, end))
        return found


def _spans(group: frozenset[TermKeys], found: dict[TermKeys, list[Span]]) -> list[Span]:
    # A group can list dozens of terms; a report finds a handful of terms in all.
    return sorted([span for term in group.intersection(found) for span in found[term]])


def _crosses_sentence(tokens: Sequence[Token], start: int, end: int) -> bool:
    # Adjacent parts (the usual case) cross nothing: no generator for an empty range.
    return start < end and any(tokens[k].text == SENTENCE_END for k in range(start, end))


Parts = tuple[Span, ...]  # where each group of a pattern matched


def _chain(spans: list[list[Span]], gap: int, tokens: Sequence[Token]) -> Parts | None:
    parts = [spans[0][0]]
    for group in spans[1:]:
        end = parts[-1][1]
        nxt = next((s for s in group if end <= s[0] <= end + gap), None)
        if nxt is None or _crosses_sentence(tokens, end, nxt[0]):
            return None
        parts.append(nxt)
    return tuple(parts)


def _sentence_of(tokens: Sequence[Token]) -> list[int]:
    index, out = 0, []
    for tok in tokens:
        out.append(index)
        index += tok.text == SENTENCE_END
    return out


def _same_sentence(spans: list[list[Span]], tokens: Sequence[Token]) -> list[Parts]:
    """Every group somewhere in one sentence, in any order (a clause-free co-occurrence)."""
    sentence = _sentence_of(tokens)
    groups = [{sentence[s[0]]: s for s in reversed(group)} for group in spans]
    return [
        tuple(g[sid] for g in groups) for sid in sorted(set(groups[0]).intersection(*groups[1:]))
    ]


def group_spans(pattern: Pattern, found: dict[TermKeys, list[Span]]) -> list[list[Span]]:
    return [_spans(g, found) for g in pattern.groups]


def match_parts(pattern: Pattern, spans: list[list[Span]], tokens: Sequence[Token]) -> list[Parts]:
    """Every place the pattern holds, given each group's sorted spans."""
    if not all(spans):
        return []
    if pattern.sentence_scope:
        return _same_sentence(spans, tokens)
    orders = [spans, spans[::-1]] if pattern.any_order and len(spans) > 1 else [spans]
    hits = {
        hit
        for order in orders
        for first in order[0]
        if (hit := _chain([[first], *order[1:]], pattern.gap, tokens)) is not None
    }
    return sorted(hits)


def span_of(parts: Parts) -> Span:
    if len(parts) == 1:  # most patterns have one group
        return parts[0]
    return min(p[0] for p in parts), max(p[1] for p in parts)


def match_pattern(
    pattern: Pattern, found: dict[TermKeys, list[Span]], tokens: Sequence[Token]
) -> list[Span]:
    parts = match_parts(pattern, group_spans(pattern, found), tokens)
    return sorted({span_of(p) for p in parts})


def preceded_by(tokens: Sequence[Token], start: int, words: frozenset[str], reach: int) -> bool:
    """True if one of `words` occurs within `reach` tokens before `start`, same clause."""
    # Called a dozen times a report: one token look-up and no property call per step.
    for k in range(start - 1, max(start - reach, 0) - 1, -1):
        tok = tokens[k]
        if tok.text in BOUNDARIES:
            return False
        if tok.text in words or tok.stem in words:
            return True
    return False
