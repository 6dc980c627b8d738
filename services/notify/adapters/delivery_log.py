"""The delivery log in MongoDB: planned deliveries and their steps, both insert-only.

`delivery_planned` holds one document per case event with the deliveries planned from it
(`_id` = the event id; delivery_documents.py), and, from before, one per delivery (`_id` =
its notification id); `delivery_steps` one per step (`_id` = "<notification id>#<seq>": an
attempt's outcome or an operator's requeue). Both are written with
insert_many(ordered=False): a duplicate `_id` is the answer (planned or recorded before),
never an error. Reads: every document once at start-up (`load_undelivered`), and single
deliveries or a case's for ops (each a scan on FerretDB, taken per operator command, not
per delivery). The former collections (`deliveries`, `delivery_claims`, `delivery_sends`)
are neither written nor read.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from datetime import datetime

from pymongo.asynchronous.database import AsyncDatabase

from services.common.crypto import Keyring
from services.common.mongo import Document, insert_new
from services.notify.adapters.delivery_documents import (
    deliveries_of,
    entry_document,
    entry_of,
    event_document,
    notification_ids,
)
from services.notify.domain.delivery_progress import EntryKind, LogEntry, StoredDelivery
from services.notify.domain.plans import PlannedDelivery

PLANNED = "delivery_planned"
PACE = 50
STEPS = "delivery_steps"


class MongoDeliveryLog:
    def __init__(self, db: AsyncDatabase[Document], *, keyring: Keyring) -> None:
        self.planned = db[PLANNED]
        self.steps = db[STEPS]
        self.keyring = keyring

    async def add_planned(
        self, planned: Sequence[PlannedDelivery], *, at: datetime, partition: int
    ) -> frozenset[str]:
        by_event: dict[str, list[PlannedDelivery]] = {}
        for p in planned:
            by_event.setdefault(p.event_id, []).append(p)
        events = list(by_event.values())
        documents = [
            event_document(each, at=at, partition=partition, keyring=self.keyring)
            for each in events
        ]
        taken = await insert_new(self.planned, documents)
        return frozenset(p.notification_id for index in taken for p in events[index])

    async def add_entries(self, entries: Sequence[LogEntry]) -> frozenset[tuple[str, int]]:
        taken = await insert_new(self.steps, [entry_document(e) for e in entries])
        return frozenset((entries[i].notification_id, entries[i].seq) for i in taken)

    async def load_undelivered(self, *, partitions: frozenset[int] | None) -> list[StoredDelivery]:
        """Two scans; an event whose deliveries were all delivered, or another
        partition's, is skipped before it is decoded (or unsealed). Filtered here, not in
        the query: on FerretDB a filter is a scan all the same, and documents from before
        partitions were recorded count as 0."""
        entries: dict[str, list[LogEntry]] = defaultdict(list)
        async for document in _paced(self.steps.find({})):
            entry = entry_of(document)
            entries[entry.notification_id].append(entry)
        delivered = {
            nid
            for nid, found in entries.items()
            if any(e.kind is EntryKind.DELIVERED for e in found)
        }
        return [
            stored
            async for d in _paced(self.planned.find({}))
            if (partitions is None or d.get("partition", 0) in partitions)
            and not delivered.issuperset(notification_ids(d))
            for stored in self._stored(d, entries)
            if stored.planned.notification_id not in delivered
        ]

    async def find(self, notification_id: str) -> StoredDelivery | None:
        held = {"$or": [{"notification_ids": notification_id}, {"_id": notification_id}]}
        document = await self.planned.find_one(held)
        if document is None:
            return None
        entries = await self._entries([notification_id])
        found = self._stored(document, entries)
        return next(s for s in found if s.planned.notification_id == notification_id)

    async def find_case(self, case_id: str) -> list[StoredDelivery]:
        documents = [d async for d in self.planned.find({"case_id": case_id})]
        entries = await self._entries([n for d in documents for n in notification_ids(d)])
        stored = [s for d in documents for s in self._stored(d, entries)]
        return sorted(stored, key=lambda s: (s.planned_at, s.planned.notification_id))

    async def _entries(self, ids: list[str]) -> dict[str, list[LogEntry]]:
        found: dict[str, list[LogEntry]] = defaultdict(list)
        async for document in self.steps.find({"notification_id": {"$in": ids}}):
            found[document["notification_id"]].append(entry_of(document))
        return found

    def _stored(
        self, document: Document, entries: dict[str, list[LogEntry]]
    ) -> list[StoredDelivery]:
        at, partition = document["planned_at"], document.get("partition", 0)
        return [
            StoredDelivery(
                planned,
                at,
                tuple(sorted(entries.get(planned.notification_id, []), key=lambda e: e.seq)),
                partition,
            )
            for planned in deliveries_of(document, keyring=self.keyring)
        ]


async def _paced(cursor: AsyncIterator[Document]) -> AsyncIterator[Document]:
    """The documents, with the event loop let go every PACE of them: this load runs inside
    a rebalance (the consumer's on_assigned), and decoding thousands of deliveries in one
    go starved the consumer's heartbeats until the group dropped the member."""
    index = 0
    async for document in cursor:
        yield document
        index += 1
        if index % PACE == 0:
            await asyncio.sleep(0)
