"""Why case writes go through write slots: FerretDB 1.24 loses concurrent conditional updates."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.cases.adapters.write_slots import WRITE_SLOTS, guarded_update
from services.common.mongo import make_client
from tests.infra import SessionInfra


@pytest.fixture
async def db(infra: SessionInfra) -> AsyncIterator[AsyncDatabase[dict[str, object]]]:
    client = make_client(infra.mongodb_url)
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
                    case_id=case_id,
                    seq=0,
                    update={"$inc": {"n": 1}},
                    now=datetime.now(UTC),
                )
                for _ in range(4)
            )
        )
        document = await db["cases"].find_one({"_id": case_id})
        assert document is not None
        assert sum(results) == 1 and document["n"] == 1 and document["write_seq"] == 1


async def test_a_stale_slot_of_a_dead_writer_is_taken_over(
    db: AsyncDatabase[dict[str, object]],
) -> None:
    await db["cases"].insert_one({"_id": "CASE-S", "write_seq": 0})
    dead = datetime.now(UTC) - timedelta(minutes=5)
    await db["slots"].insert_one({"_id": "CASE-S#0", "at": dead})
    update = {"$set": {"x": 1}}
    assert await guarded_update(
        db["cases"], db["slots"], case_id="CASE-S", seq=0, update=update, now=datetime.now(UTC)
    )
    await db["slots"].insert_one({"_id": "CASE-S#1", "at": datetime.now(UTC)})
    assert not await guarded_update(
        db["cases"], db["slots"], case_id="CASE-S", seq=1, update=update, now=datetime.now(UTC)
    )


async def test_slots_do_not_pile_up_as_a_case_is_written(infra: SessionInfra) -> None:
    client = make_client(infra.mongodb_url)
    db = client[f"slots_{uuid.uuid4().hex[:8]}"]
    try:
        await db["cases"].insert_one({"_id": "C1", "write_seq": 0, "n": 0})
        for seq in range(5):
            assert await guarded_update(
                db["cases"],
                db[WRITE_SLOTS],
                case_id="C1",
                seq=seq,
                update={"$inc": {"n": 1}},
                now=datetime.now(UTC),
            )
        assert await db[WRITE_SLOTS].count_documents({}) == 1
        case = await db["cases"].find_one({"_id": "C1"})
        assert case is not None and case["n"] == 5 and case["write_seq"] == 5
    finally:
        await client.drop_database(db.name)
        await client.close()
