"""The directory of recipients: authority x region prefix x role -> units and people.

An entry's `pattern` is a route with shell wildcards (`BAWASLU:18*`); the most specific
entry wins (the one with most characters before its first wildcard). An entry is a unit
(its own inboxes: `contacts`) and the people in it, each with a role (`officer`,
`supervisor`), their channels and language. A webhook contact names its signing secret by
`secret_ref`, never the secret. Validated when loaded (adapters/directory_file.py).
"""

from __future__ import annotations

import fnmatch
import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from services.notify.domain.plans import ChannelName

NATIONAL = "RI"
E164 = r"^\+[1-9][0-9]{7,14}$"
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
SecretRef = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.:/-]{1,200}$")]


class Role(StrEnum):
    OFFICER = "officer"
    SUPERVISOR = "supervisor"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Contact(_Frozen):
    channel: ChannelName
    target: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    secret_ref: SecretRef | None = None

    @model_validator(mode="after")
    def _target_fits_channel(self) -> Contact:
        if self.channel == ChannelName.WEBHOOK:
            if not self.target.startswith(("http://", "https://")):
                raise ValueError(f"webhook target {self.target!r} is not an http(s) URL")
        elif self.secret_ref is not None:
            raise ValueError("secret_ref is for webhook contacts only")
        if self.channel == ChannelName.EMAIL and not re.match(EMAIL, self.target):
            raise ValueError(f"email target {self.target!r} is not an address")
        if self.channel in (ChannelName.SMS, ChannelName.WHATSAPP) and not re.match(
            E164, self.target
        ):
            raise ValueError(f"{self.channel} target {self.target!r} is not an E.164 number")
        return self


def _one_per_channel(contacts: tuple[Contact, ...], where: str) -> None:
    channels = [c.channel for c in contacts]
    if len(set(channels)) != len(channels):
        raise ValueError(f"{where}: one contact per channel")


class Person(_Frozen):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]{0,99}$")]
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    role: Role
    language: Literal["id", "en"] = "id"
    contacts: tuple[Contact, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_contact_per_channel(self) -> Person:
        _one_per_channel(self.contacts, self.id)
        return self


class Unit(_Frozen):
    pattern: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9_]+(:[0-9.*RI]+)?\*?$")]
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    language: Literal["id", "en"] = "id"
    contacts: tuple[Contact, ...] = ()
    people: tuple[Person, ...] = ()

    @model_validator(mode="after")
    def _reachable(self) -> Unit:
        if not self.contacts and not self.people:
            raise ValueError(f"{self.pattern}: neither contacts nor people: nobody to tell")
        _one_per_channel(self.contacts, self.pattern)
        return self

    @property
    def specificity(self) -> tuple[int, bool]:
        """Longer literal prefix first; at equal length an exact pattern beats a wildcard."""
        return len(self.pattern.split("*", 1)[0]), "*" not in self.pattern


class ResolvedUnit(_Frozen):
    """The entry serving one route, its name filled with the route's level."""

    route: str
    name: str
    language: Literal["id", "en"]
    contacts: tuple[Contact, ...]
    people: tuple[Person, ...]

    def with_role(self, role: Role) -> tuple[Person, ...]:
        return tuple(p for p in self.people if p.role == role)


class RecipientDirectory(_Frozen):
    version: Literal[2]
    units: tuple[Unit, ...]

    @model_validator(mode="after")
    def _unique(self) -> RecipientDirectory:
        patterns = [u.pattern for u in self.units]
        if len(set(patterns)) != len(patterns):
            raise ValueError("a pattern is listed twice")
        ids = [p.id for u in self.units for p in u.people]
        if doubled := sorted({i for i in ids if ids.count(i) > 1}):
            raise ValueError(f"person id(s) listed twice: {doubled}")
        return self

    def unit_for(self, route: str) -> ResolvedUnit | None:
        matches = [u for u in self.units if fnmatch.fnmatchcase(route, u.pattern)]
        if not matches:
            return None
        best = max(matches, key=lambda u: u.specificity)
        level = route.partition(":")[2] or route
        return ResolvedUnit(
            route=route,
            name=best.name.format(code=level),
            language=best.language,
            contacts=best.contacts,
            people=best.people,
        )

    def person(self, person_id: str) -> Person | None:
        return next((p for u in self.units for p in u.people if p.id == person_id), None)


def parent_route(route: str) -> str | None:
    """One level up: `BAWASLU:18.01` -> `BAWASLU:18` -> `BAWASLU:RI` -> None."""
    authority, _, level = route.partition(":")
    if not level or level == NATIONAL:
        return None
    if "." in level:
        return f"{authority}:{level.rsplit('.', 1)[0]}"
    return f"{authority}:{NATIONAL}"
