"""Opening a case from a triaged report: the one way a case comes into being."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from schemas.cases import CaseStatus
from schemas.reports import DeskFiling
from schemas.triage import Category, SubjectType
from services.cases.domain.deadlines import DeadlinePolicy, require_aware, with_deadline
from services.cases.domain.lifecycle.events import DomainEvent, EventType
from services.cases.domain.lifecycle.transition import status_change_data
from services.cases.domain.model import (
    SYSTEM_ACTOR,
    Actor,
    ActorRef,
    CaseState,
    LinkedReport,
    TimelineEntry,
)
from services.cases.domain.vocabulary import ElectionType, Role


def open_case(
    *,
    case_id: str,
    report_id: str,
    anonymous: bool,
    election_type: ElectionType,
    category: Category,
    subject_type: SubjectType,
    region_code: str | None,
    routes: Sequence[str],
    needs_review: bool,
    now: datetime,
    actor: Actor = SYSTEM_ACTOR,
    trace_id: str | None = None,
    policy: DeadlinePolicy,
    filed_by: DeskFiling | None = None,
) -> tuple[CaseState, list[DomainEvent]]:
    """A new case in `received`, version 1, with its first timeline entry and `case.opened`
    (a hotline report's operator first: `filed_via_hotline`)."""
    require_aware(now)
    entry = TimelineEntry(
        at=now,
        actor=ActorRef(name=actor.name, role=actor.role),
        action="opened",
        from_status=None,
        to_status=CaseStatus.RECEIVED,
        trace_id=trace_id,
        details={"report_id": report_id},
    )
    case = CaseState(
        case_id=case_id,
        status=CaseStatus.RECEIVED,
        opened_at=now,
        election_type=election_type,
        category=category,
        subject_type=subject_type,
        region_code=region_code,
        routes=tuple(routes),
        needs_review=needs_review,
        anonymous=anonymous,
        reports=(
            LinkedReport(
                report_id=report_id,
                anonymous=anonymous,
                linked_at=now,
                filed_by=filed_by.operator_id if filed_by else None,
            ),
        ),
        timeline=(
            (entry,)
            if filed_by is None
            else (operator_entry(filed_by, report_id=report_id, now=now, trace_id=trace_id), entry)
        ),
    )
    case = with_deadline(case, policy, now=now)
    data = status_change_data(None, case, "opened") | {
        "report_id": report_id,
        "anonymous": anonymous,
        "election_type": election_type.value,
        "category": category.value,
        "subject_type": subject_type.value,
        "needs_review": needs_review,
    }
    event = DomainEvent(
        type=EventType.OPENED,
        case_id=case_id,
        case_version=case.version,
        occurred_at=now,
        trace_id=trace_id,
        data=data,
    )
    return case, [event]


def operator_entry(
    filed_by: DeskFiling, *, report_id: str, now: datetime, trace_id: str | None
) -> TimelineEntry:
    """ "Filed by operator X via hotline": who took the call, on the case's timeline."""
    return TimelineEntry(
        at=now,
        actor=ActorRef(name=filed_by.operator_name, role=Role.OPERATOR),
        action="filed_via_hotline",
        from_status=None,
        to_status=CaseStatus.RECEIVED,
        trace_id=trace_id,
        details={
            "report_id": report_id,
            "channel": "hotline",
            "operator_id": filed_by.operator_id,
            "caller_consented": filed_by.caller_consented,
        },
    )
