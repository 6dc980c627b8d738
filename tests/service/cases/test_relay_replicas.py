"""The outbox relay with two replicas sharing one store and one lease (docs/decisions.md
"The outbox relay with N replicas"): a staff write is published once, by the replica that
wrote it; an orphaned outbox is recovered by exactly one replica, never while fresh; and
when the lease slot ends the other replica takes over."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from schemas import topics
from schemas.envelope import Envelope
from services.cases.entrypoints.background import OutboxRelay
from services.cases.service_layer.outbox_relay import always, relay_cases
from services.common.item_retries import FailingItems
from tests.fakes.cases.leases import InMemoryLeases
from tests.fakes.cases.store import InMemoryCaseStore
from tests.fakes.clock import FakeClock
from tests.fakes.events import RecordingPublisher
from tests.service.cases.relay_support import GRACE, replica
from tests.service.cases.staff_support import StaffWorld, fake_staff_world, token
from tests.unit.cases.packaged_rules import packaged_policy

BAWASLU = token("bawaslu", "18.12", name="Siti Bawaslu")
SECOND = timedelta(seconds=1)


@dataclass
class Replicas:
    world: StaffWorld
    store: InMemoryCaseStore
    clock: FakeClock  # starts at a slot's beginning (09:00:00, slots of 60 s)
    a: OutboxRelay
    b: OutboxRelay
    a_sent: RecordingPublisher
    b_sent: RecordingPublisher
    leases: InMemoryLeases

    def published_by(self) -> dict[str, list[str]]:
        return {
            name: [p.key for p in sent.on(topics.CASES_EVENTS)]
            for name, sent in (("A", self.a_sent), ("B", self.b_sent))
        }

    async def staff_write(self, *, by: OutboxRelay | None) -> str:
        """A case reviewed by staff on `by`'s replica (None: it crashed before relaying)."""
        case_id, _ = await self.world.seed()
        await relay_cases(  # what the seed left pending is not this test's
            await self.store.pending_of([case_id]),
            outbox=self.store,
            publisher=RecordingPublisher(),
            failing=FailingItems("seed", base_s=0, max_s=0),
            keep_going=always,
        )
        self.store.outbox_written = by.written if by else (lambda case_id: None)
        response = await self.world.transition(case_id, 1, headers=BAWASLU, command="start_review")
        assert response.status_code == 200 and self.store.cases[case_id]["outbox_pending"]
        return case_id


def replicas() -> Replicas:
    world = fake_staff_world(packaged_policy())
    store, clock, leases = world.store, FakeClock(), InMemoryLeases()
    assert isinstance(store, InMemoryCaseStore)
    store.now = clock.now
    a_sent, b_sent = RecordingPublisher(), RecordingPublisher()

    def one(name: str, sent: RecordingPublisher) -> OutboxRelay:
        return replica(
            name, outbox=store, moves_store=store, publisher=sent, leases=leases, clock=clock
        )

    a, b = one("A", a_sent), one("B", b_sent)
    return Replicas(world, store, clock, a, b, a_sent, b_sent, leases)


async def test_a_staff_write_on_a_is_published_once_by_a() -> None:
    r = replicas()
    case_id = await r.staff_write(by=r.a)
    assert await r.b.recover() == 0  # B holds the lease, but the mark is fresh
    assert await r.b.relay_mine() == 0  # and B did not write it
    assert await r.a.relay_mine() == 1
    assert await r.a.relay_mine() == 0 and not r.store.cases[case_id]["outbox_pending"]
    r.clock.advance(GRACE + SECOND)
    assert [await r.a.recover(), await r.b.recover()] == [0, 0]
    assert r.published_by() == {"A": [case_id], "B": []}


async def test_an_orphaned_outbox_is_recovered_by_exactly_one_replica_never_while_fresh() -> None:
    r = replicas()
    case_id = await r.staff_write(by=None)  # the writer crashed before publishing
    r.clock.advance(GRACE - SECOND)
    assert [await r.a.recover(), await r.b.recover()] == [0, 0]  # fresh: left alone
    assert r.store.cases[case_id]["outbox_pending"]
    r.clock.advance(2 * SECOND)
    assert [await r.a.recover(), await r.b.recover()] == [1, 0]  # A claimed the slot first
    assert r.published_by() == {"A": [case_id], "B": []}


async def test_a_writer_too_slow_leaves_its_case_to_the_recovery() -> None:
    r = replicas()
    case_id = await r.staff_write(by=r.a)
    r.clock.advance(GRACE / 2 + SECOND)  # past half the grace: no longer A's to publish
    assert await r.a.relay_mine() == 0 and r.a.mine == {}
    r.clock.advance(GRACE / 2)
    assert [await r.b.recover(), await r.a.recover()] == [1, 0]
    assert r.published_by() == {"A": [], "B": [case_id]}


async def test_when_the_lease_slot_ends_the_other_replica_takes_over() -> None:
    r = replicas()
    assert await r.a.recover() == 0 and r.a.lease.held()  # A holds 09:00:00-09:01:00
    case_id = await r.staff_write(by=None)
    r.clock.advance(50 * SECOND)  # orphaned, but A's slot is about to end
    assert not r.a.lease.held()
    assert [await r.a.recover(), await r.b.recover(), await r.b.recover()] == [0, 0, 0]
    assert r.leases.claims == 2  # one each for this slot: neither asks again
    r.clock.advance(11 * SECOND)  # the next slot: B claims it first
    assert [await r.b.recover(), await r.a.recover()] == [1, 0]
    assert r.published_by() == {"A": [], "B": [case_id]}


async def test_the_recoverer_stops_before_the_next_case_when_its_slot_ends() -> None:
    r = replicas()
    first, second = await r.staff_write(by=None), await r.staff_write(by=None)
    r.clock.advance(GRACE + SECOND)
    slow = SlowPublisher(r.clock)
    r.a.publisher = slow
    assert await r.a.recover() == 1  # the slot's end came during the first case
    [by_a] = [p.key for p in slow.on(topics.CASES_EVENTS)]
    r.clock.advance(20 * SECOND)  # B's slot
    assert await r.b.recover() == 1
    assert {by_a, *r.published_by()["B"]} == {first, second} and len(r.b_sent.published) == 1


class SlowPublisher(RecordingPublisher):
    """Each publish takes 25 s of the fake clock (a slow broker)."""

    def __init__(self, clock: FakeClock) -> None:
        super().__init__()
        self.clock = clock

    async def publish(self, envelope: Envelope[Any], *, topic: str, key: str) -> None:
        self.clock.advance(25 * SECOND)
        await super().publish(envelope, topic=topic, key=key)
