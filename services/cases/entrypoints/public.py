"""Public status look-up by tracking code: progress only, never personal data."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from schemas.ids import normalise_tracking_code
from services.cases.adapters.repository import CaseRepository
from services.cases.storage import timeline_view
from services.common.problem import Problem


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


def get_repo(request: Request) -> CaseRepository:
    repo: CaseRepository = request.app.state.repo
    return repo


Repo = Annotated[CaseRepository, Depends(get_repo)]
router = APIRouter(prefix="/v1", tags=["public"])


# The public names predate the domain's action names; the intake portal and citizens'
# bookmarks read them, so they stay. Other actions are shown under the domain's name.
PUBLIC_ACTIONS = {"opened": "case.opened", "link_report": "report.linked"}


def _timeline(case: dict[str, Any]) -> list[PublicTimelineItem]:
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


@router.get("/status/{tracking_code}", response_model=PublicStatus)
async def status(tracking_code: str, repo: Repo) -> PublicStatus:
    try:
        code = normalise_tracking_code(tracking_code)
    except ValueError as exc:
        raise Problem(400, "Invalid tracking code", str(exc), field="tracking_code") from exc
    found = await repo.find_by_tracking_code(code)
    if found is None:
        raise Problem(404, "Unknown tracking code", "no report has this tracking code")
    report, case = found
    if case is None:
        return PublicStatus(
            tracking_code=code, status="received", received_at=report["received_at"]
        )
    return PublicStatus(
        tracking_code=code,
        status=case["status"],
        received_at=report["received_at"],
        case_id=case["_id"],
        category=case.get("category"),
        routes=case.get("routes", []),
        linked_reports=len(case.get("report_ids", [])),
        timeline=_timeline(case),
    )
