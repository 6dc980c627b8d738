"""Report text -> folded words with clause numbers, in one regex pass.

Spans of the original text are only computed for the few words that end up in a
mention (`phrase`), which keeps tokenising a typical report in the microseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice

from services.triage.domain.gazetteer_lexicon import Lexicon

_TOKEN = re.compile(r"[^\W_]+")
# A word, or a clause end: punctuation, a line break, or a dot followed by a space. A
# colon is no clause end, so "Lokasi: Kabupaten Garut" keeps its cue.
_WORD_OR_BOUNDARY = re.compile(r"([^\W_]+)|([,;!?()\n]+|\.(?=\s))")


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
    words, clauses, sources = out.words, out.clauses, out.sources
    variants, glued, abbreviations = lexicon.variants, lexicon.glued, lexicon.abbreviations
    clause = source = 0
    previous = ""
    for raw, boundary in _WORD_OR_BOUNDARY.findall(text.lower()):
        if not raw:
            # "Kab. Sampang": a dot after an abbreviation ends no clause.
            if boundary != "." or previous not in abbreviations:
                clause += 1
            continue
        for word in glued.get(raw) or (variants.get(raw, raw),):
            words.append(word)
            clauses.append(clause)
            sources.append(source)
        source += 1
        previous = raw
    return out
