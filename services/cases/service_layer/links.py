"""Linking a report into a case (moving it from the case that held it) and splitting one out.

Two cases are two documents and FerretDB has no transactions: the receiving side is
written first, carrying a `pending_move`, and `moves.complete_move` takes the report out of
the giving side, points its filing at the receiving case and clears the marker. A crash in
between is finished by the recovery pass (service_layer/moves.py), so neither a report on
two cases nor a split case without its report outlives it. A split's new case has a
deterministic id, so a retried split cannot make two.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.cases.domain.access import can_act
from services.cases.domain.deadlines import DeadlinePolicy
from services.cases.domain.errors import CaseNotFound, Forbidden, ReportNotFound
from services.cases.domain.lifecycle.commands import LinkReport, UnlinkReport
from services.cases.domain.lifecycle.events import DomainEvent
from services.cases.domain.lifecycle.splitting import split_report as split_in_domain
from services.cases.domain.lifecycle.transition import transition
from services.cases.domain.model import Actor, CaseState
from services.cases.service_layer.event_context import event_context, reporters_in
from services.cases.service_layer.event_payloads import EventContext
from services.cases.service_layer.load_save import save, visible_case
from services.cases.service_layer.moves import complete_move, pending_move
from services.cases.service_layer.new_cases import (
    case_id_for,
    opened_payload,
    report_meta,
    summary_text,
)
from services.cases.service_layer.outbox import outbox_entries
from services.cases.service_layer.ports import CaseRecord, CaseStore, Document, StoredCase
from services.common.clock import Clock


@dataclass(frozen=True)
class LinkPlan:
    """A link checked and worked out, nothing written: the case with the report joined,
    and the case that holds the report now (None: no other case holds it)."""

    stored: StoredCase
    report: Document
    linked: CaseState
    events: list[DomainEvent]
    source: StoredCase | None
    unlink_reason: str


async def plan_link(
    *,
    store: CaseStore,
    policy: DeadlinePolicy,
    actor: Actor,
    case_id: str,
    report_id: str,
    reason: str,
    now: datetime,
    trace_id: str | None,
) -> LinkPlan:
    """Every check of a link, in order, before anything is written; the workspace's
    preview runs the same. Raises CaseNotFound, Forbidden, ReportNotFound (also for a
    report on a case the actor may not see), InvalidTransition (already on this case, or
    the only report of the case holding it)."""
    stored = await visible_case(store=store, actor=actor, case_id=case_id)
    case = stored.state
    if not can_act(actor, case, "link_report"):
        raise Forbidden(f"{actor.role} may not link reports")
    report = await store.report(report_id)
    if report is None:
        raise ReportNotFound(report_id)
    anonymous = bool((report.get("reporter") or {}).get("anonymous", True))
    link = LinkReport(report_id=report_id, anonymous=anonymous, reason=reason)
    linked, events = transition(case, link, actor=actor, now=now, trace_id=trace_id, policy=policy)
    source_id = report.get("case_id")
    unlink_reason = f"linked to {case_id}: {reason}"
    if not source_id or source_id == case_id:
        return LinkPlan(stored, report, linked, events, None, unlink_reason)
    try:
        source = await visible_case(store=store, actor=actor, case_id=source_id)
    except CaseNotFound as exc:  # a report of an unseen case is, to this actor, unknown
        raise ReportNotFound(report_id) from exc
    unlink = UnlinkReport(report_id=report_id, reason=unlink_reason)
    # Checked before anything is written: a source's only report cannot leave it.
    transition(source.state, unlink, actor=actor, now=now, trace_id=trace_id, policy=policy)
    return LinkPlan(stored, report, linked, events, source, unlink_reason)


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
    plan = await plan_link(
        store=store,
        policy=policy,
        actor=actor,
        case_id=case_id,
        report_id=report_id,
        reason=reason,
        now=now,
        trace_id=trace_id,
    )
    move = None
    if plan.source is not None:
        move = pending_move(
            report_id=report_id,
            source_case_id=plan.source.state.case_id,
            actor=actor,
            reason=plan.unlink_reason,
            trace=(trace_id, traceparent),
        )
    meta = report_meta(plan.report, at=now)
    context = await event_context(store, plan.stored, plan.linked, plan.events)
    outbox = outbox_entries(plan.events, plan.linked, traceparent=traceparent, context=context)
    marker = {"pending_move": move, "move_pending": True} if move else None
    case = plan.stored.state
    await save(
        store, case, plan.linked, outbox=outbox, also_push={"report_meta": meta}, also_set=marker
    )
    if move is None:
        await store.move_report(report_id, case_id=case_id)
        return
    await complete_move(store=store, policy=policy, clock=clock, case_id=case_id, move=move)


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
    _, new, events = split_in_domain(
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
    reporters = reporters_in(report)
    payload = opened_payload(new, summary=summary, reporters=reporters)
    move = pending_move(
        report_id=report_id,
        source_case_id=case_id,
        actor=actor,
        reason=reason,
        trace=(trace_id, traceparent),
    )
    record = CaseRecord(
        dedup_key=f"split:{new_id}",  # future duplicates keep joining the source case
        summary=summary,
        report_meta=[report_meta(report, at=now)],
        pending_move=move,
    )
    context = EventContext(
        assignee=None,
        reporters=reporters,
        summary=summary,
        reported_position=None,
        reported_agency=None,
    )
    outbox = outbox_entries(opened, new, traceparent=traceparent, context=context, opened=payload)
    # False: an earlier attempt of this very split inserted it; completing it is the same.
    await store.insert_case(new, record=record, outbox=outbox)
    await complete_move(store=store, policy=policy, clock=clock, case_id=new_id, move=move)
    return new_id
