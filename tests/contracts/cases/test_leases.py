"""Contract of what the outbox relay with N replicas relies on, fake and real:
`Leases` (the first claim of a slot holds it, insert-only; old claims dropped) and the
store's two reads of pending outboxes, the writer's (`pending_of`) and the recovery's
(`pending(marked_before=...)`: never a case whose newest mark is fresher, not even on the
first pass that also sweeps unmarked cases)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from services.cases.adapters.mongo_leases import MongoLeases
from services.cases.service_layer.ports import Leases
from services.common.clock import SystemClock
from tests.contracts.cases.conftest import Stores, a_case, a_record, an_entry
from tests.contracts.conftest import scratch_database
from tests.fakes.cases.leases import InMemoryLeases
from tests.fakes.cases.store import InMemoryCaseStore
from tests.infra import SessionInfra

CLOCK = SystemClock()


@pytest.fixture
async def leases(real_infra: SessionInfra | None) -> AsyncIterator[Leases]:
    if real_infra is None:
        yield InMemoryLeases()
        return
    async with scratch_database(real_infra) as db:
        yield MongoLeases(db, clock=CLOCK)


async def test_the_first_claim_of_a_slot_holds_it_and_every_later_claim_is_refused(
    leases: Leases,
) -> None:
    port = leases
    assert await port.claim("recovery", 7, holder="A") is True
    assert await port.claim("recovery", 7, holder="B") is False
    assert await port.claim("recovery", 7, holder="A") is False  # not twice, even by A
    assert await port.claim("recovery", 8, holder="B") is True  # the next slot is free
    assert await port.claim("other", 7, holder="B") is True  # per name


async def test_dropped_slots_can_be_claimed_again_and_later_ones_stay(
    leases: Leases,
) -> None:
    port = leases
    for slot in (1, 2, 3):
        assert await port.claim("recovery", slot, holder="A")
    assert await port.claim("other", 1, holder="A")
    await port.drop_before("recovery", 3)
    assert await port.claim("recovery", 3, holder="B") is False  # kept
    assert await port.claim("other", 1, holder="B") is False  # another name: kept
    assert await port.claim("recovery", 2, holder="B") is True  # dropped, so free again


async def test_recovery_reads_only_cases_marked_before_the_grace(world: Stores) -> None:
    if isinstance(world.store, InMemoryCaseStore):
        world.store.now = CLOCK.now  # date the fake's marks as the real store does
    case = a_case()
    await world.store.insert_case(case, record=a_record(), outbox=[an_entry(1)])
    before = CLOCK.now() - timedelta(minutes=5)
    assert await world.outbox.pending(50, marked_before=before) == []  # first, sweeping pass
    assert await world.outbox.pending(50, marked_before=before) == []  # and the marked ones
    after = CLOCK.now() + timedelta(seconds=1)
    [found] = await world.outbox.pending(50, marked_before=after)
    assert (found.case_id, found.entries) == (case.case_id, [an_entry(1)])


async def test_the_writer_reads_only_its_cases_with_entries(world: Stores) -> None:
    mine, other, empty = a_case("CASE-1"), a_case("CASE-2"), a_case("CASE-3")
    await world.store.insert_case(mine, record=a_record(), outbox=[an_entry(1)])
    await world.store.insert_case(other, record=a_record(), outbox=[an_entry(2)])
    await world.store.insert_case(empty, record=a_record(), outbox=[])
    assert await world.outbox.pending_of([]) == []
    [found] = await world.outbox.pending_of(["CASE-1", "CASE-3", "CASE-9"])
    assert (found.case_id, found.version, found.entries) == ("CASE-1", 1, [an_entry(1)])
