"""One pass over a field's tokens that yields every region mention with its role."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from services.triage.domain.gazetteer.index import RegionIndex
from services.triage.domain.gazetteer.lexicon import Kind, Lexicon, Marker
from services.triage.domain.gazetteer.roles import FieldScan, Mention, Role, chain_roles, role_of
from services.triage.domain.gazetteer.tokens import Tokens, tokenize

__all__ = ["Scanner"]

MAX_NAME_TOKENS = 6
MAX_TYPO_TOKENS = 3
_SUBREGION_KINDS = frozenset({Kind.KECAMATAN, Kind.DESA})


@dataclass(frozen=True, slots=True)
class _Hit:
    end: int  # token index after the name
    codes: tuple[str, ...]
    key: str


@dataclass(frozen=True, slots=True)
class _Found:
    mention: Mention
    end: int  # token index after the mention


class Scanner:
    def __init__(self, index: RegionIndex, lexicon: Lexicon) -> None:
        self._index = index
        self._lex = lexicon
        self._starts = index.prefixes | frozenset(index.regions)
        # Words that can open a mention by themselves; a mere prefix of a region name
        # ("di", "tanah") only together with the next word.
        self._openers = frozenset(index.regions) | frozenset(lexicon.markers)
        # Every word that can make some position a candidate (see `_candidates`): one
        # set test per word finds the few (about one in six) that need a closer look.
        self._interesting = self._openers | index.prefixes | lexicon.place_prepositions

    def scan(self, text: str, field: FieldScan) -> list[Mention]:
        tokens = tokenize(text, self._lex)
        candidates = (
            range(len(tokens.words)) if field.place_field else self._candidates(tokens.words)
        )
        mentions: list[Mention] = []
        resume = 0
        for i in candidates:
            if i < resume:
                continue
            found = self._read_at(tokens, i, field)
            if found is not None:
                mentions.append(found.mention)
                resume = found.end
        return chain_roles(mentions)

    def _candidates(self, words: list[str]) -> list[int]:
        """Positions `_read_at` may accept, ascending: a marker or region name, a word
        after a place preposition, or a region-name prefix the next word continues.

        Most words can start nothing; a C-level comprehension skips them, so Python
        only looks at the interesting few.
        """
        openers, prefixes, starts = self._openers, self._index.prefixes, self._starts
        preps = self._lex.place_prepositions
        last = len(words) - 1
        out: list[int] = []
        interesting = self._interesting
        for i in [i for i, w in enumerate(words) if w in interesting]:
            w = words[i]
            nxt = words[i + 1] if i < last else ""
            opens = w in openers or (w in prefixes and w + nxt in starts)
            # Not when already added as the word after a preposition.
            if opens and (not out or out[-1] != i):
                out.append(i)
            if w in preps and i < last:
                out.append(i + 1)
        return out

    def _read_at(self, tokens: Tokens, i: int, field: FieldScan) -> _Found | None:
        marker = self._lex.markers.get(tokens.words[i])
        if marker is not None:
            return self._after_marker(tokens, i, marker, field)
        if tokens.words[i] in self._starts:
            hit = self._region(tokens, i, None, field)
            if hit is not None:
                return self._bare_region(tokens, i, hit, field)
        if field.place_field or _after(tokens, i, self._lex.place_prepositions):
            hit = self._bare_kecamatan(tokens, i)
            if hit is not None:
                mention = self._mention(tokens, field, None, i, hit, 0.75)
                # A bare kecamatan name is a weaker reading than a named kabupaten/kota,
                # so it never outranks one as "the place of the conduct".
                if mention.role == Role.CONDUCT:
                    mention = replace(mention, role=Role.NEUTRAL)
                return _Found(mention, hit.end)
        return None

    def _bare_region(self, tokens: Tokens, i: int, hit: _Hit, field: FieldScan) -> _Found | None:
        # A longer kecamatan or village name wins over the kabupaten/kota it starts with:
        # "Bogor Barat" is a kecamatan of Kota Bogor, "Lebak Bulus" a kelurahan in Jakarta.
        longer = _longest(tokens, i, self._index.kecamatan, self._index.kecamatan_prefixes)
        if longer is not None and longer.end > hit.end and longer.key in self._index.bare_kecamatan:
            return _Found(self._mention(tokens, field, None, i, longer, 0.8), longer.end)
        if hit.key in self._lex.guarded:
            village = _longest(tokens, i, self._index.villages, None)
            if village is not None and village.end > hit.end:
                return None
        return _Found(self._mention(tokens, field, None, i, hit, 0.9), hit.end)

    def _after_marker(
        self, tokens: Tokens, at: int, marker: Marker, field: FieldScan
    ) -> _Found | None:
        words, clauses = tokens.words, tokens.clauses
        i = at + 1
        while i < len(words) and words[i] in self._lex.fillers:
            i += 1
        if i >= len(words) or clauses[i] != clauses[at]:
            return None
        if marker.kind in _SUBREGION_KINDS:
            hit = self._subregion(tokens, i, marker.kind)
            if hit is not None:
                return _Found(self._mention(tokens, field, (marker, at), i, hit, 0.8), hit.end)
        # "Kabupaten/Kota Bogor": the last marker decides, at its own turn.
        if words[i] in self._lex.markers:
            return None
        hit = self._region(tokens, i, (marker, at), field)
        if hit is not None:
            return _Found(self._mention(tokens, field, (marker, at), i, hit, 1.0), hit.end)
        # Only when nothing matches exactly: "Kabupaten Bangka dan ..." must stay Bangka,
        # not become Bangkalan.
        if not marker.typos or words[i] in self._lex.not_names:
            return None
        hit = self._misspelt_region(tokens, i, marker)
        if hit is None:
            return None
        return _Found(self._mention(tokens, field, (marker, at), i, hit, 0.7), hit.end)

    def _misspelt_region(self, tokens: Tokens, i: int, marker: Marker) -> _Hit | None:
        """ "Kota Makasar": a level word promises a name, so one typo is allowed."""
        words, clauses = tokens.words, tokens.clauses
        for end in range(min(i + MAX_TYPO_TOKENS, len(words)), i, -1):
            if clauses[end - 1] != clauses[i]:
                continue
            key = self._index.fuzzy.closest("".join(words[i:end]))
            if key is not None:
                return _Hit(end, self._of_kind(self._index.regions[key], marker), key)
        return None

    def _region(
        self, tokens: Tokens, i: int, pending: tuple[Marker, int] | None, field: FieldScan
    ) -> _Hit | None:
        hit = _longest(tokens, i, self._index.regions, self._index.prefixes)
        if hit is None:
            return None
        if pending is None:
            before = _before(tokens, i)
            if before in self._lex.person_titles or before in self._lex.street_words:
                return None
            # In location_text a name standing alone ("Batu") is a place; "Rumah makan
            # Padang" is still a restaurant.
            alone = field.place_field and before == ""
            if hit.key in self._lex.marker_only and not alone:
                return None
            if hit.key in self._lex.guarded and not (
                alone or before in self._lex.place_prepositions
            ):
                return None
            return hit
        return _Hit(hit.end, self._of_kind(hit.codes, pending[0]), hit.key)

    def _of_kind(self, codes: tuple[str, ...], marker: Marker) -> tuple[str, ...]:
        """ "Kota Bogor" keeps the kota; a marker that fits none of the codes keeps them all."""
        wanted = _MARKER_LEVEL.get(marker.kind)
        return tuple(c for c in codes if self._index.kinds[c] == wanted) or codes

    def _subregion(self, tokens: Tokens, i: int, kind: Kind) -> _Hit | None:
        if tokens.words[i] in self._lex.not_names:
            return None
        if kind == Kind.DESA:
            hit = _longest(tokens, i, self._index.villages, None)
            # "kepala desa dalam ...": a one-word village name that is an everyday word
            # is most likely just the next word of the sentence.
            if hit is not None and not (hit.end == i + 1 and hit.key in self._lex.common_words):
                return hit
        return _longest(tokens, i, self._index.kecamatan, self._index.kecamatan_prefixes)

    def _bare_kecamatan(self, tokens: Tokens, i: int) -> _Hit | None:
        hit = _longest(tokens, i, self._index.kecamatan, self._index.kecamatan_prefixes)
        return hit if hit is not None and hit.key in self._index.bare_kecamatan else None

    def _mention(
        self,
        tokens: Tokens,
        field: FieldScan,
        pending: tuple[Marker, int] | None,
        i: int,
        hit: _Hit,
        strength: float,
    ) -> Mention:
        start = pending[1] if pending is not None else i
        marker = pending[0] if pending is not None else None
        return Mention(
            codes=_collapse(hit.codes),
            phrase=tokens.phrase(start, hit.end - 1),
            source=field.source,
            role=role_of(tokens, start, marker, field, self._lex),
            strength=strength,
            order=start,
            end=hit.end,
        )


def _after(tokens: Tokens, i: int, words: frozenset[str]) -> bool:
    """Token i follows one of `words` in the same clause."""
    return i > 0 and tokens.words[i - 1] in words and tokens.clauses[i - 1] == tokens.clauses[i]


def _before(tokens: Tokens, i: int) -> str:
    """The word before token i in the same clause, or ""."""
    if i > 0 and tokens.clauses[i - 1] == tokens.clauses[i]:
        return tokens.words[i - 1]
    return ""


_MARKER_LEVEL = {
    Kind.PROVINSI: Kind.PROVINSI,
    Kind.KABUPATEN: Kind.KABUPATEN,
    Kind.KOTA: Kind.KOTA,
}


def _longest(
    tokens: Tokens,
    i: int,
    keys: Mapping[str, tuple[str, ...]],
    prefixes: frozenset[str] | None,
) -> _Hit | None:
    """Longest run of tokens from i whose words, run together, form a key."""
    words, clauses = tokens.words, tokens.clauses
    clause = clauses[i]
    acc = ""
    best: _Hit | None = None
    for j in range(i, min(i + MAX_NAME_TOKENS, len(words))):
        if clauses[j] != clause:
            break
        acc += words[j]
        codes = keys.get(acc)
        if codes is not None:
            best = _Hit(j + 1, codes, acc)
        if prefixes is not None and acc not in prefixes:
            break
    return best


def _collapse(codes: tuple[str, ...]) -> tuple[str, ...]:
    """Several candidates inside one province mean that province ("Malang" -> 35)."""
    provinces = {c[:2] for c in codes}
    if len(codes) > 1 and len(provinces) == 1:
        return (codes[0][:2],)
    return codes
