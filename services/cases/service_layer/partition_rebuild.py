"""A partition's state rebuilt on assignment from small things, never from the cases.

The owner's state (dedup key -> open case and its report count) changes in two ways only:
a batch of the triaged topic (absolute values: `Plan.changes`) and a closure (the case
events tell it). So it is kept as:

- a **delta** per batch and partition (`StateDelta`, records first..last), inserted after
  the batch's cases and links and before its events and its offsets are committed;
- a **snapshot** per partition (`StateSnapshot`), saved after a rebuild, every
  `snapshot_every` batches and on revocation; saving it drops the older snapshots and the
  deltas it covers (both are small collections, so their scans are cheap even on FerretDB);
- the **closures** read by the `ClosureFeed`, from the lowest closure position any kept
  snapshot or delta was written with: every closure that state may not know.

Rebuilding = the latest snapshot, every delta reaching past it in (first, last) order (a
batch that failed after its delta and was read again as other batches leaves an overlapping
delta: its values are the same, the filings pin every decision), then every closure read.
A partition without a snapshot (a store from before the journal) is read once from the
cases (`OpenCases`, the slow scan) and saved at once.

A reopened case is not taken back into the state (a new duplicate opens a new case).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from services.cases.service_layer.journal_ports import (
    ClosureFeed,
    PartitionJournal,
    StateDelta,
    StateSnapshot,
)
from services.cases.service_layer.partition_state import PartitionStates
from services.cases.service_layer.ports import OpenCase, OpenCases
from services.common.logging import get_logger

log = get_logger(__name__)


async def rebuild(
    partitions: frozenset[int],
    *,
    journal: PartitionJournal,
    closures: ClosureFeed,
    open_cases: OpenCases,
    states: PartitionStates,
) -> None:
    """Assign these partitions to `states`, each rebuilt and saved again."""
    await closures.caught_up()  # the feed is positioned before anything is read
    loaded = await journal.load(partitions)
    legacy = frozenset(p for p in partitions if loaded.get(p, (None, []))[0] is None)
    scanned = await open_cases.open_cases(legacy) if legacy else {}
    await closures.caught_up()
    closed, positions = closures.closed_ids(), closures.positions()  # one moment
    for partition in sorted(partitions):
        snapshot, deltas = loaded.get(partition, (None, []))
        if snapshot is None:  # the scan already holds what every kept delta wrote
            after = max((d.last_offset + 1 for d in deltas), default=0)
            states.assign(partition, scanned.get(partition, []), after)
        else:
            states.assign(partition, snapshot.cases, snapshot.next_offset)
            replay(states, partition, [d for d in deltas if d.last_offset >= snapshot.next_offset])
    for case_id in closed:
        states.closed(case_id)
    for partition in sorted(partitions):
        await save(journal, states, partition, positions)
    log.info("partition_states_rebuilt", partitions=sorted(partitions), scanned=sorted(legacy))


def replay(states: PartitionStates, partition: int, deltas: list[StateDelta]) -> None:
    for delta in sorted(deltas, key=lambda d: (d.first_offset, d.last_offset)):
        for case in delta.cases:
            states.remember(partition, case)
        states.advance({partition: (delta.first_offset, delta.last_offset)})


def deltas_of(
    changes: Mapping[tuple[int, str], OpenCase],
    spans: Mapping[int, tuple[int, int]],
    positions: dict[int, int],
) -> list[StateDelta]:
    """One delta per partition a batch changed (a batch of redeliveries changes none)."""
    by_partition: dict[int, list[OpenCase]] = {}
    for (partition, _), case in changes.items():
        by_partition.setdefault(partition, []).append(case)
    return [
        StateDelta(partition, *spans[partition], positions, cases)
        for partition, cases in sorted(by_partition.items())
    ]


async def save(
    journal: PartitionJournal,
    states: PartitionStates,
    partition: int,
    positions: dict[int, int],
) -> None:
    """Save the partition's state now; a failure is logged (the deltas still hold it)."""
    if partition in states.owned():
        snapshot = _snapshot_of(states, partition, positions)
        states.saved(partition)
        await _saved(journal, snapshot)


class SnapshotSaver:
    """Saves the hot path's periodic snapshots beside it, not in it: the batch goes on while
    a snapshot of thousands of cases is written (one at a time per partition)."""

    def __init__(self, journal: PartitionJournal) -> None:
        self.journal = journal
        self._pending: dict[int, asyncio.Task[None]] = {}

    def save_later(
        self, states: PartitionStates, partition: int, positions: dict[int, int]
    ) -> None:
        running = self._pending.get(partition)
        if running is not None and not running.done():
            return  # the next batch asks again
        snapshot = _snapshot_of(states, partition, positions)  # the state as of this batch
        states.saved(partition)
        self._pending[partition] = asyncio.create_task(_saved(self.journal, snapshot))

    async def settled(self) -> None:
        """Wait for the snapshots being written."""
        pending, self._pending = list(self._pending.values()), {}
        await asyncio.gather(*pending)


def _snapshot_of(
    states: PartitionStates, partition: int, positions: dict[int, int]
) -> StateSnapshot:
    return StateSnapshot(
        partition, states.next_offset(partition), dict(positions), states.cases(partition)
    )


async def _saved(journal: PartitionJournal, snapshot: StateSnapshot) -> None:
    try:
        await journal.save(snapshot)
    except Exception:
        log.exception("partition_snapshot_failed", partition=snapshot.partition)
