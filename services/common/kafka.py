"""Kafka plumbing: the broker factory and the consume loops' ack/DLQ discipline.

Three separate mechanisms (STYLE.md 5): offsets are committed only after a handler
finished its write (success commits, a failure rewinds the batch for redelivery after a
back-off), and a message no retry can fix goes to the DLQ with the reason and its
source offset, then is committed so the partition moves on. Every service consumes
through `subscribe_batch`.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRecord
from faststream.kafka import KafkaBroker, KafkaMessage
from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware
from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from faststream.middlewares import AckPolicy
from opentelemetry.sdk.trace import TracerProvider
from prometheus_client import CollectorRegistry, Counter
from pydantic import BaseModel

from schemas import topics
from schemas.codec import InvalidEvent, decode, encode
from schemas.dlq import DeadLetter
from schemas.envelope import Envelope, utcnow
from schemas.events import DLQ_MESSAGE
from services.common.logging import get_logger
from services.common.partitions import PartitionGate, PartitionsHook, commit, rewind

log = get_logger(__name__)

DEAD_LETTERS = Counter(
    "netra_dead_letters_total", "Messages sent to the DLQ", ["consumer", "topic"]
)


def make_broker(
    *,
    bootstrap_servers: str,
    service: str,
    tracer_provider: TracerProvider,
    registry: CollectorRegistry,
) -> KafkaBroker:
    return KafkaBroker(
        bootstrap_servers,
        client_id=f"netra-{service}",
        acks="all",
        enable_idempotence=True,
        middlewares=[
            KafkaTelemetryMiddleware(tracer_provider=tracer_provider),
            KafkaPrometheusMiddleware(registry=registry, app_name=f"netra-{service}"),
        ],
        logger=None,
    )


async def publish_event(
    broker: KafkaBroker, envelope: Envelope[Any], *, topic: str, key: str
) -> None:
    """Publish and wait for the broker's acknowledgement (acks=all)."""
    await (await send_event(broker, envelope, topic=topic, key=key))


async def send_event(
    broker: KafkaBroker, envelope: Envelope[Any], *, topic: str, key: str
) -> asyncio.Future[Any]:
    """Hand the event to the producer (in call order) and return its acknowledgement to await."""
    return await broker.publish(
        encode(envelope),
        topic=topic,
        key=key.encode(),
        headers={"ce_type": envelope.type, "ce_id": str(envelope.id)},
        no_confirm=True,
    )


async def dead_letter_record(
    broker: KafkaBroker, record: ConsumerRecord[Any, Any], *, consumer: str, reason: str
) -> None:
    """Publish one record to the DLQ with why and where it came from."""
    letter = DeadLetter(
        source_topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        key=record.key.decode(errors="replace") if record.key else None,
        consumer=consumer,
        reason=reason,
        payload_b64=base64.b64encode(record.value or b"").decode(),
        failed_at=utcnow(),
    )
    envelope = Envelope[DeadLetter](
        source=f"netra/{consumer}", type=DLQ_MESSAGE, subject=record.topic, data=letter
    )
    await publish_event(broker, envelope, topic=topics.DLQ, key=record.topic)
    DEAD_LETTERS.labels(consumer=consumer, topic=record.topic).inc()
    log.warning("dead_lettered", topic=record.topic, offset=record.offset, why=reason)


@dataclass(frozen=True)
class Consumed:
    """One valid message of a batch, and where it was read."""

    envelope: Envelope[BaseModel]
    topic: str
    partition: int
    offset: int
    key: str | None
    # The record's headers, e.g. its trace context for `telemetry.continuing`.
    headers: Mapping[str, str] = field(default_factory=dict)


BatchHandler = Callable[[Sequence[Consumed]], Awaitable[None]]
STALE_PAUSE_S = 0.05  # a batch read before its assignment was ready is read again
DEAD_LETTERED_MEMORY = 10_000  # positions already dead-lettered, so a re-read batch skips them


def subscribe_batch(
    broker: KafkaBroker,
    topic: str,
    *,
    group_id: str,
    consumer: str,
    accept: frozenset[str],
    handler: BatchHandler,
    max_records: int,
    max_wait_ms: int,
    retry_backoff_s: float,
    on_assigned: PartitionsHook | None = None,
    on_revoked: PartitionsHook | None = None,
) -> None:
    """Batches of at most `max_records`; an empty buffer is waited on for `max_wait_ms`.

    Each record is decoded on its own: poison goes to the DLQ and is left out. The handler
    gets the valid ones grouped by partition, each partition in offset order. Offsets are
    committed, per partition, only after the handler returned; if it raises, nothing is
    committed, the batch's partitions are rewound and the batch is read again after
    `retry_backoff_s` (at-least-once: handlers are idempotent). Rebalance hooks and
    batches never overlap, and `on_assigned` completes before a batch of its partitions
    is handled (services.common.partitions).
    """
    gate = PartitionGate(
        topic, on_assigned=on_assigned, on_revoked=on_revoked, retry_backoff_s=retry_backoff_s
    )
    batches = _BatchConsumer(broker, gate, consumer, accept, handler, retry_backoff_s)

    @broker.subscriber(
        topic,
        group_id=group_id,
        batch=True,
        max_records=max_records,
        batch_timeout_ms=max_wait_ms,
        ack_policy=AckPolicy.MANUAL,  # _BatchConsumer commits or rewinds itself
        decoder=raw_batch_decoder,
        auto_offset_reset="earliest",
        listener=gate,
    )
    async def on_batch(body: object, message: KafkaMessage) -> None:
        await batches.consume(message)


def raw_batch_decoder(message: KafkaMessage) -> object:
    """The batch is read from the raw records; FastStream decodes nothing."""
    return None


@dataclass
class _BatchConsumer:
    broker: KafkaBroker
    gate: PartitionGate
    consumer: str
    accept: frozenset[str]
    handler: BatchHandler
    retry_backoff_s: float
    dead_lettered: dict[tuple[int, int], None] = field(default_factory=dict)

    async def consume(self, message: KafkaMessage) -> None:
        records = sorted(message.raw_message, key=lambda r: (r.partition, r.offset))
        kafka: AIOKafkaConsumer = message.consumer
        async with self.gate.lock:
            if stale := self.gate.stale(r.partition for r in records):
                log.info("batch_read_again_after_assignment", partitions=sorted(stale))
                rewind(kafka, records)
                pause_s = STALE_PAUSE_S
            elif await self._handled(records):
                await commit(kafka, records)
                return
            else:
                rewind(kafka, records)
                pause_s = self.retry_backoff_s
        await asyncio.sleep(pause_s)  # outside the gate: a rebalance may go ahead meanwhile

    async def _handled(self, records: Sequence[ConsumerRecord[Any, Any]]) -> bool:
        try:
            valid = [c for r in records if (c := await self._decoded(r)) is not None]
            if valid:
                await self.handler(valid)
        except Exception:
            first = records[0]
            log.exception("batch_failed_will_retry", topic=first.topic, size=len(records))
            return False
        return True

    async def _decoded(self, record: ConsumerRecord[Any, Any]) -> Consumed | None:
        try:
            envelope = decode(record.value or b"", accept=self.accept)
        except InvalidEvent as exc:
            position = (record.partition, record.offset)
            if position not in self.dead_lettered:
                await dead_letter_record(
                    self.broker, record, consumer=self.consumer, reason=str(exc)
                )
                self.dead_lettered[position] = None
                if len(self.dead_lettered) > DEAD_LETTERED_MEMORY:
                    del self.dead_lettered[next(iter(self.dead_lettered))]
            return None
        key = record.key.decode(errors="replace") if record.key else None
        headers = {name: value.decode(errors="replace") for name, value in record.headers}
        return Consumed(envelope, record.topic, record.partition, record.offset, key, headers)
