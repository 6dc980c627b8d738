"""Indonesian text normalisation: lower-case, slang, reduplication, typos, stems.

Reports arrive as formal letters, hotline transcripts, SMS shorthand and chatty
WhatsApp messages; this turns all of them into one token stream that the
lexicons can match. Clause punctuation survives as boundary tokens so that
patterns and negation never reach across a sentence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from services.triage.domain.morphology import Stemmer, minimal_stems

DATA_DIR = Path(__file__).parent / "data"
SENTENCE_END = "."
CLAUSE_BREAK = ","
BOUNDARIES = frozenset({SENTENCE_END, CLAUSE_BREAK})
MONEY_WORD = "nominaluang"  # a money amount ("Rp50.000", "100rb") becomes this word

_MONEY = re.compile(
    r"\brp\.?\s?\d[\d.,]*(\s?(rb|ribu|jt|juta|k))?\b|\b\d+([.,]\d+)*\s?(rb|ribu|jt|juta)\b"
)
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


@dataclass
class Normaliser:
    abbreviations: Mapping[str, tuple[str, ...]]
    stemmer: Stemmer
    negators: frozenset[str]
    _cache: dict[str, list[Token]] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, *, extra_stems: Iterable[str] = (), path: Path | None = None) -> Normaliser:
        raw = yaml.safe_load((path or DATA_DIR / "normalise.yaml").read_text(encoding="utf-8"))
        words = {**raw.get("abbreviations", {}), **raw.get("typos", {})}
        abbreviations = {k: tuple(str(v).split()) for k, v in words.items()}
        no_stem = frozenset(raw.get("no_stem", []))
        stems = minimal_stems(set(raw.get("stems", [])) | set(extra_stems), no_stem)
        stemmer = Stemmer(known=stems, no_stem=no_stem)
        return cls(abbreviations, stemmer, frozenset(raw.get("negators", [])))

    def clean(self, text: str) -> str:
        """Lower-case; rewrite money amounts, "bagi2" and "SK-nya" before splitting."""
        text = unicodedata.normalize("NFKC", text).lower()
        # The cheap membership tests skip regex passes most texts do not need.
        if _DIGIT.search(text):
            text = _MONEY.sub(f" {MONEY_WORD} ", text)
            if "2" in text:
                text = _REDUPLICATION.sub(r"\1 \1", text)
        if "-" in text:
            text = _CLITIC_HYPHEN.sub("", text)
        return text

    def words(self, text: str) -> list[str]:
        return [tok.text for tok in self.tokens(text)]

    def tokens(self, text: str) -> list[Token]:
        out: list[Token] = []
        previous = ""
        for word in _WORD.findall(self.clean(text)):
            if not (word == "." and previous in DOT_ABBREVIATIONS):
                out += self._cache.get(word) or self._tokens_of(word)
            previous = word
        return out

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


def phrase_words(normaliser: Normaliser, phrase: str) -> list[str]:
    """The stems of a lexicon phrase, so entries match every inflected form."""
    return [normaliser.stemmer.stem(w)[0] for w in normaliser.words(phrase)]
