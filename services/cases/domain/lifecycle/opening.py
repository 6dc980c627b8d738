"""Opening a case from a triaged report: the one way a case comes into being."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from schemas.cases import CaseStatus
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
from services.cases.domain.vocabulary import ElectionType


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
) -> tuple[CaseState, list[DomainEvent]]:
    """A new case in `received`, version 1, with its first timeline entry and `case.opened`."""
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
        reports=(LinkedReport(report_id=report_id, anonymous=anonymous, linked_at=now),),
        timeline=(entry,),
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
