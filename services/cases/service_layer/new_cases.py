"""Builders shared by the use cases that make a case: its id, summary, report metadata and
the `case.opened` payload. Pure; the domain decides state, these only shape what is kept."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from schemas.case_facts import ReporterToTell
from schemas.cases import CaseOpened
from schemas.triage import ReportTriaged, TriageDecision
from services.cases.domain.model import CaseState
from services.cases.service_layer.ports import Document

SUMMARY_CHARS = 280
TRIAGE_BASIS_VERSION = 1  # read_models/why_view.py reads this shape


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


def triage_basis(decision: TriageDecision) -> Document:
    """What the case keeps of triage's decision beside `rules_fired` and `review_reasons`:
    the words that decided each field and how sure triage was (the case page's "why here")."""
    return {
        "v": TRIAGE_BASIS_VERSION,
        "confidence": decision.confidence,
        "field_confidence": (
            decision.field_confidence.model_dump() if decision.field_confidence else None
        ),
        "evidence": [e.model_dump() for e in decision.evidence],
        "rules_version": decision.rules_version,
        "engine_version": decision.engine_version,
    }


def report_meta(report: Mapping[str, Any], *, at: datetime) -> Document:
    """What a case keeps about a linked report beside the domain's LinkedReport."""
    return {
        "report_id": report["_id"],
        "tracking_code": report.get("tracking_code"),
        "channel": (report.get("content") or {}).get("channel"),
        "received_at": report.get("received_at"),
        "linked_at": at,
        "evidence": list(report.get("evidence") or []),
        "filed_by": report.get("filed_by"),
    }


def meta_of(triaged: ReportTriaged, *, at: datetime) -> Document:
    report = triaged.report
    return report_meta(
        {
            "_id": report.report_id,
            "tracking_code": report.tracking_code,
            "content": {"channel": report.content.channel.value},
            "received_at": report.received_at,
            "evidence": [e.model_dump(mode="json") for e in report.evidence],
            "filed_by": report.filed_by.model_dump() if report.filed_by else None,
        },
        at=at,
    )


def opened_payload(
    case: CaseState,
    *,
    summary: str,
    position: str | None = None,
    agency: str | None = None,
    tracking_code: str | None = None,
    channel: str | None = None,
    received_at: datetime | None = None,
    reporters: tuple[ReporterToTell, ...],
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
        status=case.status.value,
        election_type=case.election_type.value,
        deadline_at=case.deadline_at,
        deadline_state=case.deadline_state.value if case.deadline_state else None,
        tracking_code=tracking_code,
        reporters=list(reporters),
        channel=channel,
        received_at=received_at,
    )
