"""`CaseEventFeed` on Kafka: every case event of every replica, from a point in time.

The staff view of each replica must see every change, so the feed reads every partition
of the case events in no consumer group and commits nothing (as the closure feed). It
starts where the broker's time index puts `since` (a moment taken before the view's load
began), so an event published while the load ran is applied after it; the view's
handlers are idempotent, so an event the load already saw does no harm. A lost
connection resumes from the last offset read. When retention has deleted the point to
start from, it says so (`case_event_feed_start_deleted`) and starts from the oldest event
left: the periodic reconcile pass is the safety net for what was lost.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition

from services.cases.adapters.kafka_partitions import every_partition
from services.common.kafka import FEED_FETCH_MAX_WAIT_MS
from services.common.kafka_connection import KafkaConnection
from services.common.logging import get_logger

log = get_logger(__name__)
CLIENT_ID = "netra-cases-view"
MAX_RECORDS = 1000  # per fetch

OnEvent = Callable[[str | None, bytes], None]  # (the `ce_type` header, the raw event)


class KafkaCaseEventFeed:
    def __init__(self, *, connection: KafkaConnection, topic: str, retry_s: float) -> None:
        self.connection = connection
        self.topic = topic
        self.retry_s = retry_s
        self._positions: dict[int, int] = {}  # partition -> next offset to read

    def positions(self) -> dict[int, int]:
        return dict(self._positions)

    async def run_forever(self, since: datetime, on_event: OnEvent) -> None:
        """Hand `on_event` every event published from `since` on (from where it stopped,
        when it ran before) until cancelled; a lost connection is retried."""
        while True:
            try:
                await self._run(since, on_event)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("case_event_feed_retrying", why=str(exc) or type(exc).__name__)
                await asyncio.sleep(self.retry_s)

    async def _run(self, since: datetime, on_event: OnEvent) -> None:
        consumer, tps = await every_partition(self.connection, self.topic, client_id=CLIENT_ID)
        try:
            await self._seek(consumer, tps, since)
            while True:
                batches = await consumer.getmany(
                    timeout_ms=FEED_FETCH_MAX_WAIT_MS, max_records=MAX_RECORDS
                )
                for tp, records in batches.items():
                    for record in records:
                        self._hand_over(record, on_event)
                        self._positions[tp.partition] = record.offset + 1
        finally:
            await consumer.stop()

    def _hand_over(self, record: ConsumerRecord[Any, Any], on_event: OnEvent) -> None:
        """One event to `on_event`; one it fails on is logged and passed over, never read
        again and again (what it would have changed, the reconcile pass finds)."""
        kind = dict(record.headers or ()).get("ce_type")
        if record.value is None:
            return
        try:
            on_event(None if kind is None else kind.decode(errors="replace"), record.value)
        except Exception:
            log.exception(
                "case_event_feed_event_failed", partition=record.partition, offset=record.offset
            )

    async def _seek(
        self, consumer: AIOKafkaConsumer, tps: list[TopicPartition], since: datetime
    ) -> None:
        begins = await consumer.beginning_offsets(tps)
        wanted = dict(self._positions) or await _offsets_at(consumer, tps, since)
        for tp in tps:
            at = wanted.get(tp.partition, begins[tp])  # a partition added since: all of it
            if at < begins[tp]:
                log.warning(
                    "case_event_feed_start_deleted",
                    partition=tp.partition,
                    wanted=at,
                    first=begins[tp],
                )
            self._positions[tp.partition] = max(at, begins[tp])
            consumer.seek(tp, self._positions[tp.partition])
        log.info("case_event_feed_starting", positions=self._positions, since=since.isoformat())


async def _offsets_at(
    consumer: AIOKafkaConsumer, tps: list[TopicPartition], since: datetime
) -> dict[int, int]:
    """Per partition, the first event published at `since` or later; the end of the
    partition when there is none. The ends are asked first: an event appended between the
    two questions is then after the end taken, not skipped."""
    ends = await consumer.end_offsets(tps)
    found = await consumer.offsets_for_times({tp: int(since.timestamp() * 1000) for tp in tps})
    offsets: dict[int, int] = {}
    for tp in tps:
        first = found.get(tp)
        offsets[tp.partition] = ends[tp] if first is None else first.offset
    return offsets
