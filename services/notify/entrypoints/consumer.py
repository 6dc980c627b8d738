"""Notify's subscriber on the case events: batches in (services.common.kafka), notify, count."""

from __future__ import annotations

from collections.abc import Sequence

from faststream.kafka import KafkaBroker
from prometheus_client import Counter

from schemas import topics
from services.common.failures import RetryPolicy
from services.common.kafka import Consumed, subscribe_batch
from services.notify.service_layer.notifying import CaseEvent, CaseEventNotifier

CONSUMER = "notify"
# Every type the topic carries: one it does not act on yet is acknowledged, not poison.
CASE_EVENTS = frozenset(topics.spec(topics.CASES_EVENTS).event_types)
SENT = Counter("netra_notifications_total", "Notification outcomes", ["channel", "status"])


def register(
    broker: KafkaBroker,
    *,
    notifier: CaseEventNotifier,
    batch_max_records: int,
    batch_max_wait_ms: int,
    retry: RetryPolicy,
) -> None:
    async def on_case_events(batch: Sequence[Consumed]) -> None:
        sent = await notifier.notify([CaseEvent(c.envelope, c.headers) for c in batch])
        for delivery in sent:
            SENT.labels(channel=delivery.channel, status=delivery.status.value).inc()

    subscribe_batch(
        broker,
        topics.CASES_EVENTS,
        group_id="netra-notify",
        consumer=CONSUMER,
        accept=CASE_EVENTS,
        handler=on_case_events,
        max_records=batch_max_records,
        max_wait_ms=batch_max_wait_ms,
        retry=retry,
    )
