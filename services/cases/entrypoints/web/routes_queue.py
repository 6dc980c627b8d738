"""The queue: the actor's cases, soonest deadline first, with filters and pages."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response

from schemas.cases import CaseStatus
from schemas.triage import Category
from services.cases.domain.assignment import assignable_officers, officers_named
from services.cases.entrypoints.deps import Cases, RosterDep
from services.cases.entrypoints.web.deadline_view import DeadlineBadge, badge
from services.cases.entrypoints.web.deps import UiPage
from services.cases.entrypoints.web.routes_bulk import offered_actions
from services.cases.entrypoints.web.session import signed_in
from services.cases.entrypoints.web.templating import Page, render
from services.cases.entrypoints.web.web_route import WebRoute
from services.cases.read_models.cursor import InvalidCursor
from services.cases.read_models.models import CaseFilters, CaseSummary
from services.cases.read_models.queue import list_cases

PAGE_SIZE = 25
FILTER_KEYS = ("status", "category", "region", "q", "overdue", "needs_review", "assignee")
MINE = "me"  # the assignee filter's "my cases": the signed-in officer's directory id
router = APIRouter(route_class=WebRoute, include_in_schema=False)


@dataclass(frozen=True)
class QueueRow:
    case: CaseSummary
    badge: DeadlineBadge
    selectable: bool = False  # a checkbox for the bulk actions (routes_bulk.py)


def filters_from(params: dict[str, str], *, me: str) -> CaseFilters:
    """Lenient: an unknown status or category is dropped, not an error page."""
    status = params.get("status")
    category = params.get("category")
    assignee = (params.get("assignee") or "").strip()[:100] or None
    return CaseFilters(
        assignee=me if assignee == MINE else assignee,
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


def row(case: CaseSummary, page: Page, bulk: bool) -> QueueRow:
    deadline = badge(case.deadline_at, now=page.now, warn_before=page.warn_before)
    return QueueRow(case, deadline, bulk)


@router.get("/")
async def queue(request: Request, page: UiPage, cases: Cases, roster: RosterDep) -> Response:
    params = dict(request.query_params)
    filters = filters_from(params, me=signed_in(request).subject)
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
    officers = assignable_officers(roster, actor)
    actions = offered_actions(actor, officers)
    return render(
        page,
        "queue.html",
        active="queue",
        rows=[row(item, page, bool(actions)) for item in result.items],
        officers=officers,
        officer_names=officers_named(roster, (i.assignee for i in result.items)),
        assignee_choice=params.get("assignee") or "",
        bulk_actions=actions,
        filters=filters,
        filters_open=any(params.get(k) for k in FILTER_KEYS),
        statuses=[s.value for s in CaseStatus],
        categories=[c.value for c in Category],
        cursor=cursor,
        next_url=next_url,
        first_url=filter_query(params),
    )
