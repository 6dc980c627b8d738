"""Re-reading a case's deadline as time passes; what the escalation scheduler calls."""

from __future__ import annotations

from datetime import datetime

from pydantic import JsonValue

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
    going back to `ok` (a configuration change) only updates the fields. A deadline still
    missed when its reminder is due is news again (`remind_missed_every_hours`), until the
    step is done and the deadline moves.
    """
    require_aware(now)
    refreshed = with_deadline(case, policy, now=now)
    if _reminder_due(case, refreshed, now):
        return _remind(case, refreshed, now=now, trace_id=trace_id, policy=policy)
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
    return refreshed, [_event(kind, case, refreshed, now, trace_id, {"deadline_at": at})]


def _event(
    kind: EventType,
    case: CaseState,
    refreshed: CaseState,
    now: datetime,
    trace_id: str | None,
    data: dict[str, JsonValue],
) -> DomainEvent:
    return DomainEvent(
        type=kind,
        case_id=case.case_id,
        case_version=refreshed.version,
        occurred_at=now,
        trace_id=trace_id,
        data={"status": case.status.value, **data},
    )


def _reminder_due(case: CaseState, refreshed: CaseState, now: datetime) -> bool:
    """Still missed, the same deadline, and its next reminder is due."""
    return (
        case.deadline_state == DeadlineState.MISSED
        and refreshed.deadline_state == DeadlineState.MISSED
        and refreshed.deadline_at == case.deadline_at
        and case.deadline_remind_at is not None
        and now >= case.deadline_remind_at
    )


def _remind(
    case: CaseState,
    refreshed: CaseState,
    *,
    now: datetime,
    trace_id: str | None,
    policy: DeadlinePolicy,
) -> tuple[CaseState, list[DomainEvent]]:
    """The missed deadline once more (escalation, issue 11): nobody has acted yet.

    The next one is an interval from now, not from the deadline: a scan that was down for
    days sends one reminder, not one per interval it missed."""
    count = case.deadline_reminders + 1
    at = refreshed.deadline_at.isoformat() if refreshed.deadline_at else None
    details: dict[str, JsonValue] = {"deadline_at": at, "reminder": count}
    entry = TimelineEntry(
        at=now,
        actor=ActorRef(name=SYSTEM_ACTOR.name, role=SYSTEM_ACTOR.role),
        action="deadline_missed",
        from_status=case.status,
        to_status=case.status,
        trace_id=trace_id,
        details=details,
    )
    reminded = refreshed.model_copy(
        update={
            "deadline_reminders": count,
            "deadline_remind_at": policy.next_reminder(now),
            "version": case.version + 1,
            "timeline": (*refreshed.timeline, entry),
        }
    )
    return reminded, [_event(EventType.DEADLINE_MISSED, case, reminded, now, trace_id, details)]
