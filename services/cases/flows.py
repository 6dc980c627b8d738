"""Pure builders for what a triaged report does to the case store: open or link.

Both build on the case domain (`open_case`, the `link_report` transition) so the stored
timeline has the domain's shape and the deadline is set from the deadline policy. The
repository applies each in one atomic single-document write (FerretDB has no transactions).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from schemas.cases import CaseOpened
from schemas.triage import ReportTriaged
from services.cases.domain import opening
from services.cases.domain.case_deadlines import DeadlinePolicy, default_deadline_policy
from services.cases.domain.commands import LinkReport
from services.cases.domain.lifecycle import transition
from services.cases.domain.model import CaseState
from services.cases.domain.vocabulary import ElectionType
from services.cases.election_type import detect_election_type
from services.cases.outbox import outbox_entries
from services.cases.storage import Document, case_document, millis

SUMMARY_CHARS = 280


def case_id_for(seed: str) -> str:
    """Deterministic: a redelivered first report can only ever open the same case."""
    return "CASE-" + hashlib.sha256(seed.encode()).hexdigest()[:16].upper()


def shorten(text: str) -> str:
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1] + "…"


def summary_of(triaged: ReportTriaged) -> str:
    return shorten(triaged.report.content.text)


def summary_text(report: Mapping[str, Any]) -> str:
    """The summary of a stored report document (`reports` collection)."""
    return shorten(str((report.get("content") or {}).get("text") or ""))


def report_meta(report: Mapping[str, Any], *, at: datetime) -> Document:
    """What a case keeps about a linked report beside the domain's LinkedReport."""
    return {
        "report_id": report["_id"],
        "tracking_code": report.get("tracking_code"),
        "channel": (report.get("content") or {}).get("channel"),
        "received_at": report.get("received_at"),
        "linked_at": at,
    }


def meta_of(triaged: ReportTriaged, *, at: datetime) -> Document:
    report = triaged.report
    return report_meta(
        {
            "_id": report.report_id,
            "tracking_code": report.tracking_code,
            "content": {"channel": report.content.channel.value},
            "received_at": report.received_at,
        },
        at=at,
    )


def opened_payload(
    case: CaseState, *, summary: str, position: str | None = None, agency: str | None = None
) -> CaseOpened:
    return CaseOpened(
        case_id=case.case_id,
        report_id=case.reports[0].report_id,
        opened_at=case.opened_at,
        category=case.category,
        subject_type=case.subject_type,
        region_code=case.region_code,
        routes=list(case.routes),
        needs_review=case.needs_review,
        summary=summary,
        reported_position=position,
        reported_agency=agency,
    )


def open_case(
    triaged: ReportTriaged,
    *,
    now: datetime,
    election_type: ElectionType | str,
    trace_id: str | None,
    traceparent: str | None,
    source_event_id: uuid.UUID,
    policy: DeadlinePolicy | None = None,
) -> Document:
    """The new case document; `election_type` is the default when the text does not say."""
    report, decision = triaged.report, triaged.decision
    now = millis(now)
    kind = detect_election_type(report.content.text, default=ElectionType(election_type))
    case, events = opening.open_case(
        case_id=case_id_for(report.report_id),
        report_id=report.report_id,
        anonymous=report.reporter.anonymous,
        election_type=kind,
        category=decision.category,
        subject_type=decision.subject_type,
        region_code=decision.region_code,
        routes=decision.routes,
        needs_review=decision.needs_review,
        now=now,
        trace_id=trace_id,
        policy=policy or default_deadline_policy(),
    )
    content = report.content
    opened = opened_payload(
        case,
        summary=summary_of(triaged),
        position=content.reported_position,
        agency=content.reported_agency,
    )
    outbox = outbox_entries(
        events, case, traceparent=traceparent, opened=opened, seed=source_event_id
    )
    return case_document(
        case,
        dedup_key=decision.dedup_key,
        summary=opened.summary,
        categories=[c.value for c in decision.categories],
        review_reasons=decision.review_reasons,
        rules_fired=[r.model_dump() for r in decision.rules_fired],
        reported_position=content.reported_position,
        reported_agency=content.reported_agency,
        report_meta=[meta_of(triaged, at=now)],
        outbox=outbox,
        outbox_pending=True,
        updated_at=now,
    )


def link_duplicate(
    case: CaseState,
    triaged: ReportTriaged,
    *,
    now: datetime,
    trace_id: str | None,
    traceparent: str | None,
    source_event_id: uuid.UUID,
    policy: DeadlinePolicy | None = None,
) -> tuple[CaseState, list[Document]]:
    """The case with the duplicate report linked (system actor) and its outbox entries."""
    report = triaged.report
    command = LinkReport(
        report_id=report.report_id,
        anonymous=report.reporter.anonymous,
        reason=f"same dedup key as {case.case_id}",
    )
    linked, events = transition(
        case,
        command,
        actor=opening.SYSTEM_ACTOR,
        now=millis(now),
        trace_id=trace_id,
        policy=policy or default_deadline_policy(),
    )
    outbox = outbox_entries(events, linked, traceparent=traceparent, seed=source_event_id)
    return linked, outbox
