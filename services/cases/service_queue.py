"""The queue: visible cases matching filters, soonest deadline first, with cursors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

from services.cases.adapters.repository import CaseRepository
from services.cases.domain.access import can_view
from services.cases.domain.model import Actor
from services.cases.queries import (
    after_clause,
    as_query,
    decode_cursor,
    encode_cursor,
    filter_clauses,
)
from services.cases.schemas import CaseFilters, CaseSummary, Page
from services.cases.service_core import utcnow
from services.cases.storage import Document, state_of
from services.cases.views import case_summary

MAX_PAGE = 200


async def list_cases(
    *,
    repo: CaseRepository,
    actor: Actor,
    filters: CaseFilters | None = None,
    cursor: str | None = None,
    limit: int = 50,
    now: datetime | None = None,
) -> Page[CaseSummary]:
    """One page of the actor's queue, soonest deadline first; `next_cursor` when more exist."""
    now = now or utcnow()
    limit = max(1, min(limit, MAX_PAGE))
    clauses = filter_clauses(filters or CaseFilters(), actor=actor, now=now)
    query = as_query(clauses + after_clause(decode_cursor(cursor)))
    items: list[CaseSummary] = []
    last: Document | None = None
    async for document in repo.scan(query):
        if not can_view(actor, state_of(document)):
            continue
        if len(items) == limit:
            assert last is not None
            return Page(items=items, next_cursor=encode_cursor(last["queue_at"], last["_id"]))
        items.append(case_summary(document, actor, now))
        last = document
    return Page(items=items)


async def iter_cases(
    *,
    repo: CaseRepository,
    actor: Actor,
    filters: CaseFilters | None = None,
    now: datetime | None = None,
) -> AsyncIterator[CaseSummary]:
    """Every visible case matching the filters, in queue order (exports)."""
    now = now or utcnow()
    query = as_query(filter_clauses(filters or CaseFilters(), actor=actor, now=now))
    async for document in repo.scan(query):
        if can_view(actor, state_of(document)):
            yield case_summary(document, actor, now)
