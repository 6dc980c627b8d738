"""Linking duplicate reports into one case and splitting one out again.

A viral post produces dozens of reports of one act: they belong in one case. The case
stays anonymous only while every linked report is: one named reporter makes it registrable.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import JsonValue

from schemas.cases import CaseStatus
from services.cases.domain.deadlines import DeadlinePolicy
from services.cases.domain.errors import InvalidTransition
from services.cases.domain.lifecycle import commands as c
from services.cases.domain.lifecycle.effects import Context, Effect, Guard, Handler
from services.cases.domain.lifecycle.events import EventType
from services.cases.domain.model import (
    SYSTEM_ACTOR,
    Actor,
    ActorRef,
    CaseState,
    LinkedReport,
    TimelineEntry,
)


def _link(case: CaseState, command: c.LinkReport, ctx: Context) -> Effect:
    report_id = (command.report_id or "").strip()
    if any(r.report_id == report_id for r in case.reports):
        raise InvalidTransition(f"report {report_id} is already linked to {case.case_id}")
    linked = LinkedReport(report_id=report_id, anonymous=command.anonymous, linked_at=ctx.now)
    reports = (*case.reports, linked)
    data: dict[str, JsonValue] = {"report_id": report_id, "anonymous": command.anonymous}
    return Effect(
        changes={"reports": reports, "anonymous": all(r.anonymous for r in reports)},
        events=((EventType.REPORT_LINKED, {**data}),),
        details={**data},
    )


def _unlink(case: CaseState, command: c.UnlinkReport, ctx: Context) -> Effect:
    report_id = (command.report_id or "").strip()
    if all(r.report_id != report_id for r in case.reports):
        raise InvalidTransition(f"report {report_id} is not linked to {case.case_id}")
    reports = tuple(r for r in case.reports if r.report_id != report_id)
    if not reports:
        raise InvalidTransition("cannot unlink the only report of a case")
    data: dict[str, JsonValue] = {"report_id": report_id}
    return Effect(
        changes={"reports": reports, "anonymous": all(r.anonymous for r in reports)},
        events=((EventType.REPORT_UNLINKED, {**data}),),
        details={**data},
    )


def _several_reports(
    case: CaseState, actor: Actor, policy: DeadlinePolicy
) -> InvalidTransition | None:
    if len(case.reports) > 1:
        return None
    return InvalidTransition("cannot unlink the only report of a case")


HANDLERS: dict[str, Handler] = {"link_report": _link, "unlink_report": _unlink}
GUARDS: dict[str, Guard] = {"unlink_report": _several_reports}


def overflow_entries(
    *, full_case_id: str, overflow_case_id: str, limit: int, now: datetime, trace_id: str | None
) -> tuple[TimelineEntry, TimelineEntry]:
    """The full case's entry (`overflow_opened`) and the overflow case's (`overflow_of`):
    a case holds at most `limit` reports; the incident's next reports go to the new case."""
    system = ActorRef(name=SYSTEM_ACTOR.name, role=SYSTEM_ACTOR.role)
    details: dict[str, JsonValue] = {
        "case_id": full_case_id,
        "overflow_case_id": overflow_case_id,
        "max_linked_reports": limit,
    }
    reason = f"{full_case_id} holds {limit} reports: later reports go to {overflow_case_id}"
    full, overflow = (
        TimelineEntry(
            at=now,
            actor=system,
            action=action,
            from_status=CaseStatus.RECEIVED,
            to_status=CaseStatus.RECEIVED,
            reason=reason,
            trace_id=trace_id,
            details=details,
        )
        for action in ("overflow_opened", "overflow_of")
    )
    return full, overflow


def duplicate_link_entry(
    *, case_id: str, report_id: str, anonymous: bool, now: datetime, trace_id: str | None
) -> TimelineEntry:
    """The timeline entry of a duplicate the system joined to an open case (dedup).

    The hot path writes it without reading the case, so it cannot know the status: it
    records `received`, and the read side shows the status the case had at `now`.
    """
    return TimelineEntry(
        at=now,
        actor=ActorRef(name=SYSTEM_ACTOR.name, role=SYSTEM_ACTOR.role),
        action="link_report",
        from_status=CaseStatus.RECEIVED,
        to_status=CaseStatus.RECEIVED,
        reason=f"same dedup key as {case_id}",
        trace_id=trace_id,
        details={"report_id": report_id, "anonymous": anonymous},
    )
