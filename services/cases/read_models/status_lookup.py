"""The public status of a report by its tracking code: progress only, never personal data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from services.cases.read_models.ports import CaseReads
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


async def status_of(*, reads: CaseReads, tracking_code: str) -> PublicStatus | None:
    """None for an unknown code; `received` until triage has filed the report on a case."""
    report = await reads.report_by_tracking_code(tracking_code)
    if report is None:
        return None
    case = await reads.case_document(report["case_id"]) if report.get("case_id") else None
    if case is None:
        return PublicStatus(
            tracking_code=tracking_code, status="received", received_at=report["received_at"]
        )
    return PublicStatus(
        tracking_code=tracking_code,
        status=case["status"],
        received_at=report["received_at"],
        case_id=case["_id"],
        category=case.get("category"),
        routes=case.get("routes", []),
        linked_reports=len(case.get("report_ids", [])),
        timeline=public_timeline(case),
    )
