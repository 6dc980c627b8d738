"""Filing reports: a received report is recorded, a triaged one opens a case or joins one.

A triaged report already on a case changes nothing (redelivery). Otherwise it joins the
open case of its dedup key (system actor, `link_report`) or opens a case whose id derives
from the report id, so a retry can only ever open the same one. Event ids derive from the
source event id, so a redelivered message republishes the same events.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from schemas.notifications import NotificationDelivered
from schemas.reports import ReportReceived
from schemas.triage import ReportTriaged
from services.cases.domain.deadlines import DeadlinePolicy
from services.cases.domain.election_type import detect_election_type
from services.cases.domain.lifecycle import opening
from services.cases.domain.lifecycle.commands import LinkReport
from services.cases.domain.lifecycle.transition import transition
from services.cases.domain.model import SYSTEM_ACTOR, CaseState
from services.cases.domain.vocabulary import ElectionType
from services.cases.service_layer.new_cases import case_id_for, meta_of, opened_payload, summary_of
from services.cases.service_layer.outbox import outbox_entries
from services.cases.service_layer.ports import CaseRecord, CaseStore
from services.common.clock import Clock

LINK_ATTEMPTS = 5  # a staff edit may race the link; re-read and try again


class CaseKeptChanging(RuntimeError):
    """Every link attempt lost a race; the message is retried."""


@dataclass(frozen=True)
class Trace:
    trace_id: str | None
    traceparent: str | None


async def record_received(*, store: CaseStore, report: ReportReceived) -> None:
    """Remember a report before triage, so its tracking code already answers."""
    await store.record_received(report)


async def record_delivery(
    *, store: CaseStore, delivered: NotificationDelivered, trace_id: str | None
) -> bool:
    return await store.record_notification(delivered, trace_id=trace_id)


async def file_triaged(
    *,
    store: CaseStore,
    policy: DeadlinePolicy,
    clock: Clock,
    default_election: ElectionType,
    triaged: ReportTriaged,
    source_event_id: uuid.UUID,
    trace: Trace,
) -> str:
    """The id of the case that holds the report now."""
    report_id = triaged.report.report_id
    case_id = await store.case_holding(report_id)
    if case_id is None:
        case_id = await _open_or_link(
            store, policy, clock, default_election, triaged, source_event_id, trace
        )
    decision = triaged.decision.model_dump(mode="json")
    await store.attach_report(triaged.report, case_id=case_id, decision=decision)
    return case_id


async def _open_or_link(
    store: CaseStore,
    policy: DeadlinePolicy,
    clock: Clock,
    default_election: ElectionType,
    triaged: ReportTriaged,
    source_event_id: uuid.UUID,
    trace: Trace,
) -> str:
    for _ in range(LINK_ATTEMPTS):
        now = clock.now()
        existing = await store.open_case_for(triaged.decision.dedup_key)
        if existing is None:
            return await _open(
                store, policy, default_election, triaged, source_event_id, trace, now
            )
        if await _link(store, policy, existing, triaged, source_event_id, trace, now):
            return existing.case_id
    raise CaseKeptChanging("case kept changing while linking; the message will be retried")


async def _open(
    store: CaseStore,
    policy: DeadlinePolicy,
    default_election: ElectionType,
    triaged: ReportTriaged,
    source_event_id: uuid.UUID,
    trace: Trace,
    now: datetime,
) -> str:
    report, decision = triaged.report, triaged.decision
    case, events = opening.open_case(
        case_id=case_id_for(report.report_id),
        report_id=report.report_id,
        anonymous=report.reporter.anonymous,
        election_type=detect_election_type(report.content.text, default=default_election),
        category=decision.category,
        subject_type=decision.subject_type,
        region_code=decision.region_code,
        routes=decision.routes,
        needs_review=decision.needs_review,
        now=now,
        trace_id=trace.trace_id,
        policy=policy,
    )
    content = report.content
    opened = opened_payload(
        case,
        summary=summary_of(triaged),
        position=content.reported_position,
        agency=content.reported_agency,
    )
    record = CaseRecord(
        dedup_key=decision.dedup_key,
        summary=opened.summary,
        report_meta=[meta_of(triaged, at=now)],
        categories=[c.value for c in decision.categories],
        review_reasons=list(decision.review_reasons),
        rules_fired=[r.model_dump() for r in decision.rules_fired],
        reported_position=content.reported_position,
        reported_agency=content.reported_agency,
    )
    outbox = outbox_entries(
        events, case, traceparent=trace.traceparent, opened=opened, seed=source_event_id
    )
    await store.insert_case(case, record=record, outbox=outbox)
    return case.case_id


async def _link(
    store: CaseStore,
    policy: DeadlinePolicy,
    case: CaseState,
    triaged: ReportTriaged,
    source_event_id: uuid.UUID,
    trace: Trace,
    now: datetime,
) -> bool:
    """The duplicate joins the case (system actor); False when the case moved meanwhile."""
    report = triaged.report
    command = LinkReport(
        report_id=report.report_id,
        anonymous=report.reporter.anonymous,
        reason=f"same dedup key as {case.case_id}",
    )
    linked, events = transition(
        case, command, actor=SYSTEM_ACTOR, now=now, trace_id=trace.trace_id, policy=policy
    )
    return await store.save_change(
        linked,
        expected_version=case.version,
        entries=linked.timeline[len(case.timeline) :],
        outbox=outbox_entries(events, linked, traceparent=trace.traceparent, seed=source_event_id),
        also_push={"report_meta": meta_of(triaged, at=now)},
    )
