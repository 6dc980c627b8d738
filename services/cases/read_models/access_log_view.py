"""The reporter-identity access log as supervisors read it: filtered pages, and CSV.

Every page is one bounded query (`AccessLogReads.access_entries`, newest first, `limit`
+ 1 to know whether more exist); the CSV walks the same query a page at a time, so
neither ever holds the whole log. Who sees what: domain/access_log_scope.py.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any, Final

from pydantic import BaseModel, ConfigDict

from services.cases.domain.access_log_scope import access_log_scope
from services.cases.domain.errors import Forbidden
from services.cases.domain.model import Actor
from services.cases.read_models.cursor import decode_cursor, encode_cursor
from services.cases.read_models.exports import csv_line
from services.cases.read_models.models import Page
from services.cases.read_models.ports import AccessLogReads, AccessQuery

PAGE_SIZE: Final = 50
EXPORT_BATCH: Final = 500
IDENTITY: Final = "identity"
CSV_COLUMNS: Final = (
    "at",
    "kind",
    "officer",
    "subject",
    "role",
    "region",
    "agency",
    "case_id",
    "report_id",
    "sha256",
    "reason",
    "trace_id",
)


class AccessFilters(BaseModel):
    """What the supervisor narrowed the log to; every one optional, combined with AND."""

    model_config = ConfigDict(frozen=True)

    officer: str | None = None
    case_id: str | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive


class AccessEntryRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    entry_id: str
    at: datetime
    kind: str  # "identity" (a reporter's identity opened) or "evidence" (a file downloaded)
    officer: str
    subject: str | None = None
    role: str
    region: str | None = None
    agency: str | None = None
    case_id: str
    report_id: str | None = None
    sha256: str | None = None
    reason: str | None = None
    trace_id: str | None = None


def entry_read(document: Mapping[str, Any]) -> AccessEntryRead:
    return AccessEntryRead(
        entry_id=str(document["_id"]),
        at=document["at"],
        kind=str(document.get("kind") or IDENTITY),
        officer=str(document.get("name") or ""),
        subject=document.get("subject"),
        role=str(document.get("role") or ""),
        region=document.get("region"),
        agency=document.get("agency"),
        case_id=str(document.get("case_id") or ""),
        report_id=document.get("report_id"),
        sha256=document.get("sha256"),
        reason=document.get("reason"),
        trace_id=document.get("trace_id"),
    )


def scoped_query(actor: Actor, filters: AccessFilters) -> AccessQuery:
    """Raises Forbidden for an actor who supervises nobody's access."""
    scope = access_log_scope(actor)
    if scope is None:
        raise Forbidden(f"{actor.role} {actor.region or '-'} may not read the access log")
    return AccessQuery(
        office=scope.office,
        officer=filters.officer,
        case_id=filters.case_id,
        since=filters.since,
        until=filters.until,
    )


async def access_log_page(
    *,
    reads: AccessLogReads,
    actor: Actor,
    filters: AccessFilters,
    cursor: str | None,
    limit: int = PAGE_SIZE,
) -> Page[AccessEntryRead]:
    """Raises Forbidden, or InvalidCursor for a cursor this page did not issue."""
    query = replace(scoped_query(actor, filters), before=decode_cursor(cursor))
    found = await reads.access_entries(query, limit + 1)
    items = [entry_read(d) for d in found[:limit]]
    more = len(found) > limit
    next_cursor = encode_cursor(items[-1].at, items[-1].entry_id) if more and items else None
    return Page(items=items, next_cursor=next_cursor)


def _csv_row(entry: AccessEntryRead) -> str:
    values = entry.model_dump(mode="json")
    return csv_line(["" if values[c] is None else values[c] for c in CSV_COLUMNS])


def access_log_csv(
    *, reads: AccessLogReads, actor: Actor, filters: AccessFilters
) -> AsyncIterator[str]:
    """CSV lines, header first; Forbidden is raised here, before the response starts."""
    return _csv_lines(reads, scoped_query(actor, filters))


async def _csv_lines(reads: AccessLogReads, query: AccessQuery) -> AsyncIterator[str]:
    yield csv_line(list(CSV_COLUMNS))
    while True:
        found = await reads.access_entries(query, EXPORT_BATCH)
        for document in found:
            yield _csv_row(entry_read(document))
        if len(found) < EXPORT_BATCH:
            return
        last = found[-1]
        query = replace(query, before=(last["at"], str(last["_id"])))
