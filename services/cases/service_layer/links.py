"""Linking a report into a case (moving it from the case that held it) and splitting one out.

Two cases are two documents and FerretDB has no transactions, so each side is its own
version-checked write, ordered so a crash leaves the report reachable from some case: the
receiving side is written first, the giving side second. A split inserts the new case first
(deterministic id, so a retry cannot make two) and removes it again if the source lost a race.
"""

from __future__ import annotations

from services.cases.domain.access import can_act
from services.cases.domain.deadlines import DeadlinePolicy
from services.cases.domain.errors import CaseNotFound, Forbidden, ReportNotFound, VersionConflict
from services.cases.domain.lifecycle.commands import LinkReport, UnlinkReport
from services.cases.domain.lifecycle.splitting import split_report as split_in_domain
from services.cases.domain.lifecycle.transition import transition
from services.cases.domain.model import Actor
from services.cases.service_layer.load_save import save, visible_case
from services.cases.service_layer.new_cases import (
    case_id_for,
    opened_payload,
    report_meta,
    summary_text,
)
from services.cases.service_layer.outbox import outbox_entries
from services.cases.service_layer.ports import CaseRecord, CaseStore
from services.common.clock import Clock


async def link_report(
    *,
    store: CaseStore,
    policy: DeadlinePolicy,
    clock: Clock,
    actor: Actor,
    case_id: str,
    report_id: str,
    reason: str,
    trace_id: str | None,
    traceparent: str | None,
) -> None:
    """Join `report_id` to this case; if another case holds it, unlink it there."""
    now = clock.now()
    case = (await visible_case(store=store, actor=actor, case_id=case_id)).state
    if not can_act(actor, case, "link_report"):
        raise Forbidden(f"{actor.role} may not link reports")
    report = await store.report(report_id)
    if report is None:
        raise ReportNotFound(report_id)
    anonymous = bool((report.get("reporter") or {}).get("anonymous", True))
    link = LinkReport(report_id=report_id, anonymous=anonymous, reason=reason)
    linked, events = transition(case, link, actor=actor, now=now, trace_id=trace_id, policy=policy)
    source_id = report.get("case_id")
    source = None
    if source_id and source_id != case_id:
        try:
            source_case = (await visible_case(store=store, actor=actor, case_id=source_id)).state
        except CaseNotFound as exc:  # a report of an unseen case is, to this actor, unknown
            raise ReportNotFound(report_id) from exc
        unlink = UnlinkReport(report_id=report_id, reason=f"linked to {case_id}: {reason}")
        unlinked, _ = transition(
            source_case, unlink, actor=actor, now=now, trace_id=trace_id, policy=policy
        )
        source = (source_case, unlinked)
    meta = report_meta(report, at=now)
    outbox = outbox_entries(events, linked, traceparent=traceparent)
    await save(store, case, linked, outbox=outbox, also_push={"report_meta": meta})
    if source is not None:
        await save(store, *source)
    await store.move_report(report_id, case_id=case_id)


async def split_report(
    *,
    store: CaseStore,
    policy: DeadlinePolicy,
    clock: Clock,
    actor: Actor,
    case_id: str,
    report_id: str,
    reason: str,
    trace_id: str | None,
    traceparent: str | None,
) -> str:
    """Take `report_id` out of this case into a new case of its own (needs_review set).

    Returns the new case's id.
    """
    now = clock.now()
    case = (await visible_case(store=store, actor=actor, case_id=case_id)).state
    if not can_act(actor, case, "unlink_report"):
        raise Forbidden(f"{actor.role} may not split reports out")
    report = await store.report(report_id) or {"_id": report_id}
    new_id = case_id_for(f"{report_id}@{case_id}#{case.version}")
    old, new, events = split_in_domain(
        case,
        report_id=report_id,
        new_case_id=new_id,
        reason=reason,
        actor=actor,
        now=now,
        trace_id=trace_id,
        policy=policy,
    )
    summary = summary_text(report)
    opened = [e for e in events if e.case_id == new_id]
    payload = opened_payload(new, summary=summary)
    record = CaseRecord(
        dedup_key=f"split:{new_id}",  # future duplicates keep joining the source case
        summary=summary,
        report_meta=[report_meta(report, at=now)],
    )
    outbox = outbox_entries(opened, new, traceparent=traceparent, opened=payload)
    await store.insert_case(new, record=record, outbox=outbox)
    try:
        await save(store, case, old)
    except VersionConflict:
        await store.delete_case(new_id)
        raise
    await store.move_report(report_id, case_id=new_id)
    return new_id
