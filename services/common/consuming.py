"""A batch subscriber's loop body: decode, settle, commit what is done, rewind the rest.

services/common/kafka.py wires it (`subscribe_batch`); services/common/settling.py decides
what is done. Per partition, the offsets up to the first message not done are committed
(at the gate's pace, services/common/offset_commits.py) and the partition is sought back
to that message. A partition whose message failed is paused for its back-off (the others
are fetched meanwhile); an outage pauses the whole subscriber, outside the rebalance gate,
so a rebalance may go ahead meanwhile.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeAlias, TypeVar

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.errors import KafkaError
from faststream.kafka import KafkaMessage

from services.common.consumer_metrics import PartitionView
from services.common.logging import get_logger
from services.common.partitions import PartitionGate, rewind
from services.common.settling import Failure, Item, Position, Settler

log = get_logger(__name__)

STALE_PAUSE_S = 0.05  # a batch read before its assignment was ready is read again
Record: TypeAlias = ConsumerRecord[Any, Any]
T = TypeVar("T", bound=Item)


@dataclass
class BatchConsumer(Generic[T]):
    gate: PartitionGate
    view: PartitionView
    settler: Settler[T]
    decode: Callable[[Record], T | Failure]  # a Failure: poison, for the DLQ

    async def consume(self, message: KafkaMessage) -> None:
        records: list[Record] = sorted(message.raw_message, key=lambda r: (r.partition, r.offset))
        kafka: AIOKafkaConsumer = message.consumer
        self.view.kafka = kafka
        async with self.gate.lock:
            if stale := self.gate.stale(r.partition for r in records):
                log.info("batch_read_again_after_assignment", partitions=sorted(stale))
                rewind(kafka, records)
                pause_s = STALE_PAUSE_S
            else:
                pause_s = await self._round(kafka, records)
        if pause_s > 0:
            await asyncio.sleep(pause_s)

    async def _round(self, kafka: AIOKafkaConsumer, records: Sequence[Record]) -> float:
        for record in records:
            if record.partition not in self.view.oldest_at:
                self.view.in_flight(record.partition, record.timestamp)
        items: list[T] = []
        poisoned: list[tuple[Position, Failure]] = []
        for record in records:
            decoded = self.decode(record)
            if isinstance(decoded, Failure):
                poisoned.append(((record.partition, record.offset), decoded))
            else:
                items.append(decoded)
        outcome = await self.settler.settle(items, poisoned)
        done, rest = split(records, outcome.done)
        if done:
            await self.gate.commits.done(kafka, done)
        if rest:
            rewind(kafka, rest)
        for partition, delay in outcome.blocked.items():
            self._pause(kafka, TopicPartition(self.view.topic, partition), delay)
        waiting = {r.partition: r for r in reversed(rest)}  # each partition's first not done
        for record in records:
            if record.partition in waiting:
                first = waiting[record.partition]
                self.view.in_flight(first.partition, first.timestamp)
                self.view.next_offset[first.partition] = first.offset
            else:
                self.view.settled(record.partition, record.offset + 1)
        return outcome.pause_s if rest else 0.0

    def _pause(self, kafka: AIOKafkaConsumer, tp: TopicPartition, delay_s: float) -> None:
        """Fetch nothing of `tp` for `delay_s`: its failing message waits, the rest go on."""
        kafka.pause(tp)
        asyncio.get_running_loop().call_later(delay_s, _resume, kafka, tp)


def _resume(kafka: AIOKafkaConsumer, tp: TopicPartition) -> None:
    try:
        kafka.resume(tp)
    except KafkaError as exc:  # revoked meanwhile: its next owner starts unpaused
        log.info("partition_not_resumed", partition=tp.partition, why=type(exc).__name__)


def split(
    records: Sequence[Record], done: frozenset[Position]
) -> tuple[list[Record], list[Record]]:
    """Each partition's prefix of done records, and the rest (from its first not done on)."""
    prefix: list[Record] = []
    rest: list[Record] = []
    stopped: set[int] = set()
    for record in records:  # sorted by partition, offset
        if record.partition not in stopped and (record.partition, record.offset) in done:
            prefix.append(record)
        else:
            stopped.add(record.partition)
            rest.append(record)
    return prefix, rest
