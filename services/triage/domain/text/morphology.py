"""Light Indonesian morphology: strip affixes only when the result is a known stem.

A dictionary-checked stemmer (in the spirit of Nazief-Adriani) cannot over-stem:
a candidate is accepted only if it is a stem the lexicons care about, so
"bagian" is never read as "bagi" unless told so, and unknown words stay whole.
Colloquial nasal prefixes (ng-, ny-) and the Jakarta suffix -in are handled too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PARTICLES = ("lah", "kah", "tah", "pun")
POSSESSIVES = ("nya", "ku", "mu")
SUFFIXES = ("kan", "an", "in", "i")
PLAIN_PREFIXES = ("di", "ke", "se", "ter", "ber", "be", "bel", "per", "pe")
MIN_STEM = 3


def _nasal_variants(rest: str, nasal: str) -> list[str]:
    """Undo the nasal assimilation of me-/pe-/ng-/ny- (memilih -> pilih, nyuruh -> suruh)."""
    if nasal == "m":
        return [rest, "p" + rest]
    if nasal == "n":
        return [rest, "t" + rest]
    if nasal == "ng":
        return [rest, "k" + rest]
    if nasal == "ny":
        return ["s" + rest, "c" + rest, "ny" + rest]
    return [rest]


def _prefix_strips(word: str) -> list[tuple[str, bool]]:
    """Candidate (rest, passive) pairs after removing one prefix."""
    out: list[tuple[str, bool]] = []
    for head in ("me", "pe"):
        if word.startswith(head):
            tail = word[len(head) :]
            for nasal in ("ng", "ny", "m", "n"):
                if tail.startswith(nasal):
                    out += [(v, False) for v in _nasal_variants(tail[len(nasal) :], nasal)]
            out.append((tail, False))
    for nasal in ("nge", "ng", "ny"):
        if word.startswith(nasal):
            out += [(v, False) for v in _nasal_variants(word[len(nasal) :], nasal.rstrip("e"))]
            out.append((word[len(nasal) :], False))
    for prefix in PLAIN_PREFIXES:
        if word.startswith(prefix):
            out.append((word[len(prefix) :], prefix == "di"))
    return [(rest, passive) for rest, passive in out if len(rest) >= MIN_STEM]


def _suffix_strips(word: str) -> list[str]:
    out = [word]
    for group in (PARTICLES, POSSESSIVES, SUFFIXES):
        for current in list(out):
            out += [current[: -len(s)] for s in group if current.endswith(s)]
    return [w for w in dict.fromkeys(out) if len(w) >= MIN_STEM]


@dataclass
class Stemmer:
    known: frozenset[str]
    no_stem: frozenset[str] = frozenset()
    _cache: dict[str, tuple[str, bool]] = field(default_factory=dict, repr=False)

    def stem(self, word: str) -> tuple[str, bool]:
        """Return (stem, passive); passive is True when a di- prefix was removed."""
        hit = self._cache.get(word)
        if hit is None:
            hit = self._stem(word)
            self._cache[word] = hit
        return hit

    def _stem(self, word: str) -> tuple[str, bool]:
        if word in self.known or word in self.no_stem or len(word) <= MIN_STEM:
            return word, False
        for candidate, passive in self._candidates(word):
            if candidate in self.known:
                return candidate, passive
        return word, False

    def _candidates(self, word: str) -> list[tuple[str, bool]]:
        """Least stripping first: suffixes alone, then one prefix, then two."""
        bare = _suffix_strips(word)
        first = [(c, False) for c in bare[1:]]
        once = [(r, p) for b in bare for r, p in _prefix_strips(b)]
        twice = [
            (r2, p or p2)
            for r, p in once
            for b in _suffix_strips(r)
            for r2, p2 in _prefix_strips(b)
        ]
        once_bare = [(s, p) for r, p in once for s in _suffix_strips(r)]
        return first + once + once_bare + twice


def minimal_stems(words: set[str], no_stem: frozenset[str]) -> frozenset[str]:
    """Drop words that are inflections of other listed words ("pendukung" of "dukung").

    Data files may write "pendukung" next to "dukung"; keeping both as stems would
    stop "pendukung" in a report from reducing to "dukung" for the other terms.
    """
    known = frozenset(words)
    keep = {
        w
        for w in words
        if w in no_stem or Stemmer(known=known - {w}, no_stem=no_stem).stem(w)[0] == w
    }
    return frozenset(keep)
