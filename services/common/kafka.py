"""Kafka plumbing: the broker factory and the consume loop's ack/DLQ discipline.

Three separate mechanisms (STYLE.md 5): offsets are committed only after a handler
finished its write (AckPolicy.NACK_ON_ERROR: success commits, a transient failure
rewinds for redelivery after a back-off), and a message no retry can fix goes to
the DLQ with the reason and its source offset, then is committed so the partition
moves on.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Awaitable, Callable
from typing import Any

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
    await broker.publish(
        encode(envelope),
        topic=topic,
        key=key.encode(),
        headers={"ce_type": envelope.type, "ce_id": str(envelope.id)},
    )


async def dead_letter(
    broker: KafkaBroker, message: KafkaMessage, *, consumer: str, reason: str
) -> None:
    raw = message.raw_message
    record = raw[0] if isinstance(raw, tuple) else raw
    letter = DeadLetter(
        source_topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        key=record.key.decode(errors="replace") if record.key else None,
        consumer=consumer,
        reason=reason,
        payload_b64=base64.b64encode(message.body).decode(),
        failed_at=utcnow(),
    )
    envelope = Envelope[DeadLetter](
        source=f"netra/{consumer}", type=DLQ_MESSAGE, subject=record.topic, data=letter
    )
    await publish_event(broker, envelope, topic=topics.DLQ, key=record.topic)
    DEAD_LETTERS.labels(consumer=consumer, topic=record.topic).inc()
    log.warning("dead_lettered", topic=record.topic, offset=record.offset, why=reason)


def raw_decoder(message: KafkaMessage) -> bytes:
    """Hand handlers the raw bytes: decoding is theirs, so poison never crashes FastStream."""
    return bytes(message.body)


Handler = Callable[[Envelope[BaseModel]], Awaitable[None]]


async def consume(
    broker: KafkaBroker,
    message: KafkaMessage,
    *,
    consumer: str,
    accept: frozenset[str],
    handler: Handler,
    retry_backoff_s: float,
) -> None:
    """Decode, run the handler; poison to the DLQ, transient errors back for redelivery."""
    try:
        envelope = decode(message.body, accept=accept)
    except InvalidEvent as exc:
        await dead_letter(broker, message, consumer=consumer, reason=str(exc))
        return
    try:
        await handler(envelope)
    except InvalidEvent as exc:
        await dead_letter(broker, message, consumer=consumer, reason=str(exc))
    except Exception:
        log.exception("handler_failed_will_retry", event_id=str(envelope.id))
        await asyncio.sleep(retry_backoff_s)
        raise


def subscribe(
    broker: KafkaBroker,
    topic: str,
    *,
    group_id: str,
    consumer: str,
    accept: frozenset[str],
    handler: Handler,
    retry_backoff_s: float,
) -> None:
    """The one way services subscribe: raw bytes in, commit only after `handler` returned."""

    @broker.subscriber(
        topic,
        group_id=group_id,
        ack_policy=AckPolicy.NACK_ON_ERROR,
        decoder=raw_decoder,
        auto_offset_reset="earliest",
    )
    async def on_message(body: bytes, message: KafkaMessage) -> None:
        await consume(
            broker,
            message,
            consumer=consumer,
            accept=accept,
            handler=handler,
            retry_backoff_s=retry_backoff_s,
        )
