"""The read side of the case store: queue scans, single cases, reports by tracking code.

Implements `read_models.ports.CaseReads` over the same collections `MongoCaseStore` writes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from services.cases.adapters.case_assembly import by_case, join_links
from services.cases.adapters.mongo_case_store import (
    CASES,
    FILINGS,
    LINKS,
    REPORTS,
    assembled_case,
    with_filing,
)
from services.cases.adapters.mongo_queries import after_clause, as_query, filter_clauses
from services.cases.domain.model import Actor
from services.cases.read_models.models import CaseFilters
from services.cases.read_models.ports import Document, QueuePosition

QUEUE_ORDER = [("queue_at", ASCENDING), ("_id", ASCENDING)]
LIST_PROJECTION = {"outbox": 0, "timeline": 0, "notifications": 0, "notes": 0}
LINK_FIELDS = {"case_id": 1, "anonymous": 1, "linked_at": 1, "report_meta": 1}
STATS_PROJECTION = {"outbox": 0, "notifications": 0, "notes": 0, "summary": 0}


class MongoCaseReads:
    def __init__(self, db: AsyncDatabase[Document], *, batch_size: int = 200) -> None:
        self.db = db
        self.cases = db[CASES]
        self.reports = db[REPORTS]
        self.filings = db[FILINGS]
        self.links = db[LINKS]
        self.batch_size = batch_size

    async def case_document(self, case_id: str) -> Document | None:
        return await assembled_case(self.db, case_id)

    def queue(
        self,
        filters: CaseFilters,
        *,
        actor: Actor,
        now: datetime,
        after: QueuePosition | None = None,
    ) -> AsyncIterator[Document]:
        clauses = filter_clauses(filters, actor=actor, now=now) + after_clause(after)
        return self._with_links(self._scan(as_query(clauses), LIST_PROJECTION))

    def every_case(self) -> AsyncIterator[Document]:
        return self._scan({}, STATS_PROJECTION)

    async def report_by_tracking_code(self, tracking_code: str) -> Document | None:
        report = await self.reports.find_one({"tracking_code": tracking_code})
        if report is None:
            return None
        return with_filing(report, await self.filings.find_one({"_id": report["_id"]}))

    async def _with_links(self, documents: AsyncIterator[Document]) -> AsyncIterator[Document]:
        """Rows joined with their links: a page (the first chunk) with one `$in` query; a
        longer read (an export) then loads every link once instead of a query per chunk."""
        chunk: list[Document] = []
        every: dict[str, list[Document]] | None = None
        async for document in documents:
            chunk.append(document)
            if len(chunk) == self.batch_size:
                for joined in await self._join(chunk, every):
                    yield joined
                chunk = []
                if every is None:
                    every = by_case(await self.links.find({}, LINK_FIELDS).to_list(None))
        for joined in await self._join(chunk, every):
            yield joined

    async def _join(
        self, chunk: list[Document], every: dict[str, list[Document]] | None
    ) -> list[Document]:
        if not chunk:
            return []
        if every is None:
            query = {"case_id": {"$in": [d["_id"] for d in chunk]}}
            every = by_case(await self.links.find(query, LINK_FIELDS).to_list(None))
        return [join_links(d, every.get(d["_id"], [])) for d in chunk]

    async def _scan(self, query: Document, projection: dict[str, Any]) -> AsyncIterator[Document]:
        """In queue order (deadline first, no deadline last); stops when the caller does."""
        cursor = self.cases.find(query, projection).sort(QUEUE_ORDER).batch_size(self.batch_size)
        try:
            async for document in cursor:
                yield document
        finally:
            await cursor.close()
