"""Indonesian text normalisation: lower-case, slang, reduplication, typos, stems.

Reports arrive as formal letters, hotline transcripts, SMS shorthand and chatty
WhatsApp messages; this turns all of them into one token stream that the
lexicons can match. Clause punctuation survives as boundary tokens so that
patterns and negation never reach across a sentence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from services.triage.domain.errors import LexiconError
from services.triage.domain.text.morphology import Stemmer, minimal_stems

SENTENCE_END = "."
CLAUSE_BREAK = ","
BOUNDARIES = frozenset({SENTENCE_END, CLAUSE_BREAK})
MONEY_WORD = "nominaluang"  # a money amount ("Rp50.000", "100rb") becomes this word

_MONEY = re.compile(
    r"\brp\.?\s?\d[\d.,]*(\s?(rb|ribu|jt|juta|k))?\b|\b\d+([.,]\d+)*\s?(rb|ribu|jt|juta)\b"
)
# Every money amount contains one of these ("rp" or a unit word).
_MONEY_WORDS = ("rp", "rb", "ribu", "jt", "juta")
_CLITIC_HYPHEN = re.compile(r"-(nya|lah|kah|ku|mu)\b")
_REDUPLICATION = re.compile(r"\b([a-z]{2,})2\b")
_REPEATS = re.compile(r"([a-z])\1{2,}")
# Dots after these abbreviations do not end a sentence ("Kab. Sampang").
DOT_ABBREVIATIONS = frozenset(
    [
        "kab",
        "kec",
        "kel",
        "sdr",
        "sdri",
        "no",
        "bpk",
        "yth",
        "jl",
        "adm",
        "prov",
        "ds",
        "st",
        "dll",
        "dsb",
        "wr",
        "wb",
    ]
)
SENTENCE_MARKS = ".!?;\n"
CLAUSE_MARKS = ',:()"“”/&'
# Words, and punctuation that marks a boundary; hyphens and apostrophes just separate.
_WORD = re.compile(r"[a-z0-9]+|[" + re.escape(SENTENCE_MARKS + CLAUSE_MARKS) + "]")
_DIGIT = re.compile(r"\d")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")


def _may_reduplicate(text: str) -> bool:
    """A "2" after two letters: what `_REDUPLICATION` needs before it can match.

    The regex itself tries every word start in the text; this looks only at the 2s.
    """
    i = text.find("2", 2)
    while i != -1:
        if text[i - 1] in _LETTERS and text[i - 2] in _LETTERS:
            return True
        i = text.find("2", i + 1)
    return False


def _dots_after_abbreviations(words: list[str]) -> list[int]:
    """Indexes of the dots that follow an abbreviation ("kab", "."), in order."""
    out: list[int] = []
    k = -1
    while True:
        try:
            k = words.index(".", k + 1)  # C-speed search: a Python step per dot only
        except ValueError:
            return out
        if k and words[k - 1] in DOT_ABBREVIATIONS:
            out.append(k)


@dataclass(frozen=True, slots=True)
class Token:
    """One normalised word; `keys` are what lexicon terms are matched against."""

    text: str
    stem: str
    passive: bool
    keys: frozenset[str]

    @property
    def is_boundary(self) -> bool:
        return self.text in BOUNDARIES


class _WordCache(dict[str, list[Token]]):
    """Raw word -> its tokens; a miss builds (and stores) them."""

    def __init__(self, build: Callable[[str], list[Token]]) -> None:
        super().__init__()
        self._build = build

    def __missing__(self, raw: str) -> list[Token]:
        return self._build(raw)


# Sections of normalise.yaml that map one word to its standard form; a word listed in
# two sections with different meanings is an error (the data must not contradict itself).
WORD_SECTIONS = (
    "abbreviations",
    "sms_shorthand",
    "eastern_malay",
    "javanese_sundanese",
    "transcript_fillers",
    "typos",
)


def merged_words(raw: Mapping[str, Any]) -> dict[str, str]:
    words: dict[str, str] = {}
    where: dict[str, str] = {}
    for section in WORD_SECTIONS:
        for key, value in (raw.get(section) or {}).items():
            word, meaning = str(key), str(value)
            if word in words and words[word] != meaning:
                raise LexiconError(
                    f"normalise.yaml: {word!r} is {words[word]!r} in {where[word]}"
                    f" but {meaning!r} in {section}"
                )
            words[word], where[word] = meaning, section
    return words


@dataclass
class Normaliser:
    abbreviations: Mapping[str, tuple[str, ...]]
    stemmer: Stemmer
    negators: frozenset[str]
    # Emoji that stand for words ("✌" -> " dua jari "), as a str.translate table.
    emoji: Mapping[int, str] = field(default_factory=dict)
    _cache: dict[str, list[Token]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._cache = _WordCache(self._tokens_of)

    @classmethod
    def from_data(cls, raw: Mapping[str, Any], *, extra_stems: Iterable[str]) -> Normaliser:
        """From the parsed normalise.yaml; `extra_stems` are the lexicons' own words."""
        abbreviations = {k: tuple(v.split()) for k, v in merged_words(raw).items()}
        no_stem = frozenset(raw.get("no_stem", []))
        stems = minimal_stems(set(raw.get("stems", [])) | set(extra_stems), no_stem)
        stemmer = Stemmer(known=stems, no_stem=no_stem)
        emoji = {ord(str(k)[0]): str(v) for k, v in (raw.get("emoji") or {}).items()}
        return cls(abbreviations, stemmer, frozenset(raw.get("negators", [])), emoji)

    def clean(self, text: str) -> str:
        """Lower-case; rewrite money amounts, "bagi2" and "SK-nya" before splitting."""
        text = unicodedata.normalize("NFKC", text).lower()
        if self.emoji and not text.isascii():
            text = text.translate(self.emoji)
        # The cheap membership tests skip regex passes most texts do not need; each
        # is a necessary condition for its pattern to match, so skipping changes nothing.
        if _DIGIT.search(text):
            if any(word in text for word in _MONEY_WORDS):
                text = _MONEY.sub(f" {MONEY_WORD} ", text)
            if _may_reduplicate(text):
                text = _REDUPLICATION.sub(r"\1 \1", text)
        if "-" in text:
            text = _CLITIC_HYPHEN.sub("", text)
        return text

    def words(self, text: str) -> list[str]:
        return [tok.text for tok in self.tokens(text)]

    def tokens(self, text: str) -> list[Token]:
        words = _WORD.findall(self.clean(text))
        # "Kab. Sampang": the dot after an abbreviation ends no sentence. A step per
        # dot, not per word; deleting from the back keeps the earlier indexes valid.
        for k in reversed(_dots_after_abbreviations(words)):
            del words[k]
        # map over the cache's own lookup: no Python frame per word, misses fill it.
        return list(chain.from_iterable(map(self._cache.__getitem__, words)))

    def _tokens_of(self, raw: str) -> list[Token]:
        """The tokens one raw word becomes (slang may expand to several), cached."""
        if raw in SENTENCE_MARKS:
            made = [self._token(SENTENCE_END)]
        elif raw in CLAUSE_MARKS:
            made = [self._token(CLAUSE_BREAK)]
        else:
            # A listed word is looked up before stretched letters are squeezed, so
            # acronyms with tripled letters ("pppk") survive.
            word = raw if raw in self.abbreviations else _REPEATS.sub(r"\1", raw)
            made = [self._token(w) for w in self.abbreviations.get(word, (word,))]
        self._cache[raw] = made
        return made

    def _token(self, word: str) -> Token:
        stem, passive = self.stemmer.stem(word)
        # "=word" matches the exact form, "+stem" only active (non di-) forms.
        keys = {stem, "=" + word} if passive else {stem, "=" + word, "+" + stem}
        return Token(word, stem, passive, frozenset(keys))
