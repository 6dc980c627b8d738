"""Which election a report is about, from its words; the deadlines differ (DOMAIN.md 3).

Only words about candidates and contests count: "bupati" alone is often the reported
official, not the race. When the text names both kinds or neither, the configured
default decides (a deployment runs during one election season).
"""

from __future__ import annotations

import re

from services.cases.domain.vocabulary import ElectionType

_PILKADA = (
    r"pilkada|pilgub|pilbup|pilwalkot|pilwali|cagub|cawagub|cabup|cawabup|cawalkot|cawawalkot"
    r"|(calon|paslon|pasangan calon) (gubernur|bupati|wali ?kota)"
)
_PEMILU = (
    r"pemilu|pileg|pilpres|caleg|capres|cawapres"
    r"|calon (legislatif|presiden|anggota (dpr|dprd|dpd))|(paslon|pasangan calon) presiden"
)
PILKADA_WORDS = re.compile(rf"\b({_PILKADA})\b", re.IGNORECASE)
PEMILU_WORDS = re.compile(rf"\b({_PEMILU})\b", re.IGNORECASE)


def detect_election_type(text: str, *, default: ElectionType) -> ElectionType:
    pilkada = PILKADA_WORDS.search(text) is not None
    pemilu = PEMILU_WORDS.search(text) is not None
    if pilkada and not pemilu:
        return ElectionType.PILKADA
    if pemilu and not pilkada:
        return ElectionType.PEMILU
    return default
