"""The partition states' journal and the closure feed in memory (`PartitionJournal`,
`ClosureFeed`).

As on the Mongo wire: a delta inserted twice (same partition and extent) keeps its first
copy; saving a snapshot drops the partition's older snapshots and the deltas ending before
it. The feed is told closures by the test (`publish`), as the case events would tell them.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence

from services.cases.service_layer.journal_ports import StateDelta, StateSnapshot


class InMemoryPartitionJournal:
    def __init__(self) -> None:
        self.deltas: dict[tuple[int, int, int], StateDelta] = {}
        self.snapshots: dict[int, list[StateSnapshot]] = {}
        self.fail_save: Exception | None = None

    async def record(self, deltas: Sequence[StateDelta]) -> None:
        for delta in deltas:
            key = (delta.partition, delta.first_offset, delta.last_offset)
            self.deltas.setdefault(key, copy.deepcopy(delta))

    async def save(self, snapshot: StateSnapshot) -> None:
        if self.fail_save is not None:
            raise self.fail_save
        self.snapshots[snapshot.partition] = [copy.deepcopy(snapshot)]
        for key, delta in list(self.deltas.items()):
            if delta.partition == snapshot.partition and delta.last_offset < snapshot.next_offset:
                del self.deltas[key]

    async def load(
        self, partitions: frozenset[int]
    ) -> dict[int, tuple[StateSnapshot | None, list[StateDelta]]]:
        found: dict[int, tuple[StateSnapshot | None, list[StateDelta]]] = {}
        for partition in partitions:
            kept = self.snapshots.get(partition, [])
            deltas = [d for k, d in sorted(self.deltas.items()) if k[0] == partition]
            found[partition] = (copy.deepcopy(kept[-1]) if kept else None, copy.deepcopy(deltas))
        return found

    async def closure_floor(self) -> dict[int, int] | None:
        return self.floor_now()

    def floor_now(self) -> dict[int, int] | None:
        kept = [s[-1].closure_positions for s in self.snapshots.values() if s]
        kept += [d.closure_positions for d in self.deltas.values()]
        if not kept:
            return None
        floor: dict[int, int] = {}
        for positions in kept:
            for partition, offset in positions.items():
                floor[partition] = min(floor.get(partition, offset), offset)
        return floor


class FakeClosureFeed:
    """One case events partition (0); `publish` is a closure reaching the topic, read at
    once by this feed and by the feeds `restarted` from it (read=False: by none of them,
    as when they are all down or behind)."""

    def __init__(self) -> None:
        self.log: list[str] = []  # the closures on the topic, in order
        self.readers: list[FakeClosureFeed] = [self]
        self.start = 0  # where this feed started reading
        self.read = 0  # how far it has read
        self.on_closed: Callable[[str], None] = lambda case_id: None

    def publish(self, case_id: str, *, read: bool = True) -> None:
        self.log.append(case_id)
        if read:
            for feed in self.readers:
                feed.read_all()

    def read_all(self) -> None:
        while self.read < len(self.log):
            self.on_closed(self.log[self.read])
            self.read += 1

    def restarted(self, floor: dict[int, int] | None) -> FakeClosureFeed:
        """A new process's feed over the same topic, starting at `floor` (else the end)."""
        feed = FakeClosureFeed()
        feed.log, feed.readers = self.log, self.readers
        self.readers.append(feed)
        feed.start = feed.read = len(self.log) if floor is None else floor.get(0, 0)
        return feed

    async def caught_up(self) -> None:
        self.read_all()

    def closed_ids(self) -> frozenset[str]:
        return frozenset(self.log[self.start : self.read])

    def positions(self) -> dict[int, int]:
        return {0: self.read}
