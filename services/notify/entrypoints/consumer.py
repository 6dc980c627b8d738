"""Notify's subscriber on the case events: batches in (services.common.kafka), planned
deliveries recorded as pending, commit. Sending is the worker pool's (delivering.py)."""

from __future__ import annotations

from collections.abc import Sequence

from faststream.kafka import KafkaBroker

from schemas import topics
from services.common.failures import RetryPolicy
from services.common.kafka import Consumed, subscribe_batch
from services.common.telemetry import trace_context
from services.notify.service_layer.delivery_intake import CaseEvent, DeliveryIntake

CONSUMER = "notify"
# Every type the topic carries: one it does not act on yet is acknowledged, not poison.
CASE_EVENTS = frozenset(topics.spec(topics.CASES_EVENTS).event_types)


def register(
    broker: KafkaBroker,
    *,
    intake: DeliveryIntake,
    batch_max_records: int,
    batch_max_wait_ms: int,
    idle_wait_ms: int,
    retry: RetryPolicy,
    group_id: str,
) -> None:
    async def on_case_events(batch: Sequence[Consumed]) -> None:
        # Only the trace context of the headers: each planned delivery stores it.
        events = [CaseEvent(c.envelope, c.partition, trace_context(c.headers)) for c in batch]
        await intake.take(events)

    # Deliveries follow the partition they were planned from: its owner sends them.
    async def assigned(partitions: frozenset[int]) -> None:
        await intake.worker.assign(partitions)

    subscribe_batch(
        broker,
        topics.CASES_EVENTS,
        group_id=group_id,
        consumer=CONSUMER,
        accept=CASE_EVENTS,
        handler=on_case_events,
        max_records=batch_max_records,
        max_wait_ms=batch_max_wait_ms,
        idle_wait_ms=idle_wait_ms,
        retry=retry,
        on_assigned=assigned,
        on_revoked=intake.worker.revoke,
    )
