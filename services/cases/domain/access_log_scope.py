"""Who may read the reporter-identity access log, and whose accesses they see.

The log says which staff member opened which reporter's identity (or downloaded which
evidence file) and why. Reading it is supervision, so it belongs to the offices that
supervise the ones who open identities (DOMAIN.md section 2: Bawaslu is hierarchical,
RI over provinsi over kabupaten/kota; docs/decisions.md, "Reporter-identity access log"):

- admin and Bawaslu RI: every access;
- Bawaslu provinsi (a two-digit region): the accesses by staff whose office lies in
  the province (its own and its kabupaten/kota offices');
- everyone else, Bawaslu kabupaten/kota included (they are the ones supervised): none.

A regional account with no region fails closed, like case visibility (access.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from services.cases.domain.model import NATIONAL, Actor
from services.cases.domain.vocabulary import Role

PROVINCE: Final = re.compile(r"^\d{2}$")


@dataclass(frozen=True)
class AccessLogScope:
    """`office` None: every entry; else the entries whose office is it or below it."""

    office: str | None


def access_log_scope(actor: Actor) -> AccessLogScope | None:
    """None when the actor may not read the access log at all."""
    if actor.role == Role.ADMIN:
        return AccessLogScope(office=None)
    if actor.role != Role.BAWASLU or actor.region is None:
        return None
    if actor.region == NATIONAL:
        return AccessLogScope(office=None)
    if PROVINCE.match(actor.region):
        return AccessLogScope(office=actor.region)
    return None


def may_read_access_log(actor: Actor | None) -> bool:
    return actor is not None and access_log_scope(actor) is not None
