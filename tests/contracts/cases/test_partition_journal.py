"""Contract of `PartitionJournal`: deltas and snapshots of partition states, on the fake and
on the Mongo wire (inserts and scans of two small collections)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from services.cases.adapters.mongo_partition_journal import MongoPartitionJournal
from services.cases.service_layer.journal_ports import PartitionJournal, StateDelta, StateSnapshot
from services.cases.service_layer.ports import OpenCase
from tests.contracts.conftest import scratch_database
from tests.fakes.cases.partition_journal import InMemoryPartitionJournal
from tests.infra import SessionInfra


@pytest.fixture
async def journal(real_infra: SessionInfra | None) -> AsyncIterator[PartitionJournal]:
    if real_infra is None:
        yield InMemoryPartitionJournal()
        return
    async with scratch_database(real_infra) as db:
        yield MongoPartitionJournal(db)


def delta(partition: int, first: int, last: int, *cases: OpenCase) -> StateDelta:
    return StateDelta(partition, first, last, {0: first, 1: 7}, list(cases))


A, B = OpenCase("CASE-A", "dk-a", 1), OpenCase("CASE-B", "dk-b", 2)


async def test_nothing_kept_loads_empty_and_has_no_floor(journal: PartitionJournal) -> None:
    assert await journal.load(frozenset({0, 3})) == {0: (None, []), 3: (None, [])}
    assert await journal.closure_floor() is None


async def test_deltas_come_back_in_offset_order_and_once(journal: PartitionJournal) -> None:
    await journal.record([delta(1, 120, 130, B), delta(2, 5, 5, A)])
    await journal.record([delta(1, 9, 119, A), delta(1, 120, 130, A)])  # the second: kept as was
    loaded = await journal.load(frozenset({1}))
    assert loaded == {1: (None, [delta(1, 9, 119, A), delta(1, 120, 130, B)])}
    assert await journal.closure_floor() == {0: 5, 1: 7}


async def test_a_snapshot_replaces_older_ones_and_the_deltas_it_covers(
    journal: PartitionJournal,
) -> None:
    await journal.record([delta(1, 0, 9, A), delta(1, 10, 19, B), delta(4, 0, 3, A)])
    await journal.save(StateSnapshot(1, 5, {0: 2}, [A]))
    await journal.save(StateSnapshot(1, 10, {0: 3, 1: 1}, [A, B]))
    loaded = await journal.load(frozenset({1, 4}))
    assert loaded[1] == (StateSnapshot(1, 10, {0: 3, 1: 1}, [A, B]), [delta(1, 10, 19, B)])
    assert loaded[4] == (None, [delta(4, 0, 3, A)])
    assert await journal.closure_floor() == {0: 0, 1: 1}


async def test_a_large_snapshot_round_trips(journal: PartitionJournal) -> None:
    cases = [OpenCase(f"CASE-{n:06d}", f"dk-{n}", n % 5 + 1) for n in range(20_000)]
    await journal.save(StateSnapshot(0, 123_456, {0: 1, 1: 2, 2: 3}, cases))
    [(snapshot, deltas)] = (await journal.load(frozenset({0}))).values()
    assert snapshot == StateSnapshot(0, 123_456, {0: 1, 1: 2, 2: 3}, cases) and deltas == []
