"""The deadline scan on the in-memory store: once per deadline, approaching then missed.

The races between replicas on the real lease collection: tests/integration/test_deadline_scheduler.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from services.cases.service_layer.deadlines import DeadlineScan
from services.common.item_retries import FailingItems
from tests.fakes.cases.store import InMemoryCaseStore
from tests.fakes.cases.watch import InMemoryDeadlineWatch
from tests.fakes.clock import FakeClock
from tests.service.cases.staff_support import StaffWorld, fake_staff_world
from tests.unit.cases.packaged_rules import packaged_policy


class Replica:
    def __init__(self, world: StaffWorld, watch: InMemoryDeadlineWatch, owner: str) -> None:
        self.clock = FakeClock()
        self.scan = DeadlineScan(
            store=world.store,
            watch=watch,
            policy=packaged_policy(),
            clock=self.clock,
            owner=owner,
            lease=timedelta(minutes=2),
            failing=FailingItems("test_deadlines", base_s=0, max_s=0),
        )

    async def scan_once(self, at: datetime) -> int:
        self.clock.set(at)
        return await self.scan.scan_once()


async def seeded() -> tuple[StaffWorld, InMemoryDeadlineWatch, str, datetime]:
    world = fake_staff_world(packaged_policy())
    assert isinstance(world.store, InMemoryCaseStore)
    case_id, _ = await world.seed()
    deadline = (await world.document(case_id))["deadline_at"]
    return world, InMemoryDeadlineWatch(world.store), case_id, deadline


async def test_approaching_then_missed_each_once() -> None:
    world, watch, case_id, deadline = await seeded()
    replica = Replica(world, watch, "replica-a")
    assert await replica.scan_once(deadline - timedelta(hours=2)) == 1
    assert await replica.scan_once(deadline - timedelta(hours=1)) == 0
    assert await replica.scan_once(deadline + timedelta(minutes=1)) == 1
    assert await replica.scan_once(deadline + timedelta(hours=12)) == 0
    document = await world.document(case_id)
    types = [e["type"] for e in document["outbox"]]
    assert types == ["case.deadline_approaching", "case.deadline_missed"]
    assert document["deadline_state"] == "missed" and watch.leases == {}
    [entry] = [e for e in document["timeline"] if e["action"] == "deadline_missed"]
    assert entry["trace_id"]


async def test_a_case_claimed_by_a_live_replica_is_left_alone() -> None:
    world, watch, case_id, deadline = await seeded()
    later = deadline + timedelta(days=1)
    watch.leases[case_id] = ("replica-x", later + timedelta(minutes=1))
    assert await Replica(world, watch, "replica-a").scan_once(later) == 0
    expired = later + timedelta(minutes=5)  # replica-x died: its lease runs out
    assert await Replica(world, watch, "replica-a").scan_once(expired) == 1


async def test_far_deadlines_and_closed_cases_are_not_touched() -> None:
    world, watch, case_id, deadline = await seeded()
    assert await Replica(world, watch, "replica-a").scan_once(deadline - timedelta(days=2)) == 0
    assert (await world.document(case_id))["version"] == 1


async def test_a_missed_deadline_is_announced_again_each_interval_until_acted_on() -> None:
    world, watch, case_id, deadline = await seeded()
    replica = Replica(world, watch, "replica-a")
    assert await replica.scan_once(deadline + timedelta(minutes=1)) == 1
    assert await replica.scan_once(deadline + timedelta(hours=23)) == 0
    assert await replica.scan_once(deadline + timedelta(hours=25)) == 1  # every 24 h
    assert await replica.scan_once(deadline + timedelta(hours=30)) == 0
    assert await replica.scan_once(deadline + timedelta(hours=50)) == 1
    document = await world.document(case_id)
    missed = [e for e in document["outbox"] if e["type"] == "case.deadline_missed"]
    assert [e["envelope"]["data"]["reminder"] for e in missed] == [0, 1, 2]
    assert len({e["id"] for e in missed}) == 3  # each repeat is its own event: told once each
