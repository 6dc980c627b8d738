"""Queue scans, reports, notes and the reporter access log (mixed into `CaseRepository`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection

from services.cases.storage import Document

QUEUE_ORDER = [("queue_at", ASCENDING), ("_id", ASCENDING)]
LIST_PROJECTION = {"outbox": 0, "timeline": 0, "notifications": 0, "notes": 0}
REPORTER_ACCESS_LOG = "reporter_access_log"


class CaseReads:
    cases: AsyncCollection[Document]
    reports: AsyncCollection[Document]
    access_log: AsyncCollection[Document]

    async def _write(
        self,
        case_id: str,
        update: Document,
        *,
        version: int | None = None,
        unless: Document | None = None,
    ) -> bool:
        raise NotImplementedError

    async def scan(
        self,
        query: Document,
        *,
        projection: dict[str, Any] | None = None,
        batch_size: int = 200,
    ) -> AsyncIterator[Document]:
        """Cases in queue order (deadline first, no deadline last); stops when the caller does."""
        cursor = self.cases.find(query, projection or LIST_PROJECTION).sort(QUEUE_ORDER)
        cursor = cursor.batch_size(batch_size)
        try:
            async for document in cursor:
                yield document
        finally:
            await cursor.close()

    async def report(self, report_id: str) -> Document | None:
        return await self.reports.find_one({"_id": report_id})

    async def move_report(self, report_id: str, *, case_id: str) -> None:
        await self.reports.update_one({"_id": report_id}, {"$set": {"case_id": case_id}})

    async def push_note(self, case_id: str, note: Document) -> bool:
        """Notes are append-only and no state change, so they do not bump `version`."""
        return await self._write(case_id, {"$push": {"notes": note}})

    async def log_reporter_access(self, entry: Document) -> None:
        await self.access_log.insert_one(entry)
