"""The queue: visible cases matching filters, soonest deadline first, with cursors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

from services.cases.domain.access import can_view
from services.cases.domain.model import Actor
from services.cases.read_models.case_view import case_summary
from services.cases.read_models.cursor import decode_cursor, encode_cursor
from services.cases.read_models.documents import state_of
from services.cases.read_models.models import CaseFilters, CaseSummary, Page
from services.cases.read_models.ports import CaseReads, Document

MAX_PAGE = 200


async def list_cases(
    *,
    reads: CaseReads,
    actor: Actor,
    filters: CaseFilters,
    cursor: str | None,
    limit: int,
    now: datetime,
) -> Page[CaseSummary]:
    """One page of the actor's queue, soonest deadline first; `next_cursor` when more exist."""
    limit = max(1, min(limit, MAX_PAGE))
    items: list[CaseSummary] = []
    last: Document | None = None
    async for document in reads.queue(filters, actor=actor, now=now, after=decode_cursor(cursor)):
        if not can_view(actor, state_of(document)):
            continue
        if len(items) == limit:
            assert last is not None
            return Page(items=items, next_cursor=encode_cursor(last["queue_at"], last["_id"]))
        items.append(case_summary(document, actor, now))
        last = document
    return Page(items=items)


async def iter_cases(
    *, reads: CaseReads, actor: Actor, filters: CaseFilters, now: datetime
) -> AsyncIterator[CaseSummary]:
    """Every visible case matching the filters, in queue order (exports)."""
    async for document in reads.queue(filters, actor=actor, now=now):
        if can_view(actor, state_of(document)):
            yield case_summary(document, actor, now)
