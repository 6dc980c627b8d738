"""The event-publishing port every service's use cases take, and its Kafka adapter.

Use cases say *what* happened (an envelope, its topic and key); they never see the
broker. `KafkaEventPublisher` waits for the broker's acknowledgement (acks=all,
idempotent producer), so a returned call means the event is durable.

`publish_all` is the batch form: the events are handed to the producer one after the
other (so events of one key keep their order on its partition) and their acknowledgements
are awaited together, so a batch costs about one round trip, not one per event.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from faststream.kafka import KafkaBroker

from schemas.envelope import Envelope
from services.common.event_sending import publish_event, send_event
from services.common.telemetry import TraceCarrier, continuing


@dataclass(frozen=True)
class Outgoing:
    """One event to publish: what, where, under which key."""

    envelope: Envelope[Any]
    topic: str
    key: str
    trace: TraceCarrier = field(default_factory=dict)  # the trace it continues; none: current


class EventPublisher(Protocol):
    async def publish(self, envelope: Envelope[Any], *, topic: str, key: str) -> None: ...

    async def publish_all(self, events: Sequence[Outgoing]) -> None:
        """Returns once every event is acknowledged; raises if any was not (some may be)."""
        ...


class KafkaEventPublisher:
    def __init__(self, broker: KafkaBroker) -> None:
        self.broker = broker

    async def publish(self, envelope: Envelope[Any], *, topic: str, key: str) -> None:
        await publish_event(self.broker, envelope, topic=topic, key=key)

    async def publish_all(self, events: Sequence[Outgoing]) -> None:
        pending = []
        for e in events:
            with continuing(e.trace):  # the publish middleware injects the current trace
                pending.append(await send_event(self.broker, e.envelope, topic=e.topic, key=e.key))
        outcomes = await asyncio.gather(*pending, return_exceptions=True)
        if failed := [o for o in outcomes if isinstance(o, BaseException)]:
            raise failed[0]


__all__ = ["EventPublisher", "KafkaEventPublisher", "Outgoing"]
