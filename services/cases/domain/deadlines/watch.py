"""Re-reading a case's deadline as time passes; what the escalation scheduler calls."""

from __future__ import annotations

from datetime import datetime

from services.cases.domain.deadlines.arithmetic import require_aware
from services.cases.domain.deadlines.policy import DeadlinePolicy, with_deadline
from services.cases.domain.lifecycle.events import DomainEvent, EventType
from services.cases.domain.model import SYSTEM_ACTOR, ActorRef, CaseState, TimelineEntry
from services.cases.domain.vocabulary import DeadlineState

_EVENT_FOR = {
    DeadlineState.APPROACHING: EventType.DEADLINE_APPROACHING,
    DeadlineState.MISSED: EventType.DEADLINE_MISSED,
}


def refresh_deadline(
    case: CaseState,
    *,
    now: datetime,
    trace_id: str | None = None,
    policy: DeadlinePolicy,
) -> tuple[CaseState, list[DomainEvent]]:
    """Unchanged case and no events when nothing moved; else version + 1.

    Becoming `approaching` or `missed` is news (timeline entry and event, once per change);
    going back to `ok` (a configuration change) only updates the fields.
    """
    require_aware(now)
    refreshed = with_deadline(case, policy, now=now)
    if refreshed == case:
        return case, []
    refreshed = refreshed.model_copy(update={"version": case.version + 1})
    kind = _EVENT_FOR.get(refreshed.deadline_state) if refreshed.deadline_state else None
    if kind is None or refreshed.deadline_state == case.deadline_state:
        return refreshed, []
    at = refreshed.deadline_at.isoformat() if refreshed.deadline_at else None
    entry = TimelineEntry(
        at=now,
        actor=ActorRef(name=SYSTEM_ACTOR.name, role=SYSTEM_ACTOR.role),
        action=kind.value.removeprefix("case."),
        from_status=case.status,
        to_status=case.status,
        trace_id=trace_id,
        details={"deadline_at": at},
    )
    refreshed = refreshed.model_copy(update={"timeline": (*refreshed.timeline, entry)})
    event = DomainEvent(
        type=kind,
        case_id=case.case_id,
        case_version=refreshed.version,
        occurred_at=now,
        trace_id=trace_id,
        data={"status": case.status.value, "deadline_at": at},
    )
    return refreshed, [event]
