"""What a region mention says about the conduct, read from the cue words around it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import IntEnum

from services.triage.domain.gazetteer.lexicon import Lexicon, Marker
from services.triage.domain.gazetteer.tokens import Tokens

CUE_WINDOW = 3
MAX_CHAIN_GAP = 0  # "Kec. X, Kab. Y": only punctuation between the parts of one address


class Role(IntEnum):
    """What a mention says about the conduct; higher wins when places conflict."""

    REPORTER = 0  # the reporter's own address
    AGENCY = 1  # the government the subject works for
    NEUTRAL = 2
    CONDUCT = 3  # introduced as where something happened
    LOCATION = 4  # the report's location field


@dataclass(frozen=True, slots=True)
class Mention:
    codes: tuple[str, ...]  # candidate province or kabupaten/kota codes, collapsed per province
    phrase: str
    source: str
    role: Role
    strength: float  # how sure the words are a region name at all
    order: int  # token index where the mention starts
    end: int  # token index after it


@dataclass(frozen=True, slots=True)
class FieldScan:
    """How to read one report field."""

    source: str
    place_field: bool = False  # location_text: every name there is a place
    agency_field: bool = False  # reported_agency: every name there is the employer


def role_of(
    tokens: Tokens, start: int, marker: Marker | None, field: FieldScan, lex: Lexicon
) -> Role:
    """The role of a mention starting at token `start`, from the cue words before it."""
    if field.place_field:
        return Role.LOCATION
    if field.agency_field:
        return Role.AGENCY
    window = _window(tokens, start, CUE_WINDOW + 1)
    if any(w in lex.reporter_cues for w in window[1:]) or _reporter_address(window, lex):
        return Role.REPORTER
    if marker is not None and marker.agency:
        return Role.AGENCY
    # The nearest cue decides: "PNS kampanye di Kab. X" is conduct, "ASN di Dinas
    # Kesehatan Kota X" is the employer.
    for word in reversed(window[1:]):
        if word in lex.agency_cues:
            return Role.AGENCY
        if word in lex.conduct_cues:
            return Role.CONDUCT
    return Role.NEUTRAL


def chain_roles(mentions: list[Mention]) -> list[Mention]:
    """An address runs on: "di Desa X, Kec. Y, Kab. Z" is one place, so Y and Z share X's cue."""
    for k in range(1, len(mentions)):
        prev, cur = mentions[k - 1], mentions[k]
        if cur.role == Role.NEUTRAL and cur.order - prev.end <= MAX_CHAIN_GAP:
            mentions[k] = replace(cur, role=prev.role)
    return mentions


def _window(tokens: Tokens, start: int, size: int) -> list[str]:
    """Up to `size` words before token `start` in its clause, "" where the clause began."""
    first = max(0, start - size)
    clause = tokens.clauses[start]
    words = [
        w
        for w, c in zip(tokens.words[first:start], tokens.clauses[first:start], strict=True)
        if c == clause
    ]
    return [""] * (size - len(words)) + words


def _reporter_address(window: list[str], lex: Lexicon) -> bool:
    """ "Saya warga Kota X", or a clause opening with "Warga Kota X"."""
    return window[-1] in lex.reporter_near_cues and (
        window[-2] == "" or window[-2] in lex.first_person
    )
