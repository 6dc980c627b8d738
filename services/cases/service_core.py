"""Shared steps of the use cases: the clock, command parsing, the jurisdiction check, saving."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from pydantic import TypeAdapter

from services.cases.adapters.repository import CaseRepository
from services.cases.domain.access import can_view
from services.cases.domain.commands import AnyCommand, Command
from services.cases.domain.model import Actor, CaseState
from services.cases.errors import CaseNotFound, VersionConflict
from services.cases.storage import Document, millis, state_of

_COMMANDS: TypeAdapter[Command] = TypeAdapter(Command)


def utcnow() -> datetime:
    return millis(datetime.now(UTC))


def parse_command(fields: Mapping[str, Any]) -> AnyCommand:
    """A domain command from plain fields; raises pydantic's ValidationError naming the field."""
    return _COMMANDS.validate_python(dict(fields))


async def visible_case(
    *, repo: CaseRepository, actor: Actor, case_id: str
) -> tuple[Document, CaseState]:
    document = await repo.get(case_id)
    if document is None:
        raise CaseNotFound(case_id)
    case = state_of(document)
    if not can_view(actor, case):
        raise CaseNotFound(case_id)
    return document, case


async def save(
    repo: CaseRepository,
    old: CaseState,
    new: CaseState,
    *,
    outbox: list[Document] | None = None,
    also_set: Document | None = None,
    also_push: Document | None = None,
) -> None:
    saved = await repo.save_change(
        new,
        expected_version=old.version,
        entries=new.timeline[len(old.timeline) :],
        outbox=outbox or [],
        also_set=also_set,
        also_push=also_push,
    )
    if not saved:
        current = await repo.version_of(old.case_id)
        raise VersionConflict(old.case_id, old.version, current)
