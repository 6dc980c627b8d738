"""Report text -> folded words with clause numbers, in one regex pass.

Spans of the original text are only computed for the few words that end up in a
mention (`phrase`), which keeps tokenising a typical report in the microseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice

from services.triage.domain.gazetteer.lexicon import Lexicon

_TOKEN = re.compile(r"[^\W_]+")
# A clause end: punctuation, a line break, or a dot followed by a space (captured, so
# the dot can be told apart). A colon is no clause end, so "Lokasi: Kabupaten Garut"
# keeps its cue. Words never contain these, so splitting first loses no word.
_CLAUSE_END = re.compile(r"([,;!?()\n]+|\.(?=\s))")


@dataclass(slots=True)
class Tokens:
    text: str
    words: list[str]  # lower-cased and folded through lexicon variants
    clauses: list[int]  # names and cues never reach across a clause
    sources: list[int]  # index of the text word each token came from
    _spans: list[tuple[int, int]] = field(default_factory=list, repr=False)

    def phrase(self, first: int, last: int) -> str:
        """Original text from token `first` to token `last` inclusive."""
        a, b = self.sources[first], self.sources[last]
        spans = self._spans
        if b >= len(spans):
            # Mentions come in reading order: carry on from the last word measured (a
            # word match is maximal, so the next one starts after its end).
            resume = spans[-1][1] if spans else 0
            more = islice(_TOKEN.finditer(self.text, resume), b + 1 - len(spans))
            spans += [m.span() for m in more]
        if b >= len(spans):  # lower() changed the word count: exotic Unicode only
            return " ".join(self.words[first : last + 1])
        return self.text[spans[a][0] : spans[b][1]]


def tokenize(text: str, lexicon: Lexicon) -> Tokens:
    out = Tokens(text, [], [], [])
    words, clauses, sources = out.words, out.clauses, out.sources
    variants, glued, abbreviations = lexicon.variants, lexicon.glued, lexicon.abbreviations
    # Split at clause ends first, then fold each clause's words in bulk: a Python
    # step per clause rather than per word keeps this the cheap part of a report.
    pieces = _CLAUSE_END.split(text.lower())
    clause = source = 0
    previous = ""
    for k in range(0, len(pieces), 2):
        # "Kab. Sampang": a dot after an abbreviation ends no clause.
        if k and (pieces[k - 1] != "." or previous not in abbreviations):
            clause += 1
        raws = _TOKEN.findall(pieces[k])
        if not raws:
            continue
        if glued.keys().isdisjoint(raws):
            words += map(variants.get, raws, raws)
            clauses += [clause] * len(raws)
            sources += range(source, source + len(raws))
        else:
            for offset, raw in enumerate(raws):
                for word in glued.get(raw) or (variants.get(raw, raw),):
                    words.append(word)
                    clauses.append(clause)
                    sources.append(source + offset)
        source += len(raws)
        previous = raws[-1]
    return out
