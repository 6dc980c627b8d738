"""Use cases of the staff workspace, keyword-only (Dispatch style). The API and the web UI
both call these; neither touches the repository or the domain directly.

Every function checks jurisdiction first: a case the actor may not see raises
`CaseNotFound`, exactly as a case that does not exist (never reveal it exists).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from services.cases.adapters.repository import CaseRepository
from services.cases.domain.case_deadlines import DeadlinePolicy, default_deadline_policy
from services.cases.domain.lifecycle import transition
from services.cases.domain.model import Actor, ActorRef, TimelineEntry
from services.cases.errors import Forbidden, UnsupportedCommand, VersionConflict
from services.cases.outbox import outbox_entries
from services.cases.schemas import CaseRead
from services.cases.service_core import parse_command, save, utcnow, visible_case
from services.cases.service_links import link_report, split_report
from services.cases.service_queue import MAX_PAGE, iter_cases, list_cases
from services.cases.service_reporter import read_reporter
from services.cases.service_stats import case_stats, export_cases
from services.cases.storage import millis
from services.cases.views import (
    LINK_COMMANDS,
    case_read,
    may_add_note,
    may_assign,
)


async def get_case(
    *,
    repo: CaseRepository,
    actor: Actor,
    case_id: str,
    now: datetime | None = None,
    policy: DeadlinePolicy | None = None,
) -> CaseRead:
    document, _ = await visible_case(repo=repo, actor=actor, case_id=case_id)
    return case_read(document, actor, now or utcnow(), policy or default_deadline_policy())


async def apply_command(
    *,
    repo: CaseRepository,
    actor: Actor,
    case_id: str,
    command: BaseModel | Mapping[str, Any],
    expected_version: int,
    now: datetime,
    trace_id: str | None = None,
    traceparent: str | None = None,
    policy: DeadlinePolicy | None = None,
) -> CaseRead:
    """Apply one lifecycle command: state, timeline and outbox in one version-checked write.

    Raises CaseNotFound, NotAllowed (role), InvalidTransition, MissingField,
    VersionConflict (somebody else wrote first: reload and retry), UnsupportedCommand.
    """
    policy = policy or default_deadline_policy()
    # Re-validated either way: a web form and a JSON body reach the domain as the same type.
    fields = command if isinstance(command, Mapping) else command.model_dump()
    parsed = parse_command(fields)
    if parsed.command in LINK_COMMANDS:
        raise UnsupportedCommand("link and unlink reports with the /links endpoints")
    _, case = await visible_case(repo=repo, actor=actor, case_id=case_id)
    if case.version != expected_version:
        raise VersionConflict(case_id, expected_version, case.version)
    now = millis(now)
    new, events = transition(case, parsed, actor=actor, now=now, trace_id=trace_id, policy=policy)
    outbox = outbox_entries(events, new, traceparent=traceparent)
    await save(repo, case, new, outbox=outbox)
    return await get_case(repo=repo, actor=actor, case_id=case_id, now=now, policy=policy)


async def assign(
    *,
    repo: CaseRepository,
    actor: Actor,
    case_id: str,
    assignee: str,
    now: datetime,
    expected_version: int | None = None,
    reason: str | None = None,
    trace_id: str | None = None,
    policy: DeadlinePolicy | None = None,
) -> CaseRead:
    """Name who works the case; recorded on the timeline (action `assign`), version-checked."""
    document, case = await visible_case(repo=repo, actor=actor, case_id=case_id)
    if not may_assign(actor, case):
        raise Forbidden(f"{actor.role} may not assign cases")
    if expected_version is not None and case.version != expected_version:
        raise VersionConflict(case_id, expected_version, case.version)
    now = millis(now)
    entry = TimelineEntry(
        at=now,
        actor=ActorRef(name=actor.name, role=actor.role),
        action="assign",
        from_status=case.status,
        to_status=case.status,
        reason=reason,
        trace_id=trace_id,
        details={"assignee": assignee, "previous": document.get("assignee")},
    )
    new = case.model_copy(update={"timeline": (*case.timeline, entry), "version": case.version + 1})
    await save(repo, case, new, also_set={"assignee": assignee, "updated_at": now})
    return await get_case(repo=repo, actor=actor, case_id=case_id, now=now, policy=policy)


async def add_note(
    *,
    repo: CaseRepository,
    actor: Actor,
    case_id: str,
    text: str,
    now: datetime,
    policy: DeadlinePolicy | None = None,
) -> CaseRead:
    """Append a note (never edited or removed). Ops may not: notes can hold personal data."""
    _, case = await visible_case(repo=repo, actor=actor, case_id=case_id)
    if not may_add_note(actor, case):
        raise Forbidden(f"{actor.role} may not add notes")
    note = {
        "note_id": str(uuid.uuid4()),
        "at": millis(now),
        "author": actor.name,
        "role": actor.role.value,
        "text": text,
    }
    await repo.push_note(case_id, note)
    return await get_case(repo=repo, actor=actor, case_id=case_id, now=now, policy=policy)


__all__ = [
    "MAX_PAGE",
    "add_note",
    "apply_command",
    "assign",
    "case_stats",
    "export_cases",
    "get_case",
    "iter_cases",
    "link_report",
    "list_cases",
    "parse_command",
    "read_reporter",
    "split_report",
    "utcnow",
    "visible_case",
]
