"""The hot path's memory: per partition of the triaged topic, dedup key -> open case.

The topic is keyed by dedup key, so every report of one incident reaches one partition and
one consumer: that consumer alone decides whether a report opens a case or joins one, from
memory, without reading the store. The state of a partition is rebuilt when it is assigned
(`partition_rebuild`: its snapshot and deltas, then the closures) and dropped when it is
revoked. Beside the cases it keeps the partition's next offset (every record before it is
in the state) and how many batches changed it since its last snapshot.

Closures are made by staff on any replica; they reach the owner as the `case.status_changed`
events the cases service publishes (and, on the replica that wrote them, at once): the
owner forgets the key, so the next report of that incident opens a new case. Until the
closure arrives, a duplicate still joins the closed case (docs/decisions.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from services.cases.service_layer.ports import OpenCase


class PartitionStates:
    def __init__(self) -> None:
        self._open: dict[int, dict[str, OpenCase]] = {}
        self._where: dict[str, tuple[int, str]] = {}  # case id -> (partition, dedup key)
        self._next: dict[int, int] = {}  # partition -> next offset
        self._unsaved: dict[int, int] = {}  # partition -> batches since its snapshot
        self._closed: set[str] = set()  # every closure told, kept while the process lives

    def owned(self) -> frozenset[int]:
        return frozenset(self._open)

    def assign(self, partition: int, cases: Iterable[OpenCase], next_offset: int) -> None:
        """Where several open cases share a dedup key (a full case and its overflow), the
        one with the fewest reports takes the key's next reports."""
        self.revoke([partition])
        self._open[partition] = {}
        self._next[partition] = next_offset
        self._unsaved[partition] = 0
        for case in sorted(cases, key=lambda c: c.reports, reverse=True):
            self.remember(partition, case)

    def revoke(self, partitions: Iterable[int]) -> None:
        for partition in partitions:
            for case in self._open.pop(partition, {}).values():
                self._where.pop(case.case_id, None)
            self._next.pop(partition, None)
            self._unsaved.pop(partition, None)

    def cases(self, partition: int) -> list[OpenCase]:
        return list(self._open.get(partition, {}).values())

    def next_offset(self, partition: int) -> int:
        return self._next.get(partition, 0)

    def unsaved(self, partition: int) -> int:
        """Batches applied to the partition since its state was last saved."""
        return self._unsaved.get(partition, 0)

    def saved(self, partition: int) -> None:
        if partition in self._unsaved:
            self._unsaved[partition] = 0

    def advance(self, spans: Mapping[int, tuple[int, int]]) -> None:
        """A batch of these partitions (first, last offset) is applied."""
        for partition, (_, last) in spans.items():
            if partition in self._open:
                self._next[partition] = max(self._next[partition], last + 1)
                self._unsaved[partition] += 1

    def open_case(self, partition: int, dedup_key: str) -> OpenCase | None:
        return self._open.get(partition, {}).get(dedup_key)

    def remember(self, partition: int, case: OpenCase) -> None:
        cases = self._open.setdefault(partition, {})
        previous = cases.get(case.dedup_key)
        if previous is not None and previous.case_id != case.case_id:
            self._where.pop(previous.case_id, None)
        cases[case.dedup_key] = case
        self._where[case.case_id] = (partition, case.dedup_key)

    def apply(self, changes: Mapping[tuple[int, str], OpenCase]) -> None:
        """What a batch decided, once its writes and events are durable."""
        for (partition, _), case in changes.items():
            if partition in self._open:
                self.remember(partition, case)

    def was_closed(self, case_id: str) -> bool:
        return case_id in self._closed

    def closed(self, case_id: str) -> None:
        """The case reached a terminal status: its dedup key opens a new case from now on."""
        self._closed.add(case_id)
        where = self._where.pop(case_id, None)
        if where is None:
            return
        partition, dedup_key = where
        cases = self._open.get(partition, {})
        if (found := cases.get(dedup_key)) is not None and found.case_id == case_id:
            del cases[dedup_key]
