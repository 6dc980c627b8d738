"""Splitting a wrongly linked report out of a case into a case of its own."""

from __future__ import annotations

from datetime import datetime

from services.cases.domain.deadlines import DeadlinePolicy
from services.cases.domain.errors import InvalidTransition
from services.cases.domain.lifecycle.commands import UnlinkReport
from services.cases.domain.lifecycle.events import DomainEvent
from services.cases.domain.lifecycle.opening import open_case
from services.cases.domain.lifecycle.transition import transition
from services.cases.domain.model import Actor, CaseState


def split_report(
    case: CaseState,
    *,
    report_id: str,
    new_case_id: str,
    reason: str,
    actor: Actor,
    now: datetime,
    trace_id: str | None = None,
    policy: DeadlinePolicy,
) -> tuple[CaseState, CaseState, list[DomainEvent]]:
    """Unlink `report_id` from `case` and open `new_case_id` for it, classified like its source.

    Both cases record it: the old one as `unlink_report`, the new one in its opening entry.
    """
    linked = next((r for r in case.reports if r.report_id == report_id), None)
    if linked is None:
        raise InvalidTransition(f"report {report_id} is not linked to {case.case_id}")
    command = UnlinkReport(report_id=report_id, reason=reason)
    old, events = transition(case, command, actor=actor, now=now, trace_id=trace_id, policy=policy)
    new, opened = open_case(
        case_id=new_case_id,
        report_id=report_id,
        anonymous=linked.anonymous,
        election_type=case.election_type,
        category=case.category,
        subject_type=case.subject_type,
        region_code=case.region_code,
        routes=case.routes,
        needs_review=True,  # a split means the first classification was doubted
        now=now,
        actor=actor,
        trace_id=trace_id,
        policy=policy,
    )
    details = new.timeline[0].details | {"split_from": case.case_id}
    first = new.timeline[0].model_copy(update={"details": details, "reason": reason})
    announced = [
        e.model_copy(update={"data": e.data | {"split_from": case.case_id}}) for e in opened
    ]
    return old, new.model_copy(update={"timeline": (first,)}), events + announced
