"""`PartitionJournal` on the Mongo wire: two small collections, inserts and tiny scans.

- `partition_deltas`: `_id` = partition:first:last (zero-padded, so `_id` order is offset
  order); a batch read again with the same extent inserts the same `_id`, which is left.
- `partition_snapshots`: `_id` = partition:next offset:time; saving one deletes the older
  snapshots of its partition and the deltas that end before it.

Both stay small (one snapshot and at most `snapshot_every` deltas per partition, plus what
a failed save left), so their scans cost little on FerretDB too, where every read scans.
"""

from __future__ import annotations

import asyncio
import json
import time
import zlib
from collections.abc import Sequence
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from services.cases.service_layer.journal_ports import StateDelta, StateSnapshot
from services.cases.service_layer.ports import Document, OpenCase
from services.common.mongo import insert_new

DELTAS = "partition_deltas"
SNAPSHOTS = "partition_snapshots"


class MongoPartitionJournal:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.deltas = db[DELTAS]
        self.snapshots = db[SNAPSHOTS]

    async def record(self, deltas: Sequence[StateDelta]) -> None:
        await insert_new(self.deltas, [_delta_document(d) for d in deltas])

    async def save(self, snapshot: StateSnapshot) -> None:
        partition = snapshot.partition
        key = f"{partition:05d}:{snapshot.next_offset:020d}:{time.time_ns():020d}"
        await self.snapshots.insert_one(
            {
                "_id": key,
                "partition": partition,
                "next_offset": snapshot.next_offset,
                "closure_positions": _positions_document(snapshot.closure_positions),
                # Thousands of cases: encoded beside the event loop, not on it.
                "cases": await asyncio.to_thread(_cases_document, snapshot.cases),
            }
        )
        await self.snapshots.delete_many({"partition": partition, "_id": {"$lt": key}})
        await self.deltas.delete_many(
            {"partition": partition, "last_offset": {"$lt": snapshot.next_offset}}
        )

    async def load(
        self, partitions: frozenset[int]
    ) -> dict[int, tuple[StateSnapshot | None, list[StateDelta]]]:
        wanted = {"partition": {"$in": sorted(partitions)}}
        latest: dict[int, Document] = {}
        async for d in self.snapshots.find(wanted):
            if d["partition"] not in latest or d["_id"] > latest[d["partition"]]["_id"]:
                latest[d["partition"]] = d
        deltas: dict[int, list[StateDelta]] = {p: [] for p in partitions}
        async for d in self.deltas.find(wanted).sort("_id", 1):
            deltas[d["partition"]].append(_delta(d))
        snapshots = {p: await asyncio.to_thread(_snapshot, d) for p, d in latest.items()}
        return {p: (snapshots.get(p), deltas[p]) for p in partitions}

    async def closure_floor(self) -> dict[int, int] | None:
        fields = {"partition": 1, "closure_positions": 1}
        latest: dict[int, Document] = {}
        async for d in self.snapshots.find({}, fields):
            if d["partition"] not in latest or d["_id"] > latest[d["partition"]]["_id"]:
                latest[d["partition"]] = d
        kept = list(latest.values()) + [d async for d in self.deltas.find({}, fields)]
        if not kept:
            return None
        floor: dict[int, int] = {}
        for d in kept:
            for partition, offset in _positions(d["closure_positions"]).items():
                floor[partition] = min(floor.get(partition, offset), offset)
        return floor


def _delta_document(delta: StateDelta) -> Document:
    return {
        "_id": f"{delta.partition:05d}:{delta.first_offset:020d}:{delta.last_offset:020d}",
        "partition": delta.partition,
        "first_offset": delta.first_offset,
        "last_offset": delta.last_offset,
        "closure_positions": _positions_document(delta.closure_positions),
        "cases": _cases_document(delta.cases),
    }


def _delta(d: Document) -> StateDelta:
    return StateDelta(
        int(d["partition"]),
        int(d["first_offset"]),
        int(d["last_offset"]),
        _positions(d["closure_positions"]),
        _cases(d["cases"]),
    )


def _snapshot(d: Document) -> StateSnapshot:
    return StateSnapshot(
        int(d["partition"]),
        int(d["next_offset"]),
        _positions(d["closure_positions"]),
        _cases(d["cases"]),
    )


def _cases_document(cases: Sequence[OpenCase]) -> bytes:
    # One compressed value, not an array of thousands: FerretDB decodes a document field by
    # field, so a snapshot of 100,000 cases as arrays took seconds to read; as one binary
    # value it is a few MB less and read at once (docs/decisions.md).
    rows = [[c.case_id, c.dedup_key, c.reports] for c in cases]
    return zlib.compress(json.dumps(rows, separators=(",", ":")).encode(), 1)


def _cases(packed: bytes) -> list[OpenCase]:
    rows = json.loads(zlib.decompress(packed))
    return [OpenCase(str(case_id), str(key), int(n)) for case_id, key, n in rows]


def _positions_document(positions: dict[int, int]) -> dict[str, int]:
    return {str(partition): offset for partition, offset in positions.items()}


def _positions(document: dict[str, Any]) -> dict[int, int]:
    return {int(partition): int(offset) for partition, offset in document.items()}
