"""The queue: the actor's cases, soonest deadline first, with filters and pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response

from schemas.cases import CaseStatus
from schemas.triage import Category
from services.cases.entrypoints.deps import Cases
from services.cases.entrypoints.web.deadline_view import DeadlineBadge, badge
from services.cases.entrypoints.web.deps import UiPage
from services.cases.entrypoints.web.templating import render
from services.cases.entrypoints.web.web_route import WebRoute
from services.cases.read_models.cursor import InvalidCursor
from services.cases.read_models.models import CaseFilters, CaseSummary
from services.cases.read_models.queue import list_cases

PAGE_SIZE = 25
FILTER_KEYS = ("status", "category", "region", "q", "overdue", "needs_review")
router = APIRouter(route_class=WebRoute, include_in_schema=False)


@dataclass(frozen=True)
class QueueRow:
    case: CaseSummary
    badge: DeadlineBadge


def filters_from(params: dict[str, str]) -> CaseFilters:
    """Lenient: an unknown status or category is dropped, not an error page."""
    status = params.get("status")
    category = params.get("category")
    return CaseFilters(
        status=CaseStatus(status) if status in set(CaseStatus) else None,
        category=category if category in set(Category) else None,
        region=(params.get("region") or "").strip() or None,
        q=(params.get("q") or "").strip()[:200] or None,
        overdue=True if params.get("overdue") == "true" else None,
        needs_review=True if params.get("needs_review") == "true" else None,
    )


def filter_query(params: dict[str, str], **extra: str) -> str:
    kept = {k: params[k] for k in FILTER_KEYS if params.get(k)}
    return "/?" + urlencode({**kept, **extra}) if kept or extra else "/"


def row(case: CaseSummary, now: datetime, warn_before: timedelta) -> QueueRow:
    return QueueRow(case, badge(case.deadline_at, now=now, warn_before=warn_before))


@router.get("/")
async def queue(request: Request, page: UiPage, cases: Cases) -> Response:
    params = dict(request.query_params)
    filters = filters_from(params)
    cursor = params.get("cursor") or None
    assert page.actor is not None
    actor, now = page.actor, page.now
    try:
        result = list_cases(
            view=cases.view, actor=actor, filters=filters, cursor=cursor, limit=PAGE_SIZE, now=now
        )
    except InvalidCursor:
        cursor = None
        result = list_cases(
            view=cases.view, actor=actor, filters=filters, cursor=None, limit=PAGE_SIZE, now=now
        )
    next_url = filter_query(params, cursor=result.next_cursor) if result.next_cursor else None
    return render(
        page,
        "queue.html",
        active="queue",
        rows=[row(item, page.now, page.warn_before) for item in result.items],
        filters=filters,
        filters_open=any(params.get(k) for k in FILTER_KEYS),
        statuses=[s.value for s in CaseStatus],
        categories=[c.value for c in Category],
        cursor=cursor,
        next_url=next_url,
        first_url=filter_query(params),
    )
