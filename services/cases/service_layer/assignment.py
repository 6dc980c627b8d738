"""Assigning a case to an officer, reassigning it, unassigning it; who is eligible.

The staff API and the workspace call these same functions, so the role, jurisdiction and
eligibility checks (domain/assignment.py) are one code path for both.
"""

from __future__ import annotations

from dataclasses import replace

from services.cases.domain.access import may_assign
from services.cases.domain.assignment import Officer, Roster, eligible_officers, may_be_assigned
from services.cases.domain.errors import Forbidden, IneligibleAssignee, VersionConflict
from services.cases.domain.lifecycle.events import DomainEvent, EventType
from services.cases.domain.model import Actor, ActorRef, TimelineEntry
from services.cases.service_layer.event_context import record_context
from services.cases.service_layer.load_save import save, visible_case
from services.cases.service_layer.outbox import outbox_entries
from services.cases.service_layer.ports import CaseStore
from services.common.clock import Clock


async def eligible_assignees(
    *, store: CaseStore, roster: Roster, actor: Actor, case_id: str
) -> list[Officer]:
    """The officers `actor` may hand this case to (the picker); Forbidden when the actor
    may not assign it at all, CaseNotFound when the actor may not see it."""
    case = (await visible_case(store=store, actor=actor, case_id=case_id)).state
    if not may_assign(actor, case):
        raise Forbidden(f"{actor.role} may not assign this case")
    return eligible_officers(roster, actor, case)


async def assign(
    *,
    store: CaseStore,
    roster: Roster,
    clock: Clock,
    actor: Actor,
    case_id: str,
    assignee: str | None,
    expected_version: int | None,
    reason: str | None,
    trace_id: str | None,
    traceparent: str | None,
) -> None:
    """Name who works the case (None: nobody any more); recorded on the timeline (action
    `assign` or `unassign`), version-checked, and published as `case.assigned` (the new
    officer and the unit's supervisor hear of it).

    Raises CaseNotFound, Forbidden (the actor may not assign this case), IneligibleAssignee
    (not an officer this actor may hand this case to), VersionConflict.
    """
    stored = await visible_case(store=store, actor=actor, case_id=case_id)
    case = stored.state
    if not may_assign(actor, case):
        raise Forbidden(f"{actor.role} may not assign this case")
    if assignee is not None:
        officer = roster.get(assignee)
        if officer is None or not may_be_assigned(actor, officer, case):
            raise IneligibleAssignee(assignee)
    if expected_version is not None and case.version != expected_version:
        raise VersionConflict(case_id, expected_version, case.version)
    now = clock.now()
    change = {"assignee": assignee, "previous": stored.assignee}
    entry = TimelineEntry(
        at=now,
        actor=ActorRef(name=actor.name, role=actor.role),
        action="assign" if assignee is not None else "unassign",
        from_status=case.status,
        to_status=case.status,
        reason=reason,
        trace_id=trace_id,
        details=dict(change),
    )
    new = case.model_copy(update={"timeline": (*case.timeline, entry), "version": case.version + 1})
    assigned = DomainEvent(
        type=EventType.ASSIGNED,
        case_id=case_id,
        case_version=new.version,
        occurred_at=now,
        trace_id=trace_id,
        data=dict(change),
    )
    context = record_context(replace(stored, assignee=assignee), ())
    outbox = outbox_entries([assigned], new, traceparent=traceparent, context=context)
    await save(store, case, new, outbox=outbox, also_set={"assignee": assignee, "updated_at": now})
