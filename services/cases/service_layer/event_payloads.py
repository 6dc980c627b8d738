"""The published payload of each domain event: the fact plus what consumers need of the case.

Notify plans from these payloads alone (routes, region, status and dispositions, assignee,
the forward's packet, the reporters who asked for updates with their contact still
sealed), so it never reads the cases store. Pure: the caller gathers `EventContext`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel

from schemas.case_facts import Disposition, ForwardPacket, ReporterToTell
from schemas.cases import (
    CaseAssigned,
    CaseClosed,
    CaseDeadline,
    CaseEscalated,
    CaseForwarded,
    CaseOpened,
    CaseRegistered,
    CaseReportLinked,
    CaseReportUnlinked,
    CaseStatusChanged,
    CaseTriageCorrected,
    TrackKind,
    TriageDecision,
)
from services.cases.domain.lifecycle.events import DomainEvent, EventType
from services.cases.domain.model import CaseState


@dataclass(frozen=True)
class EventContext:
    """What the case document keeps beside the domain state, and who asked for updates."""

    assignee: str | None
    reporters: tuple[ReporterToTell, ...]
    summary: str | None
    reported_position: str | None
    reported_agency: str | None


def facts(case: CaseState, context: EventContext) -> dict[str, Any]:
    units = [r for r in case.routes if r.startswith("BAWASLU:")]
    return {
        "region_code": case.region_code,
        "status": case.status.value,
        "routes": list(case.routes),
        "unit": units[0] if units else None,
        "dispositions": [
            Disposition(kind=t.kind.value, status=t.status.value, recipient=t.recipient)
            for t in case.tracks
        ],
        "assignee": context.assignee,
        "reporters": list(context.reporters),
    }


def _reason(case: CaseState) -> str | None:
    return case.timeline[-1].reason if case.timeline else None


def _plenary(case: CaseState) -> str | None:
    return next((e.reason for e in reversed(case.timeline) if e.action == "decide_plenary"), None)


def packet(case: CaseState, kind: TrackKind, context: EventContext) -> ForwardPacket:
    track = case.track(kind)
    return ForwardPacket(
        case_id=case.case_id,
        category=case.category,
        subject_type=case.subject_type,
        region_code=case.region_code,
        election_type=case.election_type.value,
        summary=context.summary,
        reported_position=context.reported_position,
        reported_agency=context.reported_agency,
        outcomes=[o.value for o in case.outcomes],
        plenary_reason=_plenary(case),
        decided_at=track.decided_at if track else None,
        linked_reports=len(case.reports),
    )


Build = Callable[[DomainEvent, CaseState, EventContext], BaseModel]


def _status_changed(event: DomainEvent, case: CaseState, ctx: EventContext) -> BaseModel:
    return CaseStatusChanged(
        **facts(case, ctx),
        case_id=case.case_id,
        from_status=str(event.data["from_status"]),
        to_status=str(event.data["to_status"]),
        changed_at=event.occurred_at,
        actor_role=case.timeline[-1].actor.role.value,
        reason=_reason(case),
        action=str(event.data.get("action") or "") or None,
        deadline_at=case.deadline_at,
    )


def _linked(event: DomainEvent, case: CaseState, ctx: EventContext) -> BaseModel:
    report_id = str(event.data["report_id"])
    joined = tuple(r for r in ctx.reporters if r.report_id == report_id)
    return CaseReportLinked(
        **facts(case, replace(ctx, reporters=joined)),  # only the joining report's reporter
        case_id=case.case_id,
        report_id=report_id,
        linked_at=event.occurred_at,
        linked_reports=len(case.reports),
    )


def _deadline(event: DomainEvent, case: CaseState, ctx: EventContext) -> BaseModel:
    assert case.deadline_at is not None
    reminder = event.data.get("reminder")
    return CaseDeadline(
        **facts(case, ctx),
        case_id=case.case_id,
        deadline_at=case.deadline_at,
        detected_at=event.occurred_at,
        reminder=reminder if isinstance(reminder, int) else 0,
    )


def _registered(event: DomainEvent, case: CaseState, ctx: EventContext) -> BaseModel:
    return CaseRegistered(
        **facts(case, ctx),
        case_id=case.case_id,
        registered_at=event.occurred_at,
        registration=str(event.data["registration"]),
    )


def _forwarded(event: DomainEvent, case: CaseState, ctx: EventContext) -> BaseModel:
    kind = TrackKind(str(event.data["track"]))
    return CaseForwarded(
        **facts(case, ctx),
        case_id=case.case_id,
        forwarded_at=event.occurred_at,
        track=kind,
        recipient=str(event.data["recipient"]),
        packet=packet(case, kind, ctx),
    )


def _assigned(event: DomainEvent, case: CaseState, ctx: EventContext) -> BaseModel:
    previous = event.data.get("previous")
    return CaseAssigned(
        **facts(case, ctx),
        case_id=case.case_id,
        assigned_at=event.occurred_at,
        previous_assignee=previous if isinstance(previous, str) else None,
    )


def _escalated(event: DomainEvent, case: CaseState, ctx: EventContext) -> BaseModel:
    kind = TrackKind(str(event.data["track"]))
    track = case.track(kind)
    return CaseEscalated(
        **facts(case, ctx),
        case_id=case.case_id,
        escalated_at=event.occurred_at,
        track=kind,
        reason=_reason(case),
        ppk_agency=track.ppk_agency if track else None,
        personnel_data_blocked=bool(event.data.get("personnel_data_blocked", True)),
    )


def _closed(event: DomainEvent, case: CaseState, ctx: EventContext) -> BaseModel:
    sanction = event.data.get("sanction")
    return CaseClosed(
        **facts(case, ctx),
        case_id=case.case_id,
        closed_at=event.occurred_at,
        outcomes=[o.value for o in case.outcomes],
        sanction=sanction if isinstance(sanction, str) else None,
    )


def _unlinked(event: DomainEvent, case: CaseState, ctx: EventContext) -> BaseModel:
    return CaseReportUnlinked(
        **facts(case, ctx),
        case_id=case.case_id,
        report_id=str(event.data["report_id"]),
        unlinked_at=event.occurred_at,
        reason=_reason(case),
    )


def _triage_corrected(event: DomainEvent, case: CaseState, ctx: EventContext) -> BaseModel:
    before = event.data["before"]
    assert isinstance(before, dict)
    return CaseTriageCorrected(
        **facts(case, ctx),
        case_id=case.case_id,
        corrected_at=event.occurred_at,
        category=case.category,
        subject_type=case.subject_type,
        before=TriageDecision.model_validate(before),
        reason=_reason(case),
    )


# The published ones; the rest (completion requested, plenary decided, sanction recorded,
# ...) reach consumers as the `case.status_changed` they cause, or stay on the timeline.
BUILDERS: dict[EventType, Build] = {
    EventType.STATUS_CHANGED: _status_changed,
    EventType.REPORT_LINKED: _linked,
    EventType.DEADLINE_APPROACHING: _deadline,
    EventType.DEADLINE_MISSED: _deadline,
    EventType.REGISTERED: _registered,
    EventType.FORWARDED: _forwarded,
    EventType.ASSIGNED: _assigned,
    EventType.ESCALATED: _escalated,
    EventType.CLOSED: _closed,
    EventType.REPORT_UNLINKED: _unlinked,
    EventType.TRIAGE_CORRECTED: _triage_corrected,
}


def payload(
    event: DomainEvent, case: CaseState, context: EventContext, opened: CaseOpened | None
) -> BaseModel | None:
    if event.type == EventType.OPENED:
        return opened
    build = BUILDERS.get(event.type)
    return build(event, case, context) if build else None
