"""`ClosureFeed` on Kafka: every partition of the case events, in no consumer group.

Closures are made by staff on any replica and published by that replica's outbox relay as
`case.status_changed`; a partition's owner must know them (partition_rebuild). The feed
starts where the partition journal says the oldest kept state stopped knowing closures
(`closure_floor`; at the end when there is no state yet) and reads on for the life of the
process, telling `on_closed` of each closure and keeping the ids, so that a partition
rebuilt later applies them too. Only `case.status_changed` is decoded (by its header).
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition

from schemas.cases import CaseStatusChanged
from schemas.codec import InvalidEvent, decode
from schemas.events import CASE_STATUS_CHANGED
from services.cases.adapters.kafka_partitions import every_partition
from services.cases.domain.vocabulary import TERMINAL_STATUSES
from services.common.kafka_connection import KafkaConnection
from services.common.logging import get_logger

log = get_logger(__name__)
TERMINAL = frozenset(s.value for s in TERMINAL_STATUSES)
ACCEPT = frozenset({CASE_STATUS_CHANGED})
CATCH_UP_POLL_S = 0.05  # between two connections of the feed
CLIENT_ID = "netra-cases-closures"

Floor = Callable[[], Awaitable[dict[int, int] | None]]


class KafkaClosureFeed:
    def __init__(
        self,
        *,
        connection: KafkaConnection,
        topic: str,
        on_closed: Callable[[str], None],
        retry_s: float,
    ) -> None:
        self.connection = connection
        self.topic = topic
        self.on_closed = on_closed
        self.retry_s = retry_s
        self._closed: set[str] = set()
        self._positions: dict[int, int] = {}
        self._consumer: AIOKafkaConsumer | None = None
        self._reading = asyncio.Event()
        self._read = asyncio.Condition()  # notified after every fetch

    @property
    def reading(self) -> bool:
        return self._reading.is_set()

    def closed_ids(self) -> frozenset[str]:
        return frozenset(self._closed)

    def positions(self) -> dict[int, int]:
        return dict(self._positions)

    async def caught_up(self) -> None:
        while True:
            await self._reading.wait()
            consumer = self._consumer
            if consumer is None:  # between two connections: wait for the next one
                await asyncio.sleep(CATCH_UP_POLL_S)
                continue
            tps = sorted(consumer.assignment(), key=lambda tp: tp.partition)
            ends: dict[TopicPartition, int] = await consumer.end_offsets(tps)
            wanted = {tp.partition: end for tp, end in ends.items()}
            async with self._read:
                await self._read.wait_for(functools.partial(self._has_read, wanted))
            return

    def _has_read(self, wanted: dict[int, int]) -> bool:
        return all(self._positions.get(p, 0) >= end for p, end in wanted.items())

    async def run_forever(self, floor: Floor) -> None:
        """Read until cancelled; a lost connection is retried from where it stopped."""
        while True:
            try:
                await self._run(floor)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("closure_feed_retrying", why=str(exc) or type(exc).__name__)
                await asyncio.sleep(self.retry_s)

    async def _run(self, floor: Floor) -> None:
        consumer, tps = await every_partition(self.connection, self.topic, client_id=CLIENT_ID)
        try:
            if not self._positions:
                await self._start_at(consumer, tps, await floor())
            for tp in tps:
                consumer.seek(tp, self._positions.get(tp.partition, 0))
            self._consumer = consumer
            self._reading.set()
            while True:
                batches = await consumer.getmany(timeout_ms=500, max_records=1000)
                for tp, records in batches.items():
                    for record in records:
                        self._take(record)
                        self._positions[tp.partition] = record.offset + 1
                async with self._read:
                    self._read.notify_all()
        finally:
            self._reading.clear()
            self._consumer = None
            await consumer.stop()

    async def _start_at(
        self, consumer: AIOKafkaConsumer, tps: list[TopicPartition], floor: dict[int, int] | None
    ) -> None:
        ends = await consumer.end_offsets(tps)
        begins = await consumer.beginning_offsets(tps)
        for tp in tps:
            wanted = ends[tp] if floor is None else floor.get(tp.partition, 0)
            if wanted < begins[tp]:  # retention dropped closures a kept state may not know
                log.warning(
                    "closure_feed_floor_deleted",
                    partition=tp.partition,
                    floor=wanted,
                    first=begins[tp],
                )
            self._positions[tp.partition] = max(wanted, begins[tp])
        log.info("closure_feed_starting", positions=self._positions, from_floor=floor is not None)

    def _take(self, record: ConsumerRecord[Any, Any]) -> None:
        headers = {k: v for k, v in record.headers or ()}
        if headers.get("ce_type") != CASE_STATUS_CHANGED.encode() or record.value is None:
            return  # opened, linked, deadlines: not a closure, not decoded
        try:
            changed = decode(record.value, accept=ACCEPT).data
        except InvalidEvent:
            return  # the DLQ is the owning consumers' business, not this reader's
        assert isinstance(changed, CaseStatusChanged)
        if changed.to_status in TERMINAL:
            self._closed.add(changed.case_id)
            self.on_closed(changed.case_id)
