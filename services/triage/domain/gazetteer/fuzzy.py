"""Names with one typo ("Kota Makasar", "kab lombok timr"), found by single-deletion keys.

Only used right after a level word (kabupaten, kota, provinsi), where a place name is
certain to follow; a bare misspelt word is never read as a place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MIN_FUZZY_LENGTH = 6  # shorter names are one typo away from too many words


@dataclass(frozen=True, slots=True)
class FuzzyNames:
    keys: frozenset[str]
    deletions: Mapping[str, frozenset[str]]  # a key with one letter dropped -> keys

    @classmethod
    def build(cls, keys: Iterable[str]) -> FuzzyNames:
        long_keys = frozenset(k for k in keys if len(k) >= MIN_FUZZY_LENGTH)
        deletions: dict[str, set[str]] = {}
        for key in long_keys:
            for dropped in _drop_one(key):
                deletions.setdefault(dropped, set()).add(key)
        return cls(long_keys, {d: frozenset(k) for d, k in deletions.items()})

    def closest(self, written: str) -> str | None:
        """The one key within a single insertion, deletion or substitution, if unique."""
        if len(written) < MIN_FUZZY_LENGTH - 1:
            return None
        found = set(self.deletions.get(written, ()))  # a letter missing
        for dropped in _drop_one(written):
            if dropped in self.keys:  # a letter too many
                found.add(dropped)
            found |= self.deletions.get(dropped, frozenset())  # a letter wrong
        return found.pop() if len(found) == 1 else None


def _drop_one(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}
