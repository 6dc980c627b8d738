"""The read side of the case store: the staff view's load, single cases, reports by code.

Implements `read_models.ports.CaseReads` over the same collections `MongoCaseStore` writes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime

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
from services.cases.read_models.ports import Document

LINK_FIELDS = {"case_id": 1, "anonymous": 1, "linked_at": 1, "report_meta": 1}
VIEW_PROJECTION = {
    "outbox": 0,
    "notifications": 0,
    "notes": 0,
    "rules_fired": 0,
    "triage_basis": 0,
}


class MongoCaseReads:
    def __init__(self, db: AsyncDatabase[Document], *, batch_size: int = 1000) -> None:
        self.db = db
        self.cases = db[CASES]
        self.reports = db[REPORTS]
        self.filings = db[FILINGS]
        self.links = db[LINKS]
        self.batch_size = batch_size

    async def case_document(self, case_id: str) -> Document | None:
        return await assembled_case(self.db, case_id)

    async def every_case(self) -> AsyncIterator[Document]:
        """Two scans, however many cases: every link (held by case while the cases are
        paged), then the cases unsorted (a sort would make the server hold them all),
        `batch_size` documents a round trip."""
        links = by_case(await self.links.find({}, LINK_FIELDS).to_list(None))
        cursor = self.cases.find({}, VIEW_PROJECTION).batch_size(self.batch_size)
        try:
            async for document in cursor:
                yield join_links(document, links.pop(document["_id"], []))
        finally:
            await cursor.close()

    async def cases_by_id(self, case_ids: Sequence[str]) -> list[Document]:
        if not case_ids:
            return []
        ids = {"$in": list(case_ids)}
        found = await self.cases.find({"_id": ids}, VIEW_PROJECTION).to_list(None)
        links = by_case(await self.links.find({"case_id": ids}, LINK_FIELDS).to_list(None))
        return [join_links(d, links.get(d["_id"], [])) for d in found]

    async def changed_since(self, at: datetime) -> list[Document]:
        fields = {"_id": 1, "version": 1, "assignee": 1}
        return await self.cases.find({"updated_at": {"$gte": at}}, fields).to_list(None)

    async def corrected_cases(self) -> list[Document]:
        """Rare (staff corrections), so one query for the ids and a full read of each."""
        found = await self.cases.find({"timeline.action": "correct_triage"}, {"_id": 1}).to_list(
            None
        )
        documents = [await self.case_document(d["_id"]) for d in found]
        return [d for d in documents if d is not None]

    async def reports_by_id(self, report_ids: Sequence[str]) -> list[Document]:
        if not report_ids:
            return []
        return await self.reports.find({"_id": {"$in": list(report_ids)}}).to_list(None)

    async def report_by_tracking_code(self, tracking_code: str) -> Document | None:
        report = await self.reports.find_one({"tracking_code": tracking_code})
        if report is None:
            return None
        return with_filing(report, await self.filings.find_one({"_id": report["_id"]}))
