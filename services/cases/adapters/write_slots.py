"""Serialised writes to one case document, safe on FerretDB 1.x, fenced on takeover.

FerretDB 1.24 (SQLite backend) applies `update_one({_id, version: n}, ...)` as read-modify-
write without isolation: concurrent writers that all read version n ALL report a
modification and the last one silently wins (tests/integration/test_case_write_slots.py
shows it). An insert with a duplicate `_id` is refused atomically, though. So every write
to a case first inserts the slot `{case_id}#{write_seq}` into `case_write_slots`; only the
one writer that got the slot may update, and the update moves `write_seq` on. This works
the same on mongod.

`write_seq` counts every write (outbox cleared, note, delivery); `version` only counts
state changes, so a delivery never turns a staff member's next action into a 409.

A writer that dies between slot and update would wedge the case, so a slot is taken over
once it has looked stale long enough, and the takeover is fenced:
- staleness is judged by *this process's monotonic clock*: a slot is stale when this
  process has seen the same holder (`token`) in it for `stale_after_s` (`SlotWatch`),
  never by comparing the slot's time with another host's clock (`at` is for operators);
- the slot's `token` is `"<takeovers>:<random>"`, the counter incremented on every
  takeover; a takeover deletes the slot only if it still holds the token it watched,
  and inserts its own (the unique `_id` again lets one taker through);
- every writer checks, right before its update, that the slot still holds its own
  token, so a writer that stalled past a takeover gives up instead of writing too.
The update itself stays conditional on `write_seq`, which fences it on mongod completely;
on FerretDB the remaining window is a writer stalled `stale_after_s` between slot and
fence check whose update then overlaps the taker's update exactly.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from services.cases.service_layer.ports import Document

WRITE_SLOTS = "case_write_slots"
STALE_AFTER_S = 30.0


def slot_id(case_id: str, seq: int) -> str:
    return f"{case_id}#{seq}"


def _token(takeovers: int) -> str:
    return f"{takeovers}:{uuid.uuid4().hex}"


def _takeovers(token: str) -> int:
    head, _, _ = token.partition(":")
    return int(head) if head.isdigit() else 0


class SlotWatch:
    """When this process first saw each held slot's holder, on its own monotonic clock."""

    def __init__(
        self, *, stale_after_s: float, monotonic: Callable[[], float], max_slots: int = 10_000
    ) -> None:
        self.stale_after_s = stale_after_s
        self.monotonic = monotonic
        self.max_slots = max_slots
        self._seen: OrderedDict[str, tuple[str, float]] = OrderedDict()

    def stale(self, slot: str, token: str) -> bool:
        """True once this process has seen `token` hold `slot` for `stale_after_s`."""
        now = self.monotonic()
        seen = self._seen.get(slot)
        if seen is None or seen[0] != token:
            self._seen[slot] = (token, now)
            while len(self._seen) > self.max_slots:
                self._seen.popitem(last=False)
            return False
        return now - seen[1] >= self.stale_after_s

    def forget(self, slot: str) -> None:
        self._seen.pop(slot, None)


async def take_slot(
    slots: AsyncCollection[Document], watch: SlotWatch, case_id: str, seq: int, *, at: datetime
) -> str | None:
    """This writer's token when it got slot `seq` of the case, else None."""
    slot = slot_id(case_id, seq)
    try:
        token = _token(0)
        await slots.insert_one({"_id": slot, "token": token, "at": at})
        return token
    except DuplicateKeyError:
        pass
    held = await slots.find_one({"_id": slot}, {"token": 1})
    if held is None:  # released meanwhile: the case has most likely moved past `seq`
        return None
    holder = str(held.get("token", ""))
    if not watch.stale(slot, holder):
        return None
    taken = await slots.delete_one({"_id": slot, "token": held.get("token")})
    if taken.deleted_count != 1:
        return None
    watch.forget(slot)
    token = _token(_takeovers(holder) + 1)
    try:
        await slots.insert_one({"_id": slot, "token": token, "at": at, "took_over": holder})
    except DuplicateKeyError:
        return None  # another taker was first
    return token


async def guarded_update(
    cases: AsyncCollection[Document],
    slots: AsyncCollection[Document],
    watch: SlotWatch,
    *,
    case_id: str,
    seq: int,
    update: Document,
    at: datetime,
) -> bool:
    """Apply `update` if this writer is the one to move the case from `seq`."""
    token = await take_slot(slots, watch, case_id, seq, at=at)
    if token is None:
        return False
    return await update_holding(cases, slots, token, case_id=case_id, seq=seq, update=update)


async def update_holding(
    cases: AsyncCollection[Document],
    slots: AsyncCollection[Document],
    token: str,
    *,
    case_id: str,
    seq: int,
    update: Document,
) -> bool:
    """The update of the writer holding slot `seq` with `token`, checked right before."""
    if await slots.find_one({"_id": slot_id(case_id, seq), "token": token}, {"_id": 1}) is None:
        return False  # fenced: taken over while this writer stalled
    update = {**update, "$set": {**update.get("$set", {}), "write_seq": seq + 1}}
    result = await cases.update_one({"_id": case_id, "write_seq": seq}, update)
    if result.modified_count != 1:
        return False
    # The previous slot can no longer be contended: the case has moved past it.
    await slots.delete_one({"_id": slot_id(case_id, seq - 1)})
    return True
