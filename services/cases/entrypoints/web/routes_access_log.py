"""The reporter-identity access log page for supervisors: filters, pages, CSV.

Who may read it, and whose accesses they see: domain/access_log_scope.py (anyone else gets
the 403 page, also when they type the URL). Dates are WIB calendar days.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Final
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import StreamingResponse

from services.cases.domain.deadlines import WIB
from services.cases.entrypoints.web.deps import UiPage
from services.cases.entrypoints.web.templating import render
from services.cases.entrypoints.web.web_route import WebRoute
from services.cases.read_models.access_log_view import (
    AccessFilters,
    access_log_csv,
    access_log_page,
)
from services.cases.read_models.cursor import InvalidCursor
from services.cases.read_models.ports import AccessLogReads

FILTER_KEYS: Final = ("officer", "case_id", "from", "to")
MAX_FILTER_CHARS: Final = 200
router = APIRouter(route_class=WebRoute, include_in_schema=False)


def access_reads_of(request: Request) -> AccessLogReads:
    """The access log bootstrap installed (`MongoAccessLog` reads as well as writes)."""
    reads: AccessLogReads = request.app.state.access_log
    return reads


AccessReads = Annotated[AccessLogReads, Depends(access_reads_of)]


def wib_day(text: str | None) -> date | None:
    """A `YYYY-MM-DD` from the date picker; anything else is no filter, not an error page."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=WIB)


def text_filter(params: dict[str, str], key: str) -> str | None:
    return (params.get(key) or "").strip()[:MAX_FILTER_CHARS] or None


def filters_from(params: dict[str, str]) -> AccessFilters:
    since, until = wib_day(params.get("from")), wib_day(params.get("to"))
    return AccessFilters(
        officer=text_filter(params, "officer"),
        case_id=text_filter(params, "case_id"),
        since=day_start(since) if since else None,
        until=day_start(until + timedelta(days=1)) if until else None,  # "to" is inclusive
    )


def filter_query(params: dict[str, str], **extra: str) -> str:
    kept = {k: params[k] for k in FILTER_KEYS if params.get(k)}
    return urlencode({**kept, **extra})


@router.get("/access-log")
async def access_log(request: Request, page: UiPage, reads: AccessReads) -> Response:
    assert page.actor is not None
    params = dict(request.query_params)
    filters = filters_from(params)
    cursor = params.get("cursor") or None
    try:
        found = await access_log_page(reads=reads, actor=page.actor, filters=filters, cursor=cursor)
    except InvalidCursor:
        cursor = None
        found = await access_log_page(reads=reads, actor=page.actor, filters=filters, cursor=None)
    query = filter_query(params)
    next_query = filter_query(params, cursor=found.next_cursor) if found.next_cursor else None
    return render(
        page,
        "access_log.html",
        active="access_log",
        entries=found.items,
        params={k: params.get(k, "") for k in FILTER_KEYS},
        filters_open=any(params.get(k) for k in FILTER_KEYS),
        cursor=cursor,
        first_url="/access-log" + (f"?{query}" if query else ""),
        next_url=f"/access-log?{next_query}" if next_query else None,
        export_url="/access-log/export.csv" + (f"?{query}" if query else ""),
    )


@router.get("/access-log/export.csv")
async def access_log_export(request: Request, page: UiPage, reads: AccessReads) -> Response:
    """Streamed a page of the log at a time; refused (403 page) before the first byte."""
    assert page.actor is not None
    lines = access_log_csv(
        reads=reads, actor=page.actor, filters=filters_from(dict(request.query_params))
    )
    headers = {
        "Content-Disposition": 'attachment; filename="netra-access-log.csv"',
        "Cache-Control": "no-store",
    }
    return StreamingResponse(lines, media_type="text/csv; charset=utf-8", headers=headers)
