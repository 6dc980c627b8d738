"""The cases background loops, per item and supervised: one case that cannot be relayed or
scanned is set back while the others go on, and a relay whose store query fails is
restarted by the supervisor and then relays."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import datetime, timedelta

from schemas import topics
from services.cases.service_layer.deadlines import DeadlineScan
from services.cases.service_layer.outbox_relay import relay_once
from services.cases.service_layer.ports import EVERY_MARK, PendingOutbox, StoredCase
from services.common.item_retries import FailingItems
from services.common.supervised import BackgroundTask, Backoff, Supervisor, TaskState
from tests.fakes.cases.leases import InMemoryLeases
from tests.fakes.cases.store import InMemoryCaseStore
from tests.fakes.cases.watch import InMemoryDeadlineWatch
from tests.fakes.clock import FakeClock
from tests.fakes.events import RecordingPublisher
from tests.service.cases.relay_support import replica
from tests.service.cases.staff_support import StaffWorld, fake_staff_world, token
from tests.unit.cases.packaged_rules import packaged_policy

BAWASLU = token("bawaslu", "18.12", name="Siti Bawaslu")


async def reviewed(world: StaffWorld) -> str:
    """A case whose outbox holds one staff event (`case.status_changed`)."""
    case_id, _ = await world.seed()
    async with world.client() as http:
        response = await http.post(
            f"/v1/cases/{case_id}/transitions",
            json={"expected_version": 1, "command": "start_review"},
            headers=BAWASLU,
        )
    assert response.status_code == 200
    return case_id


async def test_a_poisoned_outbox_is_set_back_and_the_other_cases_are_relayed() -> None:
    world = fake_staff_world(packaged_policy())
    store = world.store
    assert isinstance(store, InMemoryCaseStore)
    poisoned, healthy = await reviewed(world), await reviewed(world)
    store.cases[poisoned]["outbox"][0]["envelope"] = {"not": "an envelope"}
    publisher, failing = RecordingPublisher(), FailingItems("relay_test", base_s=60, max_s=60)
    assert await relay_once(outbox=store, publisher=publisher, failing=failing) == 1
    assert [p.key for p in publisher.on(topics.CASES_EVENTS)] == [healthy]
    assert store.cases[poisoned]["outbox_pending"] and failing.waiting() == 1
    # Within its back-off the poisoned case is not tried again, and nothing is lost.
    assert await relay_once(outbox=store, publisher=publisher, failing=failing) == 0
    assert len(store.cases[poisoned]["outbox"]) == 1


class OneCaseUnreadable(InMemoryCaseStore):
    def __init__(self, broken: set[str]) -> None:
        super().__init__()
        self.broken = broken

    async def get(self, case_id: str) -> StoredCase | None:
        if case_id in self.broken:
            raise ValueError(f"case {case_id} does not decode")
        return await super().get(case_id)


async def test_a_case_the_deadline_scan_fails_on_does_not_stop_the_others() -> None:
    world = fake_staff_world(packaged_policy())
    assert isinstance(world.store, InMemoryCaseStore)
    store = OneCaseUnreadable(set())
    store.__dict__.update({k: v for k, v in world.store.__dict__.items()})
    broken, fine = (await world.seed())[0], (await world.seed())[0]
    store.broken.add(broken)
    failing = FailingItems("deadline_test", base_s=60, max_s=60)
    clock = FakeClock()
    scan = DeadlineScan(
        store=store,
        watch=InMemoryDeadlineWatch(store),
        policy=packaged_policy(),
        clock=clock,
        owner="replica-a",
        lease=timedelta(minutes=2),
        failing=failing,
    )
    clock.set((await world.document(fine))["deadline_at"] + timedelta(minutes=1))
    assert await scan.scan_once() == 1
    assert store.cases[fine]["deadline_state"] == "missed"
    assert store.cases[broken]["deadline_state"] != "missed" and failing.waiting() == 1
    store.broken.clear()
    retried = dataclasses.replace(scan, failing=FailingItems("t", base_s=0, max_s=0))
    assert await retried.scan_once() == 1  # the retry, once the case reads again


class StoreAwayTwice(InMemoryCaseStore):
    """The relay's query itself fails twice (the store is away), then answers."""

    def __init__(self) -> None:
        super().__init__()
        self.failures_left = 2

    async def pending(
        self, limit: int, *, marked_before: datetime = EVERY_MARK
    ) -> list[PendingOutbox]:
        if self.failures_left:
            self.failures_left -= 1
            raise ConnectionError("store away")
        return await super().pending(limit, marked_before=marked_before)


async def test_the_supervisor_restarts_a_crashed_relay_which_then_relays() -> None:
    world = fake_staff_world(packaged_policy())
    assert isinstance(world.store, InMemoryCaseStore)
    store = StoreAwayTwice()
    store.__dict__.update({**world.store.__dict__, "failures_left": 2})
    case_id = await reviewed(world)
    publisher = RecordingPublisher()
    relay = replica(
        "A",
        outbox=store,
        moves_store=store,
        publisher=publisher,
        leases=InMemoryLeases(),
        clock=FakeClock(),
    )
    ready = asyncio.Event()
    ready.set()
    supervisor = Supervisor(
        (BackgroundTask("outbox_relay", lambda: relay.run_forever(ready)),),
        backoff=Backoff(base_s=0.001, max_s=0.01, settle_s=60),
    )
    async with supervisor.running():
        for _ in range(200):
            if publisher.published:
                break
            await asyncio.sleep(0.01)
        health = supervisor.health["outbox_relay"]
        assert health.restarts == 2 and health.state is TaskState.RUNNING
        assert health.last_error == "ConnectionError: store away"
    assert [p.key for p in publisher.on(topics.CASES_EVENTS)] == [case_id]


class SlotHeld(InMemoryCaseStore):
    """The case's write slot is held (a dead writer): clearing the outbox does not happen."""

    async def clear(self, case_id: str, *, version: int) -> bool:
        return False


async def test_an_outbox_that_cannot_be_emptied_is_not_republished_on_every_round() -> None:
    world = fake_staff_world(packaged_policy())
    case_id = await reviewed(world)
    store = SlotHeld()
    store.__dict__.update(world.store.__dict__)
    publisher, failing = RecordingPublisher(), FailingItems("relay_test", base_s=60, max_s=60)
    assert await relay_once(outbox=store, publisher=publisher, failing=failing) == 0
    assert await relay_once(outbox=store, publisher=publisher, failing=failing) == 0
    assert [p.key for p in publisher.on(topics.CASES_EVENTS)] == [case_id]  # once, not twice
    assert failing.waiting() == 1
