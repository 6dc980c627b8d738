"""The delivery log in MongoDB: planned deliveries and their steps, both insert-only.

`delivery_planned` holds one document per planned delivery (`_id` = notification id);
`delivery_steps` one per step (`_id` = "<notification id>#<seq>": an attempt's outcome or
an operator's requeue). Both are written with insert_many(ordered=False): a duplicate
`_id` is the answer (planned or recorded before), never an error. Reads: every document
once at start-up (`load_undelivered`), and single deliveries or a case's for ops (each a scan on
FerretDB, taken per operator command, not per delivery). The former collections
(`deliveries`, `delivery_claims`, `delivery_sends`) are neither written nor read.
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
    entry_document,
    entry_of,
    planned_document,
    planned_of,
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
        documents = [
            {**planned_document(p, at=at, keyring=self.keyring), "partition": partition}
            for p in planned
        ]
        taken = await insert_new(self.planned, documents)
        return frozenset(planned[index].notification_id for index in taken)

    async def add_entries(self, entries: Sequence[LogEntry]) -> frozenset[tuple[str, int]]:
        taken = await insert_new(self.steps, [entry_document(e) for e in entries])
        return frozenset((entries[i].notification_id, entries[i].seq) for i in taken)

    async def load_undelivered(self, *, partitions: frozenset[int] | None) -> list[StoredDelivery]:
        """Two scans; a delivered one, or another partition's, is skipped before it is
        decoded (or unsealed). Filtered here, not in the query: on FerretDB a filter is
        a scan all the same, and documents from before partitions were recorded count as 0."""
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
            self._stored(d, entries)
            async for d in _paced(self.planned.find({}))
            if d["_id"] not in delivered
            and (partitions is None or d.get("partition", 0) in partitions)
        ]

    async def find(self, notification_id: str) -> StoredDelivery | None:
        document = await self.planned.find_one({"_id": notification_id})
        if document is None:
            return None
        return self._stored(document, await self._entries([notification_id]))

    async def find_case(self, case_id: str) -> list[StoredDelivery]:
        documents = [d async for d in self.planned.find({"case_id": case_id})]
        entries = await self._entries([d["_id"] for d in documents])
        stored = [self._stored(d, entries) for d in documents]
        return sorted(stored, key=lambda s: (s.planned_at, s.planned.notification_id))

    async def _entries(self, ids: list[str]) -> dict[str, list[LogEntry]]:
        found: dict[str, list[LogEntry]] = defaultdict(list)
        async for document in self.steps.find({"notification_id": {"$in": ids}}):
            found[document["notification_id"]].append(entry_of(document))
        return found

    def _stored(self, document: Document, entries: dict[str, list[LogEntry]]) -> StoredDelivery:
        planned = planned_of(document, keyring=self.keyring)
        found = sorted(entries.get(planned.notification_id, []), key=lambda e: e.seq)
        return StoredDelivery(
            planned, document["planned_at"], tuple(found), document.get("partition", 0)
        )


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
