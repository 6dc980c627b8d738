"""The officers cases may assign, read from the recipient directory notify sends by.

One file names who exists: a case's `assignee` is a directory person's id, and notify
tells that person of the case (`assigned_officer` in its matrix). So cases reads the same
file (NOTIFY_DIRECTORY_FILE, one setting for both services) and keeps only what it needs:
the people with role `officer` in a unit of one office (`BAWASLU:18.01`, `BKN:RI`); a
unit with a wildcard pattern is no office and its people are not assignable. Contacts
stay notify's business and are not read. A malformed file stops start-up.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from services.cases.domain.assignment import Officer, Roster

OFFICE_PATTERN = re.compile(r"^([A-Z0-9_]+):(RI|[0-9]+(?:\.[0-9]+)*)$")


class OfficerDirectoryError(ValueError):
    """The directory file cannot be read as a list of units with people."""


def _officers_of(unit: dict[str, Any]) -> list[Officer]:
    office = OFFICE_PATTERN.match(str(unit.get("pattern", "")))
    if office is None:
        return []
    people = unit.get("people") or []
    if not isinstance(people, list):
        raise OfficerDirectoryError(f"{unit.get('pattern')}: people is not a list")
    return [
        Officer(
            id=str(person.get("id")),
            name=str(person.get("name")),
            authority=office[1],
            office=office[2],
            unit=str(unit.get("name") or unit["pattern"]),
        )
        for person in people
        if isinstance(person, dict) and person.get("role") == "officer"
    ]


def load_roster(path: Path) -> Roster:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise OfficerDirectoryError(f"{path}: {exc}") from exc
    units = raw.get("units") if isinstance(raw, dict) else None
    if not isinstance(units, list):
        raise OfficerDirectoryError(f"{path}: no `units` list")
    try:
        officers = [o for unit in units if isinstance(unit, dict) for o in _officers_of(unit)]
    except ValidationError as exc:
        raise OfficerDirectoryError(f"{path}: {exc}") from exc
    ids = [o.id for o in officers]
    if len(set(ids)) != len(ids):
        raise OfficerDirectoryError(f"{path}: an officer id appears twice")
    return Roster(tuple(officers))
