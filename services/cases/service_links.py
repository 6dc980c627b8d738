"""Linking a report into a case (moving it from the case that held it) and splitting one out.

Two cases are two documents and FerretDB has no transactions, so each side is its own
version-checked write, ordered so a crash leaves the report reachable from some case: the
receiving side is written first, the giving side second. A split inserts the new case first
(deterministic id, so a retry cannot make two) and removes it again if the source lost a race.
"""

from __future__ import annotations

from datetime import datetime

from services.cases.adapters.repository import CaseRepository
from services.cases.domain.access import can_act
from services.cases.domain.case_deadlines import DeadlinePolicy, default_deadline_policy
from services.cases.domain.commands import LinkReport, UnlinkReport
from services.cases.domain.lifecycle import transition
from services.cases.domain.model import Actor
from services.cases.domain.splitting import split_report as split_in_domain
from services.cases.errors import CaseNotFound, Forbidden, ReportNotFound, VersionConflict
from services.cases.flows import case_id_for, opened_payload, report_meta, summary_text
from services.cases.outbox import outbox_entries
from services.cases.schemas import CaseRead, SplitResult
from services.cases.service_core import save, visible_case
from services.cases.storage import case_document, millis
from services.cases.views import case_read


async def link_report(
    *,
    repo: CaseRepository,
    actor: Actor,
    case_id: str,
    report_id: str,
    reason: str,
    now: datetime,
    trace_id: str | None = None,
    traceparent: str | None = None,
    policy: DeadlinePolicy | None = None,
) -> CaseRead:
    """Join `report_id` to this case; if another case holds it, unlink it there."""
    policy, now = policy or default_deadline_policy(), millis(now)
    _, case = await visible_case(repo=repo, actor=actor, case_id=case_id)
    if not can_act(actor, case, "link_report"):
        raise Forbidden(f"{actor.role} may not link reports")
    report = await repo.report(report_id)
    if report is None:
        raise ReportNotFound(report_id)
    anonymous = bool((report.get("reporter") or {}).get("anonymous", True))
    link = LinkReport(report_id=report_id, anonymous=anonymous, reason=reason)
    linked, events = transition(case, link, actor=actor, now=now, trace_id=trace_id, policy=policy)
    source_id = report.get("case_id")
    source = None
    if source_id and source_id != case_id:
        try:
            _, source_case = await visible_case(repo=repo, actor=actor, case_id=source_id)
        except CaseNotFound as exc:  # a report of an unseen case is, to this actor, unknown
            raise ReportNotFound(report_id) from exc
        unlink = UnlinkReport(report_id=report_id, reason=f"linked to {case_id}: {reason}")
        source = (
            source_case,
            *transition(
                source_case, unlink, actor=actor, now=now, trace_id=trace_id, policy=policy
            ),
        )
    meta = report_meta(report, at=now)
    outbox = outbox_entries(events, linked, traceparent=traceparent)
    await save(repo, case, linked, outbox=outbox, also_push={"report_meta": meta})
    if source is not None:
        old, unlinked, _ = source
        await save(repo, old, unlinked)
    await repo.move_report(report_id, case_id=case_id)
    return case_read(await _must_get(repo, case_id), actor, now, policy)


async def split_report(
    *,
    repo: CaseRepository,
    actor: Actor,
    case_id: str,
    report_id: str,
    reason: str,
    now: datetime,
    trace_id: str | None = None,
    traceparent: str | None = None,
    policy: DeadlinePolicy | None = None,
) -> SplitResult:
    """Take `report_id` out of this case into a new case of its own (needs_review set)."""
    policy, now = policy or default_deadline_policy(), millis(now)
    _, case = await visible_case(repo=repo, actor=actor, case_id=case_id)
    if not can_act(actor, case, "unlink_report"):
        raise Forbidden(f"{actor.role} may not split reports out")
    report = await repo.report(report_id) or {"_id": report_id}
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
    new_document = case_document(
        new,
        dedup_key=f"split:{new_id}",  # future duplicates keep joining the source case
        summary=summary,
        report_meta=[report_meta(report, at=now)],
        outbox=outbox_entries(opened, new, traceparent=traceparent, opened=payload),
        outbox_pending=True,
        updated_at=now,
    )
    await repo.insert_case(new_document)
    try:
        await save(repo, case, old)
    except VersionConflict:
        await repo.delete_case(new_id)
        raise
    await repo.move_report(report_id, case_id=new_id)
    return SplitResult(
        source=case_read(await _must_get(repo, case_id), actor, now, policy),
        new_case=case_read(await _must_get(repo, new_id), actor, now, policy),
    )


async def _must_get(repo: CaseRepository, case_id: str) -> dict[str, object]:
    document = await repo.get(case_id)
    if document is None:
        raise CaseNotFound(case_id)
    return document
