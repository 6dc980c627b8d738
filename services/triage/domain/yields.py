"""Readings that give way (lexicon.yaml `yields`): a pattern that, when it matches, takes
the place of another pattern's reading of the same words.

Government aid handed out with a candidate's mark ("membagikan paket bantuan pemerintah
yang ditempeli stiker paslon") matches both `fd-aid-branded` and the generic gift of
goods `mp-give-goods`; by precedence MONEY_POLITICS would win, but the goods are public
aid steered to a candidate: a FAVORING_DECISION (DOMAIN.md 4.1). A category drops out
only when every pattern it matched gives way, so an envelope of money beside the branded
aid ("amplop", `mp-named`) still makes the report MONEY_POLITICS.
"""

from __future__ import annotations

from dataclasses import replace

from services.triage.domain.category import Classification
from services.triage.domain.text.lexicon import Lexicons


def apply_yields(lex: Lexicons, cls: Classification) -> Classification:
    dropped = {d for p in cls.patterns & lex.yields.keys() for d in lex.yields[p]}
    if not dropped:
        return cls
    gone = {
        c
        for c in cls.categories
        if c in lex.categories
        and {p.id for p in lex.categories[c].patterns} & cls.patterns <= dropped
    }
    categories = [c for c in cls.categories if c not in gone]
    if not gone or not categories:
        return cls
    scores = {c: s for c, s in cls.scores.items() if c not in gone}
    labels = {c.value for c in gone}
    return replace(
        cls,
        category=categories[0],
        categories=categories,
        confidence=scores[categories[0]],
        scores=scores,
        evidence=[e for e in cls.evidence if e.label not in labels],
        patterns=cls.patterns - dropped,
    )
