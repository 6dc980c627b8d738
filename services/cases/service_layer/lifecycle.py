"""Staff use cases on one case: a lifecycle command, adding a note (assigning it:
`assignment.py`).

Each checks jurisdiction first (`visible_case`) and writes with a version check; they return
nothing: the caller reads the case back through the read model (`read_models.case_view`).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from services.cases.domain.access import may_add_note
from services.cases.domain.deadlines import DeadlinePolicy
from services.cases.domain.errors import CaseBusy, Forbidden, UnsupportedCommand, VersionConflict
from services.cases.domain.lifecycle.commands import LINK_COMMANDS, parse_command
from services.cases.domain.lifecycle.transition import transition
from services.cases.domain.model import Actor
from services.cases.service_layer.event_context import event_context
from services.cases.service_layer.load_save import save, visible_case
from services.cases.service_layer.outbox import outbox_entries
from services.cases.service_layer.ports import CaseStore
from services.common.clock import Clock


async def apply_command(
    *,
    store: CaseStore,
    policy: DeadlinePolicy,
    clock: Clock,
    actor: Actor,
    case_id: str,
    command: BaseModel | Mapping[str, Any],
    expected_version: int,
    trace_id: str | None,
    traceparent: str | None,
) -> None:
    """Apply one lifecycle command: state, timeline and outbox in one version-checked write.

    Raises CaseNotFound, NotAllowed (role), InvalidTransition, MissingField,
    VersionConflict (somebody else wrote first: reload and retry), UnsupportedCommand.
    """
    # Re-validated either way: a web form and a JSON body reach the domain as the same type.
    fields = command if isinstance(command, Mapping) else command.model_dump()
    parsed = parse_command(fields)
    if parsed.command in LINK_COMMANDS:
        raise UnsupportedCommand("link and unlink reports with the /links endpoints")
    stored = await visible_case(store=store, actor=actor, case_id=case_id)
    case = stored.state
    if case.version != expected_version:
        raise VersionConflict(case_id, expected_version, case.version)
    now = clock.now()
    new, events = transition(case, parsed, actor=actor, now=now, trace_id=trace_id, policy=policy)
    context = await event_context(store, stored, new, events)
    outbox = outbox_entries(events, new, traceparent=traceparent, context=context)
    await save(store, case, new, outbox=outbox)


async def add_note(
    *, store: CaseStore, clock: Clock, actor: Actor, case_id: str, text: str
) -> None:
    """Append a note (never edited or removed). Ops may not: notes can hold personal data."""
    case = (await visible_case(store=store, actor=actor, case_id=case_id)).state
    if not may_add_note(actor, case):
        raise Forbidden(f"{actor.role} may not add notes")
    note = {
        "note_id": str(uuid.uuid4()),
        "at": clock.now(),
        "author": actor.name,
        "role": actor.role.value,
        "text": text,
    }
    if not await store.push_note(case_id, note):
        raise CaseBusy(case_id, "the note")
