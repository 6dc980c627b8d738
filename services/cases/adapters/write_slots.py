"""Serialised writes to one case document, safe on FerretDB 1.x.

FerretDB 1.24 (SQLite backend) applies `update_one({_id, version: n}, ...)` as read-modify-
write without isolation: concurrent writers that all read version n ALL report a
modification and the last one silently wins (tests/integration/test_case_write_slots.py
shows it). An insert with a duplicate `_id` is refused atomically, though. So every write
to a case first inserts the slot `{case_id}#{write_seq}` into `case_write_slots`; only the
one writer that got the slot may update, and the update moves `write_seq` on. This works
the same on mongod.

`write_seq` counts every write (outbox cleared, note, delivery); `version` only counts
state changes, so a delivery never turns a staff member's next action into a 409.

A writer that dies between slot and update would wedge the case; a slot older than
`STALE_AFTER` whose case has not moved is therefore taken over (delete, then insert again:
the insert still lets exactly one through).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from services.cases.service_layer.ports import Document

WRITE_SLOTS = "case_write_slots"
STALE_AFTER = timedelta(seconds=30)


def slot_id(case_id: str, seq: int) -> str:
    return f"{case_id}#{seq}"


async def take_slot(
    slots: AsyncCollection[Document], case_id: str, seq: int, *, now: datetime
) -> bool:
    try:
        await slots.insert_one({"_id": slot_id(case_id, seq), "at": now})
    except DuplicateKeyError:
        stale = await slots.delete_one(
            {"_id": slot_id(case_id, seq), "at": {"$lt": now - STALE_AFTER}}
        )
        if stale.deleted_count != 1:
            return False
        return await take_slot(slots, case_id, seq, now=now)
    return True


async def guarded_update(
    cases: AsyncCollection[Document],
    slots: AsyncCollection[Document],
    *,
    case_id: str,
    seq: int,
    update: Document,
    now: datetime,
) -> bool:
    """Apply `update` if this writer is the one to move the case from `seq`."""
    if not await take_slot(slots, case_id, seq, now=now):
        return False
    update = {**update, "$set": {**update.get("$set", {}), "write_seq": seq + 1}}
    result = await cases.update_one({"_id": case_id, "write_seq": seq}, update)
    if result.modified_count != 1:
        return False
    # The previous slot can no longer be contended: the case has moved past it.
    await slots.delete_one({"_id": slot_id(case_id, seq - 1)})
    return True
