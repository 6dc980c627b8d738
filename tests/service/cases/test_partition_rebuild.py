"""A partition's state rebuilt from its snapshot, its deltas and the closures, on the fakes:
the same state the live owner had, without reading the cases (but once, for a store that
has no snapshot yet), across snapshots, failed batches, closures and revocations."""

from __future__ import annotations

import pytest

from services.cases.service_layer.filing import TriagedFiling
from tests.service.cases.staff_support import SNAPSHOT_EVERY
from tests.service.cases.test_filing import World, triaged


def state(filing: TriagedFiling, partition: int) -> list[tuple[str, str, int]]:
    return sorted((c.dedup_key, c.case_id, c.reports) for c in filing.states.cases(partition))


async def a_busy_partition(world: World, batches: int) -> None:
    """Batches on partition 1: new incidents, duplicates of earlier ones, a closure."""
    for b in range(batches):
        batch = [triaged(f"RPT-{b:02d}{n:02d}", f"dk-{(b * 3 + n) % 7}", 1) for n in range(3)]
        held = await world.filing.file(batch)
        if b == 2:
            world.topic.publish(held[batch[0].triaged.report.report_id])


async def test_a_rebuilt_state_is_the_owners_and_reads_no_case() -> None:
    world = World()
    await a_busy_partition(world, 2 * SNAPSHOT_EVERY + 2)  # crosses two snapshots
    await world.filing.snapshots.settled()  # written beside the hot path
    live = state(world.filing, 1)
    scans = world.log.scans
    replica = world.fresh_replica()
    await replica.assigned(frozenset({1}))
    assert state(replica, 1) == live and live
    assert world.log.scans == scans  # snapshot and deltas only
    assert len(world.journal.deltas) < SNAPSHOT_EVERY  # the snapshot dropped older ones


async def test_the_next_owner_goes_on_where_the_last_one_stopped() -> None:
    world = World()
    first = await world.filing.file([triaged("RPT-0001", "dk-a", 1)])
    replica = world.fresh_replica()
    await world.filing.revoked(frozenset({1}))
    await replica.assigned(frozenset({1}))
    held = await replica.file([triaged("RPT-0002", "dk-a", 1)])
    assert held["RPT-0002"] == first["RPT-0001"] and len(world.store.cases) == 1
    assert state(replica, 1)[0][2] == 2


async def test_a_closure_published_after_the_snapshot_reaches_the_next_owner() -> None:
    world = World()
    held = await world.filing.file([triaged("RPT-0001", "dk-a", 1)])
    await world.filing.revoked(frozenset({1}))  # saved, with the feed's position
    world.topic.publish(held["RPT-0001"], read=False)  # nobody reading
    replica = world.fresh_replica()
    await replica.assigned(frozenset({1}))
    again = await replica.file([triaged("RPT-0002", "dk-a", 1)])
    assert again["RPT-0002"] != held["RPT-0001"] and len(world.store.cases) == 2


async def test_a_batch_that_failed_after_its_delta_leaves_the_state_right() -> None:
    world = World()
    first = [triaged("RPT-0001", "dk-a", 1), triaged("RPT-0002", "dk-b", 1)]
    third = triaged("RPT-0003", "dk-a", 1)
    world.published.fail_with = ConnectionError("Kafka went away")  # after the delta
    with pytest.raises(ConnectionError):
        await world.filing.file([*first, third])
    await world.filing.file(first)  # read again, as two batches
    await world.filing.file([third])
    held = await world.filing.file([triaged("RPT-0004", "dk-a", 1)])
    live = state(world.filing, 1)
    replica = world.fresh_replica()
    await replica.assigned(frozenset({1}))
    assert state(replica, 1) == live
    opened = world.store.filings["RPT-0001"]["case_id"]
    assert held["RPT-0004"] == opened and ("dk-a", opened, 3) in live


async def test_a_store_without_snapshots_is_read_once_then_kept() -> None:
    world = World()
    await world.filing.file([triaged("RPT-0001", "dk-a", 2)])
    world.journal.deltas.clear()
    world.journal.snapshots.clear()  # as a store from before the journal
    replica = world.fresh_replica()
    scans = world.log.scans
    await replica.assigned(frozenset({2}))
    assert world.log.scans == scans + 1 and state(replica, 2)[0][0] == "dk-a"
    await world.fresh_replica().assigned(frozenset({2}))
    assert world.log.scans == scans + 1


async def test_a_failed_snapshot_leaves_the_batch_done_and_the_deltas_kept() -> None:
    world = World()
    world.journal.fail_save = ConnectionError("store went away")
    await a_busy_partition(world, SNAPSHOT_EVERY + 1)
    await world.filing.snapshots.settled()  # failed, and said so
    live = state(world.filing, 1)
    world.journal.fail_save = None
    replica = world.fresh_replica()
    await replica.assigned(frozenset({1}))
    assert state(replica, 1) == live


async def test_a_batch_that_failed_before_its_delta_is_put_back_by_its_redelivery() -> None:
    world = World()
    batch = [triaged("RPT-0001", "dk-a", 1), triaged("RPT-0002", "dk-a", 1)]
    world.log.fail_next["case_links"] = ConnectionError("store went away")  # filings written
    with pytest.raises(ConnectionError):
        await world.filing.file(batch)
    await world.filing.file(batch)  # every report known: the state learns them all the same
    held = await world.filing.file([triaged("RPT-0003", "dk-a", 1)])
    opened = world.store.filings["RPT-0001"]["case_id"]
    assert held["RPT-0003"] == opened and state(world.filing, 1) == [("dk-a", opened, 3)]
    replica = world.fresh_replica()
    await replica.assigned(frozenset({1}))
    assert state(replica, 1) == state(world.filing, 1)
