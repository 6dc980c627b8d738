"""Name -> code dictionaries over the region list, keyed by compact names (see `compact`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from services.triage.domain.gazetteer.fuzzy import FuzzyNames
from services.triage.domain.gazetteer.lexicon import Kind, Lexicon, split_words

_LEVEL_WORDS = ("kabupaten", "kota", "administrasi")
_ISLAND_WORDS = frozenset({"kepulauan", "pulau", "dan"})
MIN_BARE_KECAMATAN = 5
GENERIC_VILLAGE_SPREAD = 3  # villages of that name in this many other kabupaten/kota


@dataclass(frozen=True, slots=True)
class RegionList:
    """The Kemendagri region list as (code, name) pairs (read by adapters/region_list.py)."""

    base: Mapping[str, str]  # provinces, kabupaten/kota and kecamatan: code -> name
    villages: Mapping[str, str]  # kelurahan/desa: code -> name


@dataclass(frozen=True, slots=True)
class RegionIndex:
    names: Mapping[str, str]  # province or kabupaten/kota code -> official name
    kinds: Mapping[str, Kind]
    regions: Mapping[str, tuple[str, ...]]  # compact name -> province/kabupaten/kota codes
    prefixes: frozenset[str]  # every proper prefix of a `regions` key, to stop scans early
    fuzzy: FuzzyNames  # `regions` keys within one typo
    kecamatan: Mapping[str, tuple[str, ...]]  # compact name -> kabupaten/kota codes
    # Every proper prefix of a `kecamatan` key: the word after every "di" is tried as a
    # bare kecamatan, and without these each try ran on to six words.
    kecamatan_prefixes: frozenset[str]
    bare_kecamatan: frozenset[str]  # kecamatan names safe to accept without a marker
    villages: Mapping[str, tuple[str, ...]]  # compact name -> kabupaten/kota codes

    @classmethod
    def build(cls, source: RegionList, lexicon: Lexicon) -> RegionIndex:
        names = {c: n for c, n in source.base.items() if c.count(".") <= 1}
        kinds = {c: _kind_of(c, n) for c, n in names.items()}
        regions = _region_keys(names, lexicon)
        kecamatan = _grouped_names(
            {c: n for c, n in source.base.items() if c.count(".") == 2}, lexicon
        )
        villages = _grouped_names(source.villages, lexicon)
        return cls(
            names=names,
            kinds=kinds,
            regions=regions,
            prefixes=_prefixes(regions),
            fuzzy=FuzzyNames.build(regions),
            kecamatan=kecamatan,
            kecamatan_prefixes=_prefixes(kecamatan),
            bare_kecamatan=_safe_bare_kecamatan(source.base, kecamatan, villages, regions, lexicon),
            villages=villages,
        )


def _prefixes(keys: Iterable[str]) -> frozenset[str]:
    # Character prefixes, not word prefixes: a scan runs words together ("tanah" +
    # "abang"), so only these let it stop early without missing a longer name.
    return frozenset(k[:i] for k in keys for i in range(1, len(k)))


def _kind_of(code: str, name: str) -> Kind:
    if "." not in code:
        return Kind.PROVINSI
    return Kind.KOTA if name.lower().startswith("kota") else Kind.KABUPATEN


def _region_keys(names: Mapping[str, str], lexicon: Lexicon) -> dict[str, tuple[str, ...]]:
    unknown = sorted(set(lexicon.aliases) - set(names))
    if unknown:  # a typo in the alias files must stop start-up, not surface per report
        raise ValueError(f"aliases name unknown region codes: {unknown}")
    official = _grouped((_bare_key(n, lexicon), c) for c, n in names.items())
    # "Kepulauan Mentawai" is usually just "Mentawai"; only when that names nothing else.
    short = _grouped((_without_island_words(n, lexicon), c) for c, n in names.items())
    aliases = _grouped(
        (lexicon.compact(alias), code)
        for code, alias_list in lexicon.aliases.items()
        for alias in alias_list
    )
    merged: dict[str, list[str]] = defaultdict(list)
    for key, codes in [*official.items(), *aliases.items()]:
        merged[key].extend(c for c in codes if c not in merged[key])
    for key, codes in short.items():
        if key and key not in merged and key not in lexicon.common_words:
            merged[key] = list(codes)
    return {k: tuple(v) for k, v in merged.items() if k}


def _bare_key(name: str, lexicon: Lexicon) -> str:
    words = [lexicon.variants.get(w, w) for w in split_words(name)]
    while len(words) > 1 and words[0] in _LEVEL_WORDS:
        words = words[1:]
    return "".join(words)


def _without_island_words(name: str, lexicon: Lexicon) -> str:
    words = [lexicon.variants.get(w, w) for w in split_words(name)]
    while len(words) > 1 and words[0] in _LEVEL_WORDS:
        words = words[1:]
    kept = [w for w in words if w not in _ISLAND_WORDS]
    return "".join(kept) if len(kept) < len(words) else ""


def _grouped_names(names: Mapping[str, str], lexicon: Lexicon) -> dict[str, tuple[str, ...]]:
    """Compact name -> codes of the kabupaten/kota that hold a region of that name."""
    keys = lexicon.compact_many(list(names.values()))
    return _grouped(zip(keys, (code[:5] for code in names), strict=True))


def _grouped(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    grouped: dict[str, tuple[str, ...]] = {}
    for key, code in pairs:
        codes = grouped.get(key)
        if codes is None:
            grouped[key] = (code,)
        elif code not in codes:
            grouped[key] = (*codes, code)
    return grouped


def _safe_bare_kecamatan(
    base: Mapping[str, str],
    kecamatan: Mapping[str, tuple[str, ...]],
    villages: Mapping[str, tuple[str, ...]],
    regions: Mapping[str, tuple[str, ...]],
    lexicon: Lexicon,
) -> frozenset[str]:
    """Kecamatan names that point at one kabupaten/kota and are no everyday word.

    A village of the same name elsewhere is tolerated: people who write a bare name mean
    the kecamatan. A name shared by villages in many kabupaten ("Sukamaju") is generic.
    """
    # The root-word list also holds place names ("bogor", "kupang"): those are no
    # everyday words, and "Bogor Barat" is a fine kecamatan name.
    everyday = lexicon.common_words - regions.keys()
    safe = set()
    for code, name in base.items():
        key = lexicon.compact(name)
        if code.count(".") != 2 or key in regions or len(kecamatan[key]) != 1:
            continue
        if key in lexicon.famous_kecamatan:
            safe.add(key)
            continue
        elsewhere = set(villages.get(key, ())) - {code[:5]}
        words = split_words(name)
        if (
            len(key) >= MIN_BARE_KECAMATAN
            and len(elsewhere) < GENERIC_VILLAGE_SPREAD
            and key not in lexicon.guarded
            and not all(w in everyday or w.isdigit() for w in words)
        ):
            safe.add(key)
    return frozenset(safe)
