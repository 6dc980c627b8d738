"""Partitions of a batch subscriber: the rebalance gate, rewinding and committing.

aiokafka's group protocol is eager: a rebalance revokes the member's whole assignment
(`on_partitions_revoked` with every partition it held) and then assigns the new whole
(`on_partitions_assigned` with every partition it now holds), so the hooks receive full
sets, never differences. A partition kept across a rebalance is revoked and assigned
again: state held per partition is dropped and rebuilt, which is what keeps it right
when this member was briefly out of the group and another one owned the partition.

aiokafka sets the new assignment before it calls the listener, and the consume loop
runs beside the coordinator, so records of a new partition could be fetched before
`on_assigned` finished. The gate closes that window: hooks and batches take the same
lock, and a batch holding a record of a partition whose `on_assigned` has not completed
(or that was revoked meanwhile) is not handled (`stale`), it is read again later.

aiokafka awaits the listener inside the rebalance with its heartbeat task stopped, so a
listener that takes longer than the session timeout (10 s) gets the member expelled: it
rejoins, is assigned again, rebuilds again, and is expelled again, for ever (seen at
100,000 open cases on a loaded machine: a 15-18 s rebuild, 49 rebalances in 12 minutes).
So `on_assigned` runs in a task of its own and the listener returns at once; batches of
those partitions stay `stale` until the task has finished, and a revocation cancels a
task still running before it calls `on_revoked`.

Done offsets are committed at the gate's pace (services/common/offset_commits.py); the
revocation commits what waits, under the lock, before `on_revoked`.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, ConsumerRecord, TopicPartition

from services.common.logging import get_logger
from services.common.offset_commits import OffsetCommits

log = get_logger(__name__)

PartitionsHook = Callable[[frozenset[int]], Awaitable[None]]


class PartitionGate(ConsumerRebalanceListener):  # type: ignore[misc]  # aiokafka is untyped
    def __init__(
        self,
        topic: str,
        *,
        on_assigned: PartitionsHook | None,
        on_revoked: PartitionsHook | None,
        retry_backoff_s: float,
        commit_interval_s: float,
    ) -> None:
        self.topic = topic
        self.retry_backoff_s = retry_backoff_s
        self.on_assigned = on_assigned
        self.on_revoked = on_revoked
        self.lock = asyncio.Lock()
        self.commits = OffsetCommits(commit_interval_s, self.lock)
        self.ready: frozenset[int] = frozenset()
        self._assigning: asyncio.Task[None] | None = None

    def _of_topic(self, topic_partitions: Iterable[Any]) -> frozenset[int]:
        return frozenset(tp.partition for tp in topic_partitions if tp.topic == self.topic)

    async def on_partitions_revoked(self, revoked: Iterable[Any]) -> None:
        partitions = self._of_topic(revoked)
        await self._cancel_assigning()
        async with self.lock:  # waits for the batch in hand: it finishes and commits first
            self.ready = frozenset()
            await self.commits.flush()  # what is done is committed before the partitions go
            if self.on_revoked is not None and partitions:
                try:
                    await self.on_revoked(partitions)
                except Exception:  # the partitions are gone either way; say so and go on
                    log.exception("on_revoked_failed", topic=self.topic)
        log.info("partitions_revoked", topic=self.topic, partitions=sorted(partitions))

    async def on_partitions_assigned(self, assigned: Iterable[Any]) -> None:
        partitions = self._of_topic(assigned)
        await self._cancel_assigning()  # eager protocol: a revocation came first, but be sure
        self._assigning = asyncio.create_task(self._assign(partitions))

    async def _assign(self, partitions: frozenset[int]) -> None:
        async with self.lock:
            if self.on_assigned is not None and partitions:
                await self._until_assigned(self.on_assigned, partitions)
            self.ready = partitions
        log.info("partitions_assigned", topic=self.topic, partitions=sorted(partitions))

    async def _cancel_assigning(self) -> None:
        task, self._assigning = self._assigning, None
        if task is None or task.done():
            return
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        log.info("partitions_assignment_cancelled", topic=self.topic)

    async def _until_assigned(self, hook: PartitionsHook, partitions: frozenset[int]) -> None:
        # aiokafka would log and swallow the exception, leaving partitions no batch may use;
        # the hook's work (e.g. loading state from the store) is retried until it succeeds.
        while True:
            try:
                await hook(partitions)
                return
            except Exception:
                log.exception("on_assigned_failed_will_retry", topic=self.topic)
                await asyncio.sleep(self.retry_backoff_s)

    def stale(self, partitions: Iterable[int]) -> frozenset[int]:
        """The partitions, among these, whose batches may not be handled now."""
        return frozenset(partitions) - self.ready


def rewind(kafka: AIOKafkaConsumer, records: Sequence[ConsumerRecord[Any, Any]]) -> None:
    """Seek each partition still assigned back to the batch's first record of it."""
    assigned = kafka.assignment()
    earliest: dict[TopicPartition, int] = {}
    for record in records:
        tp = TopicPartition(record.topic, record.partition)
        earliest[tp] = min(earliest.get(tp, record.offset), record.offset)
    for tp, offset in earliest.items():
        if tp in assigned:
            kafka.seek(tp, offset)
