"""The editable word lists of the gazetteer (data/gazetteer/*), compiled into typed sets."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

_WORD = re.compile(r"[^\W_]+")
_NON_WORD = re.compile(r"[\W_]+")
_NON_WORD_KEEP_LINES = re.compile(r"[^\w\n]+|_+")


class Kind(StrEnum):
    PROVINSI = "provinsi"
    KABUPATEN = "kabupaten"
    KOTA = "kota"
    KECAMATAN = "kecamatan"
    DESA = "desa"


@dataclass(frozen=True, slots=True)
class Marker:
    kind: Kind
    agency: bool
    typos: bool  # a name surely follows, so one typo is tolerated


@dataclass(frozen=True, slots=True)
class Lexicon:
    variants: Mapping[str, str]
    markers: Mapping[str, Marker]
    fillers: frozenset[str]
    glued: Mapping[str, tuple[str, str]]  # "dikabupaten" -> ("di", "kabupaten")
    conduct_cues: frozenset[str]
    agency_cues: frozenset[str]
    reporter_near_cues: frozenset[str]
    first_person: frozenset[str]
    reporter_cues: frozenset[str]
    not_names: frozenset[str]
    place_prepositions: frozenset[str]
    person_titles: frozenset[str]
    street_words: frozenset[str]
    guarded: frozenset[str]  # compact keys, see compact()
    marker_only: frozenset[str]  # compact keys
    famous_kecamatan: frozenset[str]  # compact keys
    abbreviations: frozenset[str]
    common_words: frozenset[str]
    aliases: Mapping[str, tuple[str, ...]]  # code -> names
    variant_pattern: re.Pattern[str]

    def compact(self, name: str) -> str:
        """The key a name is indexed under: folded words run together, so spacing never matters."""
        lowered = name.lower()
        if self.variant_pattern.search(lowered):
            return "".join(self.variants.get(w, w) for w in split_words(lowered))
        return _NON_WORD.sub("", lowered)

    def compact_many(self, names: list[str]) -> list[str]:
        """`compact` for 80,000 village names at once, in a few C-level passes."""
        blob = "\n".join(names).lower()
        blob = self.variant_pattern.sub(lambda m: self.variants[m.group()], blob)
        return _NON_WORD_KEEP_LINES.sub("", blob).split("\n")

    @classmethod
    def from_data(
        cls,
        raw: Mapping[str, Any],
        *,
        common_words: frozenset[str],
        aliases: Mapping[str, tuple[str, ...]],
    ) -> Lexicon:
        """From the parsed lexicon.yaml, the everyday-word list and the merged aliases."""
        variants = {str(k): str(v) for k, v in raw["variants"].items()}

        def words(key: str) -> frozenset[str]:
            return frozenset(str(w) for w in raw[key])

        def compact_keys(key: str) -> frozenset[str]:
            return frozenset(_compact_slow(str(n), variants) for n in raw[key])

        return cls(
            variants=variants,
            markers={
                str(w): Marker(
                    Kind(m["kind"]), bool(m.get("agency", False)), bool(m.get("typos", False))
                )
                for w, m in raw["markers"].items()
            },
            fillers=words("fillers"),
            glued=_glued_forms(raw, variants),
            conduct_cues=words("conduct_cues"),
            agency_cues=words("agency_cues"),
            reporter_near_cues=words("reporter_near_cues"),
            first_person=words("first_person"),
            reporter_cues=words("reporter_cues"),
            not_names=words("not_names"),
            place_prepositions=words("place_prepositions"),
            person_titles=words("person_titles"),
            street_words=words("street_words"),
            guarded=compact_keys("guarded"),
            marker_only=compact_keys("marker_only"),
            famous_kecamatan=compact_keys("famous_kecamatan"),
            abbreviations=words("abbreviations"),
            common_words=common_words,
            aliases=aliases,
            variant_pattern=re.compile(r"\b(?:" + "|".join(map(re.escape, variants)) + r")\b"),
        )


def _compact_slow(name: str, variants: Mapping[str, str]) -> str:
    return "".join(variants.get(w, w) for w in split_words(name))


def split_words(name: str) -> list[str]:
    return _WORD.findall(name.lower().replace("'", ""))


def _glued_forms(raw: Mapping[str, Any], variants: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """Marker and agency words as quick typing glues them to di/ke: "dikabupaten", "dikab"."""
    targets = {str(w) for w in raw["markers"]} | {str(w) for w in raw["agency_cues"]}
    targets |= {short for short, full in variants.items() if full in targets}
    return {
        str(prefix) + word: (str(prefix), variants.get(word, word))
        for prefix in raw["glued_prefixes"]
        for word in targets
        if len(word) > 2
    }
