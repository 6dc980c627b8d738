"""The case store on MongoDB's wire protocol (FerretDB): the only code that writes cases.

Every write is a single-document atomic operation, so it is safe on FerretDB (no
transactions) and idempotent under redelivery. Implements `CaseStore` and `Outbox`
(service_layer/ports.py); the read side is `MongoCaseReads`, the hot path's inserts
`MongoFilingLog`. Staff actions read and update here: per action, never per report.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Sequence
from datetime import datetime

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.cases.adapters.case_assembly import assemble
from services.cases.adapters.case_documents import (
    case_document,
    entry_document,
    filing_decision,
    state_fields,
)
from services.cases.adapters.pending_marks import KINDS, Kind, PendingMarks
from services.cases.adapters.write_slots import (
    STALE_AFTER_S,
    WRITE_SLOTS,
    SlotWatch,
    guarded_update,
)
from services.cases.domain.model import CaseState, TimelineEntry
from services.cases.read_models.documents import state_of
from services.cases.service_layer.ports import (
    EVERY_MARK,
    CaseRecord,
    Document,
    PendingOutbox,
    StoredCase,
)
from services.common.clock import Clock
from services.common.mongo import IndexKeys, ensure_lookup_indexes

CASES = "cases"
REPORTS = "reports"
FILINGS = "report_filings"
LINKS = "case_links"
DELIVERIES = "case_notifications"
OVERFLOWS = "case_overflows"
WRITE_ATTEMPTS = 8  # other writes (deliveries, the relay) may move write_seq in between
# Reads' indexes, on the stores whose reads use them (common/mongo.ensure_lookup_indexes).
LOOKUP_INDEXES: tuple[tuple[str, IndexKeys], ...] = (
    (LINKS, [("case_id", ASCENDING)]),
    (DELIVERIES, [("case_id", ASCENDING)]),
    (OVERFLOWS, [("case_id", ASCENDING)]),
    (CASES, [("dedup_key", ASCENDING), ("closed", ASCENDING)]),
    (CASES, [("outbox_pending", ASCENDING)]),
    (CASES, [("move_pending", ASCENDING)]),
    (CASES, [("deadline_at", ASCENDING)]),
    (CASES, [("queue_at", ASCENDING), ("_id", ASCENDING)]),
    (CASES, [("status", ASCENDING)]),
    (CASES, [("closed", ASCENDING), ("triage_partition", ASCENDING)]),
)


def _forget(case_id: str) -> None:
    return None


def with_filing(report: Document, filing: Document | None) -> Document:
    """A report as staff and the status page read it: where it was filed, if it was."""
    if filing is None:
        return report
    return {**report, "case_id": filing["case_id"], "decision": filing_decision(filing)}


async def assembled_case(db: AsyncDatabase[Document], case_id: str) -> Document | None:
    """The case document (no outbox) with its links, deliveries and overflows (four look-ups;
    `case_overflows` only holds flooded incidents, so it stays small)."""
    document = await db[CASES].find_one({"_id": case_id}, {"outbox": 0})
    if document is None:
        return None
    links = await db[LINKS].find({"case_id": case_id}).to_list(None)
    deliveries = await db[DELIVERIES].find({"case_id": case_id}).to_list(None)
    overflows = await db[OVERFLOWS].find({"case_id": case_id}).to_list(None)
    return assemble(document, links, deliveries, overflows)


def _pending_outbox(document: Document) -> PendingOutbox:
    return PendingOutbox(document["_id"], document["version"], document.get("outbox", []))


class MongoCaseStore:
    def __init__(self, db: AsyncDatabase[Document], *, clock: Clock) -> None:
        self.db = db
        self.clock = clock  # dates the write slots for operators (not for takeover)
        self.slot_watch = SlotWatch(stale_after_s=STALE_AFTER_S, monotonic=time.monotonic)
        self.cases = db[CASES]
        self.reports = db[REPORTS]
        self.write_slots = db[WRITE_SLOTS]
        self.filings = db[FILINGS]
        self.marks = PendingMarks(db, now=clock.now)
        # Kinds swept over `cases` (work written before marks existed), by this process or
        # recorded by any process on this store; None until the record is read.
        self.swept: set[Kind] | None = None
        # Set by bootstrap to the relay's wake-up, so new outbox entries leave at once,
        # and to the partition state's closure, so a closed case takes no more duplicates.
        self.outbox_written: Callable[[str], None] = _forget
        self.case_closed: Callable[[str], None] = _forget

    async def ensure_indexes(self) -> None:
        await self.reports.create_index([("tracking_code", ASCENDING)], unique=True)
        await ensure_lookup_indexes(self.db, LOOKUP_INDEXES)
        if await self.cases.find_one({}, {"_id": 1}) is None:  # a new store: nothing to sweep
            for kind in KINDS:
                await self.marks.record_swept(kind)

    async def get(self, case_id: str) -> StoredCase | None:
        document = await assembled_case(self.db, case_id)
        if document is None:
            return None
        return StoredCase(
            state=state_of(document),
            assignee=document.get("assignee"),
            summary=document.get("summary"),
            reported_position=document.get("reported_position"),
            reported_agency=document.get("reported_agency"),
        )

    async def version_of(self, case_id: str) -> int | None:
        document = await self.cases.find_one({"_id": case_id}, {"version": 1})
        return int(document["version"]) if document else None

    async def insert_case(
        self, case: CaseState, *, record: CaseRecord, outbox: Sequence[Document]
    ) -> bool:
        document = case_document(case, record=record, outbox=list(outbox))
        if outbox:
            await self.marks.mark("outbox", case.case_id, version=case.version)
        if record.pending_move is not None:
            await self.marks.mark("move", case.case_id, version=case.version)
        try:
            await self.cases.insert_one(document)
        except DuplicateKeyError:
            return False
        if outbox:
            self.outbox_written(case.case_id)
        return True

    async def save_change(
        self,
        case: CaseState,
        *,
        expected_version: int,
        entries: Sequence[TimelineEntry],
        outbox: Sequence[Document] = (),
        also_set: Document | None = None,
        also_push: Document | None = None,
        folded: Sequence[str] = (),
    ) -> bool:
        """State, new timeline entries and outbox in ONE update, only if nobody wrote first."""
        push: Document = {"timeline": {"$each": [entry_document(e) for e in entries]}}
        if outbox:
            push["outbox"] = {"$each": list(outbox)}
        push.update(also_push or {})
        fields = {**state_fields(case), **(also_set or {})}
        if entries:  # dated, so the staff view's reconcile pass finds every change
            fields.setdefault("updated_at", entries[-1].at)
        if outbox:
            fields["outbox_pending"] = True
        update: Document = {"$set": fields, "$push": push}
        if outbox:  # marked before the write: pending work always has its mark
            await self.marks.mark("outbox", case.case_id, version=case.version)
        if fields.get("move_pending"):
            await self.marks.mark("move", case.case_id, version=case.version)
        if folded:
            update["$addToSet"] = {"folded_links": {"$each": sorted(set(folded))}}
        saved = await self._write(case.case_id, update, version=expected_version)
        if saved and outbox:
            self.outbox_written(case.case_id)
        if saved and fields["closed"]:
            self.case_closed(case.case_id)
        return saved

    async def push_note(self, case_id: str, note: Document) -> bool:
        return await self._write(case_id, {"$push": {"notes": note}})

    async def report(self, report_id: str) -> Document | None:
        report = await self.reports.find_one({"_id": report_id})
        if report is None:
            return None
        filing = await self.filings.find_one({"_id": report_id})
        return with_filing(report, filing)

    async def move_report(self, report_id: str, *, case_id: str) -> None:
        await self.filings.update_one(
            {"_id": report_id}, {"$set": {"case_id": case_id}}, upsert=True
        )

    async def _flagged(
        self, kind: Kind, flag: str, fields: Document, limit: int, marked_before: datetime
    ) -> list[Document]:
        """The cases with `flag` set: only the marked ones whose newest mark is older than
        `marked_before` (no read of `cases` when none is), except on this process's first
        pass, which also finds unmarked ones (but never a case marked since)."""
        if self.swept is None:
            self.swept = await self.marks.swept()
        every = await self.marks.marked(kind)
        marked = {case_id: at for case_id, at in every.items() if at < marked_before}
        fresh = sorted(set(every) - set(marked))
        swept = kind in self.swept
        if swept and not marked:
            return []
        query: Document = {flag: True}
        if swept:
            query["_id"] = {"$in": sorted(marked)}
        elif fresh:
            query["_id"] = {"$nin": fresh}
        found = await self.cases.find(query, fields).limit(limit).to_list(None)
        if len(found) < limit:  # a full page may leave out a flagged case: not swept yet
            if not swept:
                self.swept.add(kind)
                await self.marks.record_swept(kind)
            await self.marks.drop_stale(kind, marked, busy={str(d["_id"]) for d in found})
        return found

    async def pending_moves(
        self, limit: int, *, marked_before: datetime = EVERY_MARK
    ) -> list[tuple[str, Document]]:
        fields = {"pending_move": 1}
        found = await self._flagged("move", "move_pending", fields, limit, marked_before)
        return [(str(d["_id"]), d["pending_move"]) for d in found]

    async def finish_move(self, case_id: str) -> bool:
        version = await self.version_of(case_id)
        finished = await self._write(
            case_id, {"$set": {"move_pending": False, "pending_move": None}}
        )
        if finished and version is not None:
            await self.marks.done("move", case_id, up_to_version=version)
        return finished

    async def pending(
        self, limit: int, *, marked_before: datetime = EVERY_MARK
    ) -> list[PendingOutbox]:
        fields = {"outbox": 1, "version": 1}
        found = await self._flagged("outbox", "outbox_pending", fields, limit, marked_before)
        return [_pending_outbox(d) for d in found]

    async def pending_of(self, case_ids: Collection[str]) -> list[PendingOutbox]:
        if not case_ids:
            return []
        query = {"_id": {"$in": sorted(case_ids)}, "outbox_pending": True}
        found = await self.cases.find(query, {"outbox": 1, "version": 1}).to_list(None)
        return [_pending_outbox(d) for d in found]

    async def clear(self, case_id: str, *, version: int) -> bool:
        """A change since the read means new events may sit in the outbox: the relay reads
        again and republishes what it already sent, which consumers ignore by event id."""
        cleared = await self._write(
            case_id, {"$set": {"outbox": [], "outbox_pending": False}}, version=version
        )
        if cleared:
            await self.marks.done("outbox", case_id, up_to_version=version)
        return cleared

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
                self.slot_watch,
                case_id=case_id,
                seq=seq,
                update=update,
                at=self.clock.now(),
            ):
                return True
        return False
