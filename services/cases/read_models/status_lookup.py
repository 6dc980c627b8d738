"""The public status of a report by its tracking code: progress only, never personal data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from services.cases.read_models.ports import CaseReads
from services.cases.read_models.staff_view import StaffView
from services.cases.read_models.timeline import timeline_view


class PublicTimelineItem(BaseModel):
    at: datetime
    action: str
    status: str | None = None
    trace_id: str | None = None


class PublicStatus(BaseModel):
    tracking_code: str
    status: str
    received_at: datetime
    case_id: str | None = None
    category: str | None = None
    routes: list[str] = []
    linked_reports: int = 0
    timeline: list[PublicTimelineItem] = []


# The public names predate the domain's action names; the intake portal and citizens'
# bookmarks read them, so they stay. Other actions are shown under the domain's name.
PUBLIC_ACTIONS = {"opened": "case.opened", "link_report": "report.linked"}


def public_timeline(case: dict[str, Any]) -> list[PublicTimelineItem]:
    """Actions and times only: reasons, actors and details are for staff."""
    return [
        PublicTimelineItem(
            at=item["at"],
            action=PUBLIC_ACTIONS.get(item["action"], item["action"]),
            status=item["to_status"],
            trace_id=item["trace_id"],
        )
        for item in timeline_view(case)
    ]


def _received_at(case: dict[str, Any], tracking_code: str) -> datetime | None:
    for meta in case.get("report_meta", []):
        if meta.get("tracking_code") == tracking_code and meta.get("received_at"):
            return meta["received_at"]  # type: ignore[no-any-return]
    return None


async def _from_view(view: StaffView, reads: CaseReads, tracking_code: str) -> PublicStatus | None:
    """The case the view files the code under, read by id (one look-up, no code scan)."""
    case_id = view.case_of_code(tracking_code) if view.warm else None
    case = await reads.case_document(case_id) if case_id else None
    received_at = _received_at(case, tracking_code) if case else None
    if case is None or received_at is None:
        return None
    return _public(case, tracking_code, received_at)


async def status_of(
    *, view: StaffView, reads: CaseReads, tracking_code: str
) -> PublicStatus | None:
    """None for an unknown code; `received` until triage has filed the report on a case.

    A code the staff view knows costs one read of its case; any other (a report not yet
    triaged, a mistyped code, the view still warming) the store's look-up by code."""
    found = await _from_view(view, reads, tracking_code)
    if found is not None:
        return found
    report = await reads.report_by_tracking_code(tracking_code)
    if report is None:
        return None
    case = await reads.case_document(report["case_id"]) if report.get("case_id") else None
    if case is None:
        return PublicStatus(
            tracking_code=tracking_code, status="received", received_at=report["received_at"]
        )
    return _public(case, tracking_code, report["received_at"])


def _public(case: dict[str, Any], tracking_code: str, received_at: datetime) -> PublicStatus:
    return PublicStatus(
        tracking_code=tracking_code,
        status=case["status"],
        received_at=received_at,
        case_id=case["_id"],
        category=case.get("category"),
        routes=case.get("routes", []),
        linked_reports=len(case.get("report_ids", [])),
        timeline=public_timeline(case),
    )
