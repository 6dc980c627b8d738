"""Notify's subscriber on the case events: parse (services.common.kafka), notify, count."""

from __future__ import annotations

from collections.abc import Mapping

from faststream.kafka import KafkaBroker
from prometheus_client import Counter
from pydantic import BaseModel

from schemas import topics
from schemas.envelope import Envelope
from schemas.events import (
    CASE_DEADLINE_APPROACHING,
    CASE_DEADLINE_MISSED,
    CASE_OPENED,
    CASE_REPORT_LINKED,
    CASE_STATUS_CHANGED,
)
from services.common.clock import Clock
from services.common.kafka import subscribe
from services.common.publishing import EventPublisher
from services.notify.service_layer.notifying import notify_case_event
from services.notify.service_layer.ports import Channel, DeliveryLog, Directory

CONSUMER = "notify"
CASE_EVENTS = frozenset(
    {
        CASE_OPENED,
        CASE_REPORT_LINKED,
        CASE_STATUS_CHANGED,
        CASE_DEADLINE_APPROACHING,
        CASE_DEADLINE_MISSED,
    }
)
SENT = Counter("netra_notifications_total", "Notification outcomes", ["channel", "status"])


def register(
    broker: KafkaBroker,
    *,
    directory: Directory,
    deliveries: DeliveryLog,
    channels: Mapping[str, Channel],
    publisher: EventPublisher,
    clock: Clock,
    retry_backoff_s: float,
) -> None:
    async def on_case_event(envelope: Envelope[BaseModel]) -> None:
        sent = await notify_case_event(
            envelope,
            directory=directory,
            deliveries=deliveries,
            channels=channels,
            publisher=publisher,
            clock=clock,
        )
        for delivery in sent:
            SENT.labels(channel=delivery.channel, status=delivery.status.value).inc()

    subscribe(
        broker,
        topics.CASES_EVENTS,
        group_id="netra-notify",
        consumer=CONSUMER,
        accept=CASE_EVENTS,
        handler=on_case_event,
        retry_backoff_s=retry_backoff_s,
    )
