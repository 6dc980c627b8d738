"""Cases subscribers, a batch at a time: reports in, cases opened or linked, deliveries kept.

Thin: each handler maps the batch's envelopes to one use case (service_layer/filing) and
returns; the offsets are committed after it returned (services.common.kafka). The triaged
subscriber's partition hooks build and drop the partition state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from faststream.kafka import KafkaBroker

from schemas import topics
from schemas.events import NOTIFICATION_DELIVERED, REPORT_RECEIVED, REPORT_TRIAGED
from schemas.notifications import NotificationDelivered
from schemas.reports import ReportReceived
from schemas.triage import ReportTriaged
from services.cases.service_layer import filing
from services.cases.service_layer.filing_plan import Trace, TriagedItem
from services.cases.service_layer.ports import FilingLog
from services.common import heap
from services.common.failures import RetryPolicy
from services.common.kafka import BatchHandler, Consumed, subscribe_batch
from services.common.logging import get_logger
from services.common.partitions import PartitionsHook
from services.common.telemetry import (
    carried_ids,
    continuing,
    current_trace_id,
    current_traceparent,
)

log = get_logger(__name__)
CONSUMER = "cases"


@dataclass(frozen=True)
class Batching:
    """At most `max_records` a batch; the broker holds an empty fetch `max_wait_ms`.

    With `idle_wait_ms`, an idle subscriber fetches that often instead, answered at the
    first record (services/common/fetch_pacing.py)."""

    max_records: int
    max_wait_ms: int
    idle_wait_ms: int | None = None


@dataclass(frozen=True)
class Pacing:
    """Each subscriber's batching. Only report.triaged is on a report's way to its case;
    the other two may wait longer for fuller batches and far fewer idle fetches."""

    triaged: Batching
    received: Batching  # the report is stored: the triaged subscriber stores it too
    delivered: Batching  # who was told: a batch is one insert into case_notifications
    retry: RetryPolicy


@dataclass(frozen=True)
class Subscription:
    topic: str
    event_type: str
    handler: BatchHandler
    batching: Batching
    assigned: PartitionsHook | None = None
    revoked: PartitionsHook | None = None


@dataclass(frozen=True)
class CaseIntake:
    """The three batch handlers, with what bootstrap configured for them."""

    filing_log: FilingLog
    triaged: filing.TriagedFiling

    async def on_received(self, batch: Sequence[Consumed]) -> None:
        reports = []
        for consumed in batch:
            assert isinstance(consumed.envelope.data, ReportReceived)
            reports.append(consumed.envelope.data)
        await filing.record_received(filing_log=self.filing_log, reports=reports)

    async def on_triaged(self, batch: Sequence[Consumed]) -> None:
        items = []
        for consumed in batch:
            assert isinstance(consumed.envelope.data, ReportTriaged)
            items.append(
                TriagedItem(
                    consumed.envelope.id,
                    consumed.envelope.data,
                    consumed.partition,
                    trace_of(consumed),
                    consumed.offset,
                )
            )
        held = await self.triaged.file(items)
        log.info("reports_filed", reports=len(held), cases=len(set(held.values())))

    async def on_assigned(self, partitions: frozenset[int]) -> None:
        """Rebuild the partitions' state, then settle it out of the collector's walks."""
        await self.triaged.assigned(partitions)
        heap.settle("partitions_rebuilt")

    async def on_delivered(self, batch: Sequence[Consumed]) -> None:
        deliveries = []
        for consumed in batch:
            assert isinstance(consumed.envelope.data, NotificationDelivered)
            trace_id = trace_of(consumed).trace_id
            deliveries.append(filing.DeliveryItem(consumed.envelope.data, trace_id))
        await filing.record_deliveries(filing_log=self.filing_log, deliveries=deliveries)


def trace_of(consumed: Consumed) -> Trace:
    """The trace the message carries: a batch's own span belongs to no single report."""
    if (carried := carried_ids(consumed.headers)) is not None:
        return Trace(*carried)
    with continuing(consumed.headers):
        return Trace(current_trace_id(), current_traceparent())


def subscriptions(intake: CaseIntake, pacing: Pacing) -> list[Subscription]:
    triaged = intake.triaged
    return [
        Subscription(topics.REPORTS_RECEIVED, REPORT_RECEIVED, intake.on_received, pacing.received),
        Subscription(
            topics.REPORTS_TRIAGED,
            REPORT_TRIAGED,
            intake.on_triaged,
            pacing.triaged,
            intake.on_assigned,
            triaged.revoked,
        ),
        Subscription(
            topics.NOTIFICATIONS_DELIVERED,
            NOTIFICATION_DELIVERED,
            intake.on_delivered,
            pacing.delivered,
        ),
    ]


def register(broker: KafkaBroker, *, intake: CaseIntake, pacing: Pacing) -> None:
    for sub in subscriptions(intake, pacing):
        subscribe_batch(
            broker,
            sub.topic,
            group_id=f"netra-cases-{sub.event_type}",
            consumer=CONSUMER,
            accept=frozenset({sub.event_type}),
            handler=sub.handler,
            max_records=sub.batching.max_records,
            max_wait_ms=sub.batching.max_wait_ms,
            idle_wait_ms=sub.batching.idle_wait_ms,
            retry=pacing.retry,
            on_assigned=sub.assigned,
            on_revoked=sub.revoked,
        )
