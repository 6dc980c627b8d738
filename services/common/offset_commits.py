"""Done offsets committed at a pace: at most once per `interval_s` per batch subscriber.

A batch's offsets are committed only after its handler returned, but at most once per
`interval_s`: what a batch leaves pending is committed by the next batch that falls due,
or by a timer when none comes. Before partitions go (the rebalance gate's revocation,
services/common/partitions.py) and before the consumer stops (`settle_commits`, called by
services/common/runtime.py before the broker stops), whatever is pending is committed. A
process that dies loses at most `interval_s` of commits: those records are read again,
which at-least-once handlers already allow (docs/decisions.md, "Offsets committed at a
pace").
"""

from __future__ import annotations

import asyncio
import math
import time
import weakref
from collections.abc import Callable, Sequence
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.errors import KafkaError

from services.common.logging import get_logger

log = get_logger(__name__)

# Under load a commit per batch was ~10 requests/s per consumer group, about a third of
# Kafka's CPU per report (docs/decisions.md, "Offsets committed at a pace").
COMMIT_INTERVAL_S = 0.5
_BY_BROKER: weakref.WeakKeyDictionary[object, list[OffsetCommits]] = weakref.WeakKeyDictionary()


def register(broker: object, commits: OffsetCommits) -> None:
    """`commits` belongs to a subscriber of `broker`: `settle_commits(broker)` settles it."""
    _BY_BROKER.setdefault(broker, []).append(commits)


async def settle_commits(broker: object) -> None:
    """Commit what `broker`'s batch subscribers have done; call before `broker.stop()`."""
    for commits in _BY_BROKER.get(broker, ()):
        await commits.settle()


class OffsetCommits:
    """A subscriber's done offsets, committed at most once per `interval_s` (0: each batch).

    `done` is called with the gate's lock held; the timer takes it, so a commit never runs
    beside a batch or a rebalance hook.
    """

    def __init__(
        self,
        interval_s: float,
        lock: asyncio.Lock,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.interval_s = interval_s
        self.lock = lock
        self.clock = clock
        self.eager = interval_s <= 0
        self.pending: dict[TopicPartition, int] = {}
        self._kafka: AIOKafkaConsumer | None = None
        self._last = -math.inf
        self._timer: asyncio.Task[None] | None = None

    async def done(
        self, kafka: AIOKafkaConsumer, records: Sequence[ConsumerRecord[Any, Any]]
    ) -> None:
        """Past each partition's last record of `records` (poison included) is done."""
        if kafka is not self._kafka:  # a restarted consumer: the old one can commit nothing
            self.pending.clear()
            self._kafka = kafka
        for record in records:
            tp = TopicPartition(record.topic, record.partition)
            self.pending[tp] = max(self.pending.get(tp, 0), record.offset + 1)
        if self.eager or self.clock() - self._last >= self.interval_s:
            await self.flush()
        elif self._timer is None:
            self._timer = asyncio.create_task(self._flush_when_due())

    async def flush(self) -> None:
        """Commit what is pending now (the caller holds the lock)."""
        pending, self.pending = self.pending, {}
        if not pending or self._kafka is None:
            return
        self._last = self.clock()
        try:
            await self._kafka.commit(pending)
        except KafkaError as exc:
            # Handled but not committed: read again by whoever owns the partition next.
            log.warning("batch_commit_failed", why=str(exc) or type(exc).__name__)

    async def settle(self) -> None:
        """Before the consumer stops: commit what is pending, then every batch at once.

        The timer is cancelled only after the flush: one cancelled inside its own flush
        would drop the offsets it had taken out of `pending` before they were committed."""
        async with self.lock:
            self.eager = True
            await self.flush()
        if self._timer is not None:
            self._timer.cancel()

    async def _flush_when_due(self) -> None:
        try:
            while self.pending:
                wait_s = self._last + self.interval_s - self.clock()
                if wait_s > 0:
                    await asyncio.sleep(wait_s)
                    continue
                async with self.lock:
                    await self.flush()
        finally:
            self._timer = None
