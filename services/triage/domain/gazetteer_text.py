"""Report text -> folded words with clause numbers, built with a few C-level regex calls.

Spans of the original text are only computed for the few words that end up in a
mention (`phrase`), which keeps tokenising a typical report in the microseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice

from services.triage.domain.gazetteer_lexicon import Lexicon

_TOKEN = re.compile(r"[^\W_]+")
# Clause ends: punctuation, line breaks, and a dot followed by a space (checked for
# abbreviations like "Kab. Sampang" before it counts).
# A colon is no clause end: "Lokasi: Kabupaten Garut" keeps its cue.
_CLAUSE_END = re.compile(r"([,;!?()\n]+|\.(?=\s))")


@dataclass(slots=True)
class Tokens:
    text: str
    words: list[str]  # lower-cased and folded through lexicon variants
    clauses: list[int]  # names and cues never reach across a clause
    sources: list[int]  # index of the text word each token came from
    _spans: list[tuple[int, int]] | None = field(default=None, repr=False)

    def phrase(self, first: int, last: int) -> str:
        """Original text from token `first` to token `last` inclusive."""
        a, b = self.sources[first], self.sources[last]
        if self._spans is None or b >= len(self._spans):
            self._spans = [m.span() for m in islice(_TOKEN.finditer(self.text), b + 1)]
        if b >= len(self._spans):  # lower() changed the word count: exotic Unicode only
            return " ".join(self.words[first : last + 1])
        return self.text[self._spans[a][0] : self._spans[b][1]]


def tokenize(text: str, lexicon: Lexicon) -> Tokens:
    out = Tokens(text, [], [], [])
    variants, glued = lexicon.variants, lexicon.glued
    source = 0
    for clause, segment in enumerate(_segments(text.lower(), lexicon.abbreviations)):
        raw = _TOKEN.findall(segment)
        if glued.keys().isdisjoint(raw):
            out.words += [variants.get(w, w) for w in raw]
            out.clauses += [clause] * len(raw)
            out.sources += range(source, source + len(raw))
        else:
            for offset, word in enumerate(raw):
                parts = glued.get(word) or (variants.get(word, word),)
                out.words += parts
                out.clauses += [clause] * len(parts)
                out.sources += [source + offset] * len(parts)
        source += len(raw)
    return out


def _segments(lowered: str, abbreviations: frozenset[str]) -> list[str]:
    parts = _CLAUSE_END.split(lowered)  # text, delimiter, text, delimiter, ...
    merged = [parts[0]]
    for at in range(1, len(parts) - 1, 2):
        delimiter, part = parts[at], parts[at + 1]
        # "Kab. Sampang": a dot after an abbreviation ends no clause. Abbreviations are
        # short, so the last few characters hold the whole word.
        tail = _TOKEN.findall(merged[-1][-12:]) if delimiter == "." else None
        if tail and tail[-1] in abbreviations:
            merged[-1] += " " + part
        else:
            merged.append(part)
    return merged
