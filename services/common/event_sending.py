"""Handing events to Kafka: straight to the broker's aiokafka producer.

FastStream's `KafkaBroker.publish` builds a command object and a correlation id and runs
its middlewares' publish scopes for every event: 56 us of CPU per event against 32 us
here (tests/bench/bench_publish.py), several events per report across the four
services. What its middlewares added is done here: the current trace context into the
headers (`traceparent`, which the next hop continues: `telemetry.continuing`) and the
count of published events (`netra_events_published_total`). docs/decisions.md,
"Publishing past FastStream's per-event path".
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiokafka import AIOKafkaProducer
from faststream.kafka import KafkaBroker
from opentelemetry import propagate

from schemas.codec import encode
from schemas.envelope import Envelope
from services.common.consumer_metrics import published


async def publish_event(
    broker: KafkaBroker, envelope: Envelope[Any], *, topic: str, key: str
) -> None:
    """Publish and wait for the broker's acknowledgement (acks=all)."""
    await (await send_event(broker, envelope, topic=topic, key=key))


async def send_event(
    broker: KafkaBroker, envelope: Envelope[Any], *, topic: str, key: str
) -> asyncio.Future[Any]:
    """Hand the event to the producer (in call order) and return its acknowledgement to await."""
    headers = {"ce_type": envelope.type, "ce_id": str(envelope.id)}
    propagate.inject(headers)
    acknowledged: asyncio.Future[Any] = await producer_of(broker).send(
        topic,
        value=encode(envelope),
        key=key.encode(),
        headers=[(name, value.encode()) for name, value in headers.items()],
    )
    published(topic).inc()
    return acknowledged


def producer_of(broker: KafkaBroker) -> AIOKafkaProducer:
    """The connected broker's aiokafka producer; FastStream's error if not connected.

    FastStream (pinned) keeps it behind its publishing facade with no public accessor:
    this is the one place that reaches for it."""
    facade: Any = broker._producer
    producer: AIOKafkaProducer = facade._producer.producer
    return producer
