"""The deadline scan on FerretDB: racing replicas and leases in the real claims collection.

The scan's own behaviour on the fakes: tests/service/cases/test_deadline_scan.py."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest

from services.cases.adapters.mongo_deadline_watch import MongoDeadlineWatch
from services.cases.service_layer.deadlines import DeadlineScan
from services.common.item_retries import FailingItems
from tests.fakes.clock import FakeClock
from tests.infra import SessionInfra
from tests.integration.staff_support import mongo_store_of, staff_world
from tests.service.cases.staff_support import StaffWorld
from tests.unit.cases.packaged_rules import packaged_policy


@pytest.fixture
async def world(infra: SessionInfra) -> AsyncIterator[StaffWorld]:
    async with staff_world(infra) as built:
        yield built


class Replica:
    """One replica's scanner with a clock of its own, set to the moment each scan runs."""

    def __init__(self, world: StaffWorld, owner: str) -> None:
        self.clock = FakeClock()
        self.scan = DeadlineScan(
            store=world.store,
            watch=MongoDeadlineWatch(mongo_store_of(world).db),
            policy=packaged_policy(),
            clock=self.clock,
            owner=owner,
            lease=timedelta(minutes=2),
            failing=FailingItems("test_deadlines", base_s=0, max_s=0),
        )

    async def scan_once(self, at: datetime) -> int:
        self.clock.set(at)
        return await self.scan.scan_once()


def scheduler(world: StaffWorld, owner: str) -> Replica:
    return Replica(world, owner)


async def _deadline(world: StaffWorld, case_id: str) -> datetime:
    document = await mongo_store_of(world).cases.find_one({"_id": case_id})
    assert document is not None and document["deadline_at"] is not None
    deadline: datetime = document["deadline_at"]
    return deadline


async def test_two_racing_schedulers_emit_a_missed_deadline_once(world: StaffWorld) -> None:
    case_id, _ = await world.seed()
    later = await _deadline(world, case_id) + timedelta(days=1)
    a, b = scheduler(world, "replica-a"), scheduler(world, "replica-b")
    emitted = await asyncio.gather(a.scan_once(later), b.scan_once(later))
    assert sorted(emitted) == [0, 1]
    assert await a.scan_once(later) == 0 and await b.scan_once(later + timedelta(hours=12)) == 0
    document = await mongo_store_of(world).cases.find_one({"_id": case_id})
    assert document is not None
    assert document["deadline_state"] == "missed"
    assert (
        await mongo_store_of(world).db["deadline_claims"].count_documents({}) == 0
    )  # leases released
    outbox = [e["type"] for e in document["outbox"]]
    assert outbox.count("case.deadline_missed") == 1
    [entry] = [e for e in document["timeline"] if e["action"] == "deadline_missed"]
    assert entry["trace_id"]


async def test_a_case_claimed_by_a_live_replica_is_left_alone(world: StaffWorld) -> None:
    case_id, _ = await world.seed()
    later = await _deadline(world, case_id) + timedelta(days=1)
    lease = {"_id": case_id, "owner": "replica-x", "until": later + timedelta(minutes=1)}
    await mongo_store_of(world).db["deadline_claims"].insert_one(lease)
    assert await scheduler(world, "replica-a").scan_once(later) == 0
    expired = later + timedelta(minutes=5)  # replica-x died: its lease runs out
    assert await scheduler(world, "replica-a").scan_once(expired) == 1
