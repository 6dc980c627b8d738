"""The read side of the case store: queue scans, single cases, reports by tracking code.

Implements `read_models.ports.CaseReads` over the same collections `MongoCaseStore` writes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from services.cases.adapters.mongo_case_store import CASES, REPORTS
from services.cases.adapters.mongo_queries import after_clause, as_query, filter_clauses
from services.cases.domain.model import Actor
from services.cases.read_models.models import CaseFilters
from services.cases.read_models.ports import Document, QueuePosition

QUEUE_ORDER = [("queue_at", ASCENDING), ("_id", ASCENDING)]
LIST_PROJECTION = {"outbox": 0, "timeline": 0, "notifications": 0, "notes": 0}
STATS_PROJECTION = {"outbox": 0, "notifications": 0, "notes": 0, "summary": 0}


class MongoCaseReads:
    def __init__(self, db: AsyncDatabase[Document], *, batch_size: int = 200) -> None:
        self.cases = db[CASES]
        self.reports = db[REPORTS]
        self.batch_size = batch_size

    async def case_document(self, case_id: str) -> Document | None:
        return await self.cases.find_one({"_id": case_id}, {"outbox": 0})

    def queue(
        self,
        filters: CaseFilters,
        *,
        actor: Actor,
        now: datetime,
        after: QueuePosition | None = None,
    ) -> AsyncIterator[Document]:
        clauses = filter_clauses(filters, actor=actor, now=now) + after_clause(after)
        return self._scan(as_query(clauses), LIST_PROJECTION)

    def every_case(self) -> AsyncIterator[Document]:
        return self._scan({}, STATS_PROJECTION)

    async def report_by_tracking_code(self, tracking_code: str) -> Document | None:
        return await self.reports.find_one({"tracking_code": tracking_code})

    async def _scan(self, query: Document, projection: dict[str, Any]) -> AsyncIterator[Document]:
        """In queue order (deadline first, no deadline last); stops when the caller does."""
        cursor = self.cases.find(query, projection).sort(QUEUE_ORDER).batch_size(self.batch_size)
        try:
            async for document in cursor:
                yield document
        finally:
            await cursor.close()
