"""The case store on MongoDB's wire protocol (FerretDB): the only code that writes cases.

Every write is a single-document atomic operation, so it is safe on FerretDB (no
transactions) and idempotent under redelivery. Implements `CaseStore` and `Outbox`
(service_layer/ports.py); the read side is `MongoCaseReads`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from schemas.notifications import NotificationDelivered
from schemas.reports import ReportReceived
from services.cases.adapters.case_documents import case_document, entry_document, state_fields
from services.cases.adapters.write_slots import WRITE_SLOTS, guarded_update
from services.cases.domain.model import CaseState, TimelineEntry
from services.cases.read_models.documents import state_of
from services.cases.service_layer.ports import CaseRecord, Document, PendingOutbox, StoredCase
from services.common.clock import Clock

CASES = "cases"
REPORTS = "reports"
WRITE_ATTEMPTS = 8  # other writes (deliveries, the relay) may move write_seq in between


def _nothing() -> None:
    return None


class MongoCaseStore:
    def __init__(self, db: AsyncDatabase[Document], *, clock: Clock) -> None:
        self.db = db
        self.clock = clock  # dates the write slots, so a stale one can be taken over
        self.cases = db[CASES]
        self.reports = db[REPORTS]
        self.write_slots = db[WRITE_SLOTS]
        # Set by bootstrap to the relay's wake-up, so new outbox entries leave at once.
        self.outbox_written: Callable[[], None] = _nothing

    async def ensure_indexes(self) -> None:
        await self.reports.create_index([("tracking_code", ASCENDING)], unique=True)
        await self.reports.create_index([("case_id", ASCENDING)])
        await self.cases.create_index([("dedup_key", ASCENDING), ("closed", ASCENDING)])
        await self.cases.create_index([("outbox_pending", ASCENDING)])
        await self.cases.create_index([("deadline_at", ASCENDING)])
        await self.cases.create_index([("queue_at", ASCENDING), ("_id", ASCENDING)])
        await self.cases.create_index([("status", ASCENDING)])
        await self.cases.create_index([("report_ids", ASCENDING)])

    async def get(self, case_id: str) -> StoredCase | None:
        document = await self.cases.find_one({"_id": case_id}, {"outbox": 0})
        if document is None:
            return None
        return StoredCase(state=state_of(document), assignee=document.get("assignee"))

    async def version_of(self, case_id: str) -> int | None:
        document = await self.cases.find_one({"_id": case_id}, {"version": 1})
        return int(document["version"]) if document else None

    async def insert_case(
        self, case: CaseState, *, record: CaseRecord, outbox: Sequence[Document]
    ) -> bool:
        document = case_document(case, record=record, outbox=list(outbox))
        try:
            await self.cases.insert_one(document)
        except DuplicateKeyError:
            return False
        if outbox:
            self.outbox_written()
        return True

    async def delete_case(self, case_id: str) -> None:
        await self.cases.delete_one({"_id": case_id})

    async def save_change(
        self,
        case: CaseState,
        *,
        expected_version: int,
        entries: Sequence[TimelineEntry],
        outbox: Sequence[Document] = (),
        also_set: Document | None = None,
        also_push: Document | None = None,
    ) -> bool:
        """State, new timeline entries and outbox in ONE update, only if nobody wrote first."""
        push: Document = {"timeline": {"$each": [entry_document(e) for e in entries]}}
        if outbox:
            push["outbox"] = {"$each": list(outbox)}
        push.update(also_push or {})
        fields = {**state_fields(case), **(also_set or {})}
        if outbox:
            fields["outbox_pending"] = True
        saved = await self._write(
            case.case_id, {"$set": fields, "$push": push}, version=expected_version
        )
        if saved and outbox:
            self.outbox_written()
        return saved

    async def push_note(self, case_id: str, note: Document) -> bool:
        return await self._write(case_id, {"$push": {"notes": note}})

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
            "trace_id": trace_id,
        }
        # A delivery is shown on the timeline (read_models/timeline.py) but is no state
        # change: it leaves `version` alone so it never turns a staff action into a 409.
        return await self._write(
            delivered.case_id,
            {"$push": {"notifications": entry}},
            unless={"notifications.id": {"$ne": delivered.notification_id}},
        )

    async def open_case_for(self, dedup_key: str) -> CaseState | None:
        document = await self.cases.find_one(
            {"dedup_key": dedup_key, "closed": False}, {"outbox": 0}
        )
        return state_of(document) if document else None

    async def case_holding(self, report_id: str) -> str | None:
        document = await self.cases.find_one({"report_ids": report_id}, {"_id": 1})
        return str(document["_id"]) if document else None

    async def record_received(self, report: ReportReceived) -> None:
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

    async def report(self, report_id: str) -> Document | None:
        return await self.reports.find_one({"_id": report_id})

    async def move_report(self, report_id: str, *, case_id: str) -> None:
        await self.reports.update_one({"_id": report_id}, {"$set": {"case_id": case_id}})

    async def pending(self, limit: int) -> list[PendingOutbox]:
        cursor = self.cases.find({"outbox_pending": True}, {"outbox": 1, "version": 1})
        return [
            PendingOutbox(case_id=d["_id"], version=d["version"], entries=d.get("outbox", []))
            async for d in cursor.limit(limit)
        ]

    async def clear(self, case_id: str, *, version: int) -> bool:
        """A change since the read means new events may sit in the outbox: the relay reads
        again and republishes what it already sent, which consumers ignore by event id."""
        return await self._write(
            case_id, {"$set": {"outbox": [], "outbox_pending": False}}, version=version
        )

    async def _write(
        self,
        case_id: str,
        update: Document,
        *,
        version: int | None = None,
        unless: Document | None = None,
    ) -> bool:
        """One serialised write (write_slots.py); retried while only non-state writes interfere."""
        for _ in range(WRITE_ATTEMPTS):
            current = await self.cases.find_one(
                {"_id": case_id, **(unless or {})}, {"version": 1, "write_seq": 1}
            )
            if current is None or (version is not None and current["version"] != version):
                return False
            seq = int(current.get("write_seq", 0))
            if await guarded_update(
                self.cases,
                self.write_slots,
                case_id=case_id,
                seq=seq,
                update=update,
                now=self.clock.now(),
            ):
                return True
        return False
