"""MongoDB repository: the only code that touches the case collections.

Every write is a single-document atomic operation, so it is safe on FerretDB (no
transactions) and idempotent under redelivery.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from schemas.notifications import NotificationDelivered
from schemas.reports import ReportReceived
from services.cases.flows import Document, timeline_entry

CASES = "cases"
REPORTS = "reports"


class CaseRepository:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.db = db
        self.cases = db[CASES]
        self.reports = db[REPORTS]

    async def ensure_indexes(self) -> None:
        await self.reports.create_index([("tracking_code", ASCENDING)], unique=True)
        await self.reports.create_index([("case_id", ASCENDING)])
        await self.cases.create_index([("dedup_key", ASCENDING), ("closed", ASCENDING)])
        await self.cases.create_index([("outbox_pending", ASCENDING)])
        await self.cases.create_index([("deadline_at", ASCENDING)])
        await self.cases.create_index([("status", ASCENDING)])

    async def record_received(self, report: ReportReceived) -> None:
        """Remember a report before triage, so its tracking code already answers."""
        await self.reports.update_one(
            {"_id": report.report_id},
            {
                "$setOnInsert": {
                    "tracking_code": report.tracking_code,
                    "received_at": report.received_at,
                    "content": report.content.model_dump(mode="json"),
                    "reporter": report.reporter.model_dump(mode="json"),
                    "case_id": None,
                }
            },
            upsert=True,
        )

    async def attach_report(
        self, report: ReportReceived, *, case_id: str, decision: Document
    ) -> None:
        await self.record_received(report)
        await self.reports.update_one(
            {"_id": report.report_id}, {"$set": {"case_id": case_id, "decision": decision}}
        )

    async def case_holding(self, report_id: str) -> Document | None:
        return await self.cases.find_one({"report_ids": report_id}, {"_id": 1})

    async def open_case_for(self, dedup_key: str) -> Document | None:
        return await self.cases.find_one(
            {"dedup_key": dedup_key, "closed": False}, {"_id": 1, "report_ids": 1}
        )

    async def insert_case(self, document: Document) -> bool:
        try:
            await self.cases.insert_one(document)
        except DuplicateKeyError:
            return False
        return True

    async def link(self, *, case_id: str, report_id: str, update: Document) -> bool:
        result = await self.cases.update_one(
            {"_id": case_id, "report_ids": {"$ne": report_id}}, update
        )
        return result.modified_count == 1

    async def record_notification(
        self, delivered: NotificationDelivered, *, trace_id: str | None
    ) -> bool:
        entry = {
            "id": delivered.notification_id,
            "recipient": delivered.recipient,
            "channel": delivered.channel,
            "status": delivered.status.value,
            "attempts": delivered.attempts,
            "at": delivered.finished_at,
        }
        action = f"notification.{delivered.status.value}"
        result = await self.cases.update_one(
            {"_id": delivered.case_id, "notifications.id": {"$ne": delivered.notification_id}},
            {
                "$push": {
                    "notifications": entry,
                    "timeline": timeline_entry(
                        at=delivered.finished_at,
                        action=action,
                        trace_id=trace_id,
                        reason=f"{delivered.channel} -> {delivered.recipient}",
                    ),
                },
                "$inc": {"version": 1},
            },
        )
        return result.modified_count == 1

    async def pending_outbox(self, limit: int = 50) -> list[Document]:
        cursor = self.cases.find({"outbox_pending": True}, {"outbox": 1, "version": 1})
        return [document async for document in cursor.limit(limit)]

    async def clear_outbox(self, case_id: str, *, version: int) -> bool:
        """Empty the outbox unless the case changed since it was read.

        A change means new events may sit in it: the relay reads again and republishes
        what it already sent, which consumers ignore by event id (at-least-once).
        """
        result = await self.cases.update_one(
            {"_id": case_id, "version": version},
            {"$set": {"outbox": [], "outbox_pending": False}},
        )
        return result.modified_count == 1

    async def find_by_tracking_code(
        self, tracking_code: str
    ) -> tuple[Document, Document | None] | None:
        report = await self.reports.find_one({"tracking_code": tracking_code})
        if report is None:
            return None
        case = None
        if report.get("case_id"):
            case = await self.cases.find_one({"_id": report["case_id"]}, {"outbox": 0})
        return report, case

    async def get(self, case_id: str) -> Document | None:
        return await self.cases.find_one({"_id": case_id}, {"outbox": 0})

    async def ping(self) -> bool:
        try:
            await self.db.command("ping")
        except Exception:
            return False
        return True


def as_utc(value: Any) -> datetime | None:
    return value if isinstance(value, datetime) else None
