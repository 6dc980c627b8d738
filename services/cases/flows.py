"""Pure builders for what a triaged report does to the case store: open or link.

They return Mongo documents and outbox entries; the repository applies them in one
atomic single-document write each (FerretDB has no multi-document transactions).
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime
from typing import Any

from schemas.cases import CaseOpened, CaseReportLinked
from schemas.envelope import Envelope
from schemas.events import CASE_OPENED, CASE_REPORT_LINKED
from schemas.triage import ReportTriaged

SOURCE = "netra/cases"
SYSTEM_ACTOR = {"name": "netra", "role": "system"}
SUMMARY_CHARS = 280
OPENING_STATUS = "received"

Document = dict[str, Any]


def case_id_for(report_id: str) -> str:
    """Deterministic: a redelivered first report can only ever open the same case."""
    return "CASE-" + hashlib.sha256(report_id.encode()).hexdigest()[:16].upper()


def summary_of(triaged: ReportTriaged) -> str:
    text = triaged.report.content.text
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1] + "…"


def timeline_entry(
    *,
    at: datetime,
    action: str,
    trace_id: str | None,
    from_status: str | None = None,
    to_status: str | None = None,
    reason: str | None = None,
    actor: Document = SYSTEM_ACTOR,
) -> Document:
    return {
        "at": at,
        "actor": actor["name"],
        "role": actor["role"],
        "action": action,
        "from_status": from_status,
        "to_status": to_status,
        "reason": reason,
        "trace_id": trace_id,
    }


def outbox_entry(envelope: Envelope[Any], *, key: str, traceparent: str | None) -> Document:
    return {
        "id": str(envelope.id),
        "type": envelope.type,
        "key": key,
        "envelope": envelope.model_dump(mode="json", serialize_as_any=True),
        "traceparent": traceparent,
    }


def linked_report(triaged: ReportTriaged, *, at: datetime) -> Document:
    report = triaged.report
    return {
        "report_id": report.report_id,
        "tracking_code": report.tracking_code,
        "channel": report.content.channel.value,
        "anonymous": report.reporter.anonymous,
        "received_at": report.received_at,
        "linked_at": at,
    }


def open_case(
    triaged: ReportTriaged,
    *,
    now: datetime,
    election_type: str,
    trace_id: str | None,
    traceparent: str | None,
    source_event_id: uuid.UUID,
) -> Document:
    report, decision = triaged.report, triaged.decision
    case_id = case_id_for(report.report_id)
    opened = CaseOpened(
        case_id=case_id,
        report_id=report.report_id,
        opened_at=now,
        category=decision.category,
        subject_type=decision.subject_type,
        region_code=decision.region_code,
        routes=decision.routes,
        needs_review=decision.needs_review,
        summary=summary_of(triaged),
        reported_position=report.content.reported_position,
        reported_agency=report.content.reported_agency,
    )
    event = Envelope[CaseOpened](
        id=uuid.uuid5(source_event_id, CASE_OPENED),
        source=SOURCE,
        type=CASE_OPENED,
        subject=case_id,
        time=now,
        data=opened,
    )
    return {
        "_id": case_id,
        "status": OPENING_STATUS,
        "closed": False,
        "category": decision.category.value,
        "categories": [c.value for c in decision.categories],
        "subject_type": decision.subject_type.value,
        "region_code": decision.region_code,
        "routes": decision.routes,
        "needs_review": decision.needs_review,
        "review_reasons": decision.review_reasons,
        "rules_fired": [r.model_dump() for r in decision.rules_fired],
        "dedup_key": decision.dedup_key,
        "election_type": election_type,
        "anonymous": report.reporter.anonymous,
        "summary": opened.summary,
        "reported_position": report.content.reported_position,
        "reported_agency": report.content.reported_agency,
        "opened_at": now,
        "updated_at": now,
        "status_since": now,
        "deadline_at": None,
        "report_ids": [report.report_id],
        "linked_reports": [linked_report(triaged, at=now)],
        "timeline": [
            timeline_entry(
                at=now,
                action="case.opened",
                trace_id=trace_id,
                to_status=OPENING_STATUS,
                reason=f"triage: {decision.category.value}",
            )
        ],
        "notifications": [],
        "outbox": [outbox_entry(event, key=case_id, traceparent=traceparent)],
        "outbox_pending": True,
        "version": 1,
    }


def link_update(
    triaged: ReportTriaged,
    *,
    case_id: str,
    linked_count: int,
    now: datetime,
    trace_id: str | None,
    traceparent: str | None,
    source_event_id: uuid.UUID,
) -> Document:
    """The `$push`/`$set` update that joins a duplicate report to its open case."""
    report_id = triaged.report.report_id
    event = Envelope[CaseReportLinked](
        id=uuid.uuid5(source_event_id, CASE_REPORT_LINKED),
        source=SOURCE,
        type=CASE_REPORT_LINKED,
        subject=case_id,
        time=now,
        data=CaseReportLinked(
            case_id=case_id, report_id=report_id, linked_at=now, linked_reports=linked_count + 1
        ),
    )
    return {
        "$push": {
            "report_ids": report_id,
            "linked_reports": linked_report(triaged, at=now),
            "timeline": timeline_entry(
                at=now,
                action="report.linked",
                trace_id=trace_id,
                reason=f"duplicate report {report_id}",
            ),
            "outbox": outbox_entry(event, key=case_id, traceparent=traceparent),
        },
        "$set": {"outbox_pending": True, "updated_at": now},
        "$inc": {"version": 1},
    }
