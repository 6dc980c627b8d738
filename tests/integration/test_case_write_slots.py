"""Why case writes go through write slots (FerretDB 1.24 loses concurrent conditional
updates), and how a slot left by a dead writer is taken over: judged stale on the
taker's own monotonic clock, fenced by the slot's token."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.cases.adapters.write_slots import (
    STALE_AFTER_S,
    WRITE_SLOTS,
    SlotWatch,
    guarded_update,
    take_slot,
    update_holding,
)
from services.common.mongo import make_client
from tests.infra import SessionInfra


class Ticks:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def watch(ticks: Ticks | None = None) -> SlotWatch:
    return SlotWatch(stale_after_s=STALE_AFTER_S, monotonic=ticks or Ticks())


@pytest.fixture
async def db(infra: SessionInfra) -> AsyncIterator[AsyncDatabase[dict[str, object]]]:
    client = make_client(infra.mongodb_url, write_concern="auto")
    database = client[f"slots_{uuid.uuid4().hex[:8]}"]
    yield database
    await client.drop_database(database.name)
    await client.close()


async def test_racing_guarded_updates_let_exactly_one_through(
    db: AsyncDatabase[dict[str, object]],
) -> None:
    for trial in range(10):
        case_id = f"CASE-{trial}"
        await db["cases"].insert_one({"_id": case_id, "write_seq": 0, "n": 0})
        results = await asyncio.gather(
            *(
                guarded_update(
                    db["cases"],
                    db["slots"],
                    watch(),
                    case_id=case_id,
                    seq=0,
                    update={"$inc": {"n": 1}},
                    at=datetime.now(UTC),
                )
                for _ in range(4)
            )
        )
        document = await db["cases"].find_one({"_id": case_id})
        assert document is not None
        assert sum(results) == 1 and document["n"] == 1 and document["write_seq"] == 1


async def test_a_stale_slot_of_a_dead_writer_is_taken_over_by_what_the_taker_saw(
    db: AsyncDatabase[dict[str, object]],
) -> None:
    """The dead writer's slot says it was taken at a time far in the future (a host with a
    wrong clock): only how long the taker itself saw it held decides."""
    await db["cases"].insert_one({"_id": "CASE-S", "write_seq": 0})
    future = datetime.now(UTC) + timedelta(days=365)
    await db["slots"].insert_one({"_id": "CASE-S#0", "token": "0:dead", "at": future})
    ticks, update = Ticks(), {"$set": {"x": 1}}
    taker = watch(ticks)

    async def write() -> bool:
        return await guarded_update(
            db["cases"], db["slots"], taker, case_id="CASE-S", seq=0, update=update, at=future
        )

    assert not await write()  # first sight of the holder: not stale yet
    ticks.now += STALE_AFTER_S - 1
    assert not await write()
    ticks.now += 1
    assert await write()
    case = await db["cases"].find_one({"_id": "CASE-S"})
    assert case is not None and case["x"] == 1 and case["write_seq"] == 1


async def test_a_writer_that_stalled_past_a_takeover_is_fenced_off(
    db: AsyncDatabase[dict[str, object]],
) -> None:
    await db["cases"].insert_one({"_id": "CASE-F", "write_seq": 0})
    now = datetime.now(UTC)
    stalled = await take_slot(db["slots"], watch(), "CASE-F", 0, at=now)
    assert stalled is not None and stalled.startswith("0:")
    ticks = Ticks()
    taker = watch(ticks)
    assert await take_slot(db["slots"], taker, "CASE-F", 0, at=now) is None
    ticks.now += STALE_AFTER_S
    took = await take_slot(db["slots"], taker, "CASE-F", 0, at=now)
    assert took is not None and took.startswith("1:")  # the takeover counter moved on
    # The stalled writer wakes: its fence check finds another token, so it writes nothing.
    slot = await db["slots"].find_one({"_id": "CASE-F#0"})
    assert slot is not None and slot["token"] == took and slot["took_over"] == stalled
    late = {"$set": {"late": True}}
    assert not await update_holding(
        db["cases"], db["slots"], stalled, case_id="CASE-F", seq=0, update=late
    )
    assert await update_holding(db["cases"], db["slots"], took, case_id="CASE-F", seq=0, update={})
    case = await db["cases"].find_one({"_id": "CASE-F"})
    assert case is not None and "late" not in case and case["write_seq"] == 1


async def test_slots_do_not_pile_up_as_a_case_is_written(infra: SessionInfra) -> None:
    client = make_client(infra.mongodb_url, write_concern="auto")
    db = client[f"slots_{uuid.uuid4().hex[:8]}"]
    try:
        await db["cases"].insert_one({"_id": "C1", "write_seq": 0, "n": 0})
        for seq in range(5):
            assert await guarded_update(
                db["cases"],
                db[WRITE_SLOTS],
                watch(),
                case_id="C1",
                seq=seq,
                update={"$inc": {"n": 1}},
                at=datetime.now(UTC),
            )
        assert await db[WRITE_SLOTS].count_documents({}) == 1
        case = await db["cases"].find_one({"_id": "C1"})
        assert case is not None and case["n"] == 5 and case["write_seq"] == 5
    finally:
        await client.drop_database(db.name)
        await client.close()
