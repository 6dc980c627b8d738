"""The ports of the partition state's journal (`partition_rebuild`): where a partition's
open cases are kept small (a snapshot plus the deltas after it) and the closures that
reach it from the case events. Fakes: tests/fakes/cases/partition_journal.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from services.cases.service_layer.ports import OpenCase


@dataclass(frozen=True)
class StateDelta:
    """What one batch changed in one partition's state (records first..last of it), and
    how far the closure feed had read when it was decided."""

    partition: int
    first_offset: int
    last_offset: int
    closure_positions: dict[int, int]
    cases: list[OpenCase]


@dataclass(frozen=True)
class StateSnapshot:
    """A partition's whole state, as of every record before `next_offset` and every
    closure before `closure_positions` (case events partition -> offset)."""

    partition: int
    next_offset: int
    closure_positions: dict[int, int]
    cases: list[OpenCase]


class PartitionJournal(Protocol):
    """Where partition states are kept small: a snapshot plus the deltas after it."""

    async def record(self, deltas: Sequence[StateDelta]) -> None:
        """Insert the batch's deltas (one written before is left as it is)."""
        ...

    async def save(self, snapshot: StateSnapshot) -> None:
        """Insert the snapshot, then drop what it makes obsolete (older ones, deltas)."""
        ...

    async def load(
        self, partitions: frozenset[int]
    ) -> dict[int, tuple[StateSnapshot | None, list[StateDelta]]]:
        """Per partition: its latest snapshot and every delta still kept, in order."""
        ...

    async def closure_floor(self) -> dict[int, int] | None:
        """Per case events partition, the lowest position among the latest snapshots
        (None: no snapshot at all); closures from there on rebuild every state."""
        ...


class ClosureFeed(Protocol):
    """Cases that reached a terminal status, as the case events tell them."""

    async def caught_up(self) -> None:
        """Wait until every closure published before this call has been read."""
        ...

    def closed_ids(self) -> frozenset[str]:
        """Every closure read so far (since the journal's closure floor)."""
        ...

    def positions(self) -> dict[int, int]:
        """How far it has read, per case events partition."""
        ...
