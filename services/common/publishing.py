"""The event-publishing port every service's use cases take, and its Kafka adapter.

Use cases say *what* happened (an envelope, its topic and key); they never see the
broker. `KafkaEventPublisher` waits for the broker's acknowledgement (acks=all,
idempotent producer), so a returned call means the event is durable.
"""

from __future__ import annotations

from typing import Any, Protocol

from faststream.kafka import KafkaBroker

from schemas.envelope import Envelope
from services.common.kafka import publish_event


class EventPublisher(Protocol):
    async def publish(self, envelope: Envelope[Any], *, topic: str, key: str) -> None: ...


class KafkaEventPublisher:
    def __init__(self, broker: KafkaBroker) -> None:
        self.broker = broker

    async def publish(self, envelope: Envelope[Any], *, topic: str, key: str) -> None:
        await publish_event(self.broker, envelope, topic=topic, key=key)


__all__ = ["EventPublisher", "KafkaEventPublisher"]
