"""Who may be assigned a case: the officers of the directory, checked by the access policy.

An officer is a directory person with the role `officer` in a unit of one office
(`BAWASLU:18.01`: an authority and a region code, or "RI"). The officer is eligible for a
case when all hold:
1. the assigner may assign the case (`may_assign`: role, jurisdiction, an open case);
2. the officer is of the assigner's authority (an admin assigns within any authority);
3. the officer's office is inside the assigner's jurisdiction (an admin: anywhere);
4. the officer, signed in, would see the case: the same `can_view` that guards every read,
   so nobody is handed a case their own queue would hide.
An authority with no staff role (PEMDA, KPU...) has no assignable officers. Fails closed:
an unknown authority or a regional officer without a code is never eligible.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

from pydantic import BaseModel, ConfigDict, Field

from services.cases.domain.access import can_view, covers, may_assign
from services.cases.domain.model import Actor, CaseState
from services.cases.domain.vocabulary import Role

# The authorities whose officers sign in to the workspace with a staff role.
AUTHORITY_ROLES: Final[dict[str, Role]] = {
    "BAWASLU": Role.BAWASLU,
    "BKN": Role.BKN,
    "GAKKUMDU": Role.GAKKUMDU,
    "PPK": Role.PPK,
}


class Officer(BaseModel):
    """A person who may be assigned cases; `id` is what the case's `assignee` holds."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(min_length=1, max_length=100)
    name: str = Field(min_length=1, max_length=200)
    authority: str
    office: str  # the unit's region code, or "RI"
    unit: str  # the unit's display name

    @property
    def role(self) -> Role | None:
        return AUTHORITY_ROLES.get(self.authority)

    def as_actor(self) -> Actor | None:
        role = self.role
        return None if role is None else Actor(name=self.name, role=role, region=self.office)


@dataclass(frozen=True)
class Roster:
    """Every officer, in directory order; loaded once at start-up like the deadline rules."""

    officers: tuple[Officer, ...]
    _by_id: dict[str, Officer] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {o.id: o for o in self.officers})

    def get(self, officer_id: str) -> Officer | None:
        return self._by_id.get(officer_id)

    def name_of(self, officer_id: str | None) -> str | None:
        found = self._by_id.get(officer_id) if officer_id else None
        return found.name if found else officer_id


def _of_assigners_side(assigner: Actor, officer: Officer) -> bool:
    """Rules 2 and 3: the assigner's own authority and jurisdiction (an admin's: all)."""
    if assigner.role == Role.ADMIN:
        return officer.role is not None
    return officer.role == assigner.role and covers(assigner.region, officer.office)


def assignable_officers(roster: Roster, assigner: Actor) -> list[Officer]:
    """The officers this assigner could hand some case to (the queue's bulk picker); each
    case still checks rule 4 itself."""
    return [o for o in roster.officers if _of_assigners_side(assigner, o)]


def may_be_assigned(assigner: Actor, officer: Officer, case: CaseState) -> bool:
    officer_actor = officer.as_actor()
    return (
        officer_actor is not None
        and may_assign(assigner, case)
        and _of_assigners_side(assigner, officer)
        and can_view(officer_actor, case)
    )


def eligible_officers(roster: Roster, assigner: Actor, case: CaseState) -> list[Officer]:
    return [o for o in roster.officers if may_be_assigned(assigner, o, case)]


def officers_named(roster: Roster, ids: Iterable[str | None]) -> dict[str, str]:
    """Officer id -> display name, for the ids the page shows (unknown ids as themselves)."""
    return {i: roster.name_of(i) or i for i in ids if i}
