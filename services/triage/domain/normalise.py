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
# Dots after these abbreviations do not end a sentence.
_ABBREV_DOT = re.compile(r"\b(kab|kec|kel|sdr|sdri|no|bpk|yth|jl|adm|prov|ds|st|dll|dsb|wr|wb)\.")
_SENTENCE = re.compile(r"[.!?;\n]+")
_CLAUSE = re.compile(r"[,:()\"“”/&]+")
_WORD = re.compile(r"[a-z0-9]+|[.,]")


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
        """Lower-case and flatten a text to words and boundary marks, before slang."""
        text = unicodedata.normalize("NFKC", text).lower()
        text = _MONEY.sub(f" {MONEY_WORD} ", text)
        text = _CLITIC_HYPHEN.sub("", text)
        text = _REDUPLICATION.sub(r"\1 \1", text)
        text = _ABBREV_DOT.sub(r"\1 ", text)
        text = _SENTENCE.sub(" . ", text)
        text = _CLAUSE.sub(" , ", text)
        text = text.replace("-", " ").replace("'", " ").replace("’", " ")
        return _REPEATS.sub(r"\1", text)

    def words(self, text: str) -> list[str]:
        out: list[str] = []
        for word in _WORD.findall(self.clean(text)):
            out.extend(self.abbreviations.get(word, (word,)))
        return out

    def tokens(self, text: str) -> list[Token]:
        return [tok for word in self.words(text) for tok in self._token(word)]

    def _token(self, word: str) -> list[Token]:
        cached = self._cache.get(word)
        if cached is None:
            stem, passive = self.stemmer.stem(word)
            # "=word" matches the exact form, "+stem" only active (non di-) forms.
            keys = {stem, "=" + word} if passive else {stem, "=" + word, "+" + stem}
            cached = [Token(word, stem, passive, frozenset(keys))]
            self._cache[word] = cached
        return cached


def phrase_words(normaliser: Normaliser, phrase: str) -> list[str]:
    """The stems of a lexicon phrase, so entries match every inflected form."""
    return [normaliser.stemmer.stem(w)[0] for w in normaliser.words(phrase)]
