"""The queue: visible cases matching filters, soonest deadline first, with cursors.

Served from the in-memory staff view (`staff_view.py`), never from the store: a page
walks the view in queue order from the cursor and stops after `limit` visible matches.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from services.cases.domain.access import can_view, metadata_only
from services.cases.domain.model import Actor
from services.cases.read_models.cursor import decode_cursor, encode_cursor
from services.cases.read_models.models import CaseFilters, CaseSummary, Page
from services.cases.read_models.staff_view import StaffView
from services.cases.read_models.view_rows import CaseRow

MAX_PAGE = 200
UNASSIGNED = "none"  # the assignee filter's value for cases nobody is assigned


def _in_code(code: str | None, prefix: str) -> bool:
    """A region code and every code below it ("18" holds "18.12")."""
    return code is not None and (code == prefix or code.startswith(prefix + "."))


def _routed(routes: tuple[str, ...], authority: str) -> bool:
    """`BAWASLU` holds `BAWASLU:18.12`; `BAWASLU:18` holds `BAWASLU:18.12`."""
    return any(
        r == authority or r.startswith(authority + ":") or r.startswith(authority + ".")
        for r in routes
    )


def _text(row: CaseRow, text: str, actor: Actor) -> bool:
    """Ops sees metadata only, so it searches case ids, never the report text."""
    needle = text.strip().casefold()
    if needle in row.case_id.casefold():
        return True
    return not metadata_only(actor) and needle in (row.summary or "").casefold()


def matches(row: CaseRow, filters: CaseFilters, *, actor: Actor, now: datetime) -> bool:
    if filters.status is not None and row.status != filters.status:
        return False
    if filters.category and row.category != filters.category:
        return False
    if filters.region and not _in_code(row.region_code, filters.region):
        return False
    if filters.authority and not _routed(row.routes, filters.authority):
        return False
    if filters.needs_review is not None and row.needs_review != filters.needs_review:
        return False
    if filters.assignee and row.assignee != (
        None if filters.assignee == UNASSIGNED else filters.assignee
    ):
        return False
    past = row.deadline_at is not None and row.deadline_at < now
    if filters.overdue is not None and past != filters.overdue:
        return False
    return not filters.q or _text(row, filters.q, actor)


def summary_of(row: CaseRow, actor: Actor, now: datetime) -> CaseSummary:
    return CaseSummary(
        case_id=row.case_id,
        status=row.status,
        category=row.category,
        subject_type=row.subject_type,
        region_code=row.region_code,
        routes=list(row.routes),
        needs_review=row.needs_review,
        election_type=row.election_type,
        opened_at=row.opened_at,
        deadline_at=row.deadline_at,
        deadline_state=row.deadline_state,
        overdue=row.overdue(now),
        linked_reports=len(row.report_ids),
        assignee=row.assignee,
        summary=None if metadata_only(actor) else row.summary,
        version=row.version,
    )


def visible_rows(
    view: StaffView, *, actor: Actor, filters: CaseFilters, now: datetime, cursor: str | None
) -> Iterator[CaseRow]:
    view.require_warm()
    for row in view.in_queue_order(decode_cursor(cursor)):
        if matches(row, filters, actor=actor, now=now) and can_view(actor, row.sight):
            yield row


def list_cases(
    *,
    view: StaffView,
    actor: Actor,
    filters: CaseFilters,
    cursor: str | None,
    limit: int,
    now: datetime,
) -> Page[CaseSummary]:
    """One page of the actor's queue, soonest deadline first; `next_cursor` when more exist."""
    limit = max(1, min(limit, MAX_PAGE))
    items: list[CaseRow] = []
    for row in visible_rows(view, actor=actor, filters=filters, now=now, cursor=cursor):
        if len(items) == limit:
            at, case_id = items[-1].queue_key
            return Page(
                items=[summary_of(r, actor, now) for r in items],
                next_cursor=encode_cursor(at, case_id),
            )
        items.append(row)
    return Page(items=[summary_of(r, actor, now) for r in items])
