"""Triage subscriber: batches of `report.received` in, the use case publishes `report.triaged`."""

from __future__ import annotations

from collections.abc import Sequence

from faststream.kafka import KafkaBroker
from prometheus_client import Counter
from structlog.stdlib import BoundLogger

from schemas import topics
from schemas.events import REPORT_RECEIVED
from schemas.reports import ReportReceived
from schemas.triage import TriageDecision
from services.common.clock import Clock
from services.common.failures import RetryPolicy
from services.common.kafka import Consumed, subscribe_batch
from services.common.logging import get_logger
from services.common.publishing import EventPublisher
from services.triage.domain.engine import TriageEngine
from services.triage.service_layer.triage_report import Received, triage_reports

log = get_logger(__name__)
CONSUMER = "triage"
DECISIONS = Counter(
    "netra_triage_decisions_total", "Triage decisions", ["category", "needs_review"]
)


def _received(consumed: Consumed) -> Received:
    report = consumed.envelope.data
    assert isinstance(report, ReportReceived)  # `accept` admits report.received only
    return Received(report, consumed.envelope.id, consumed.headers)


def count_decisions(
    received: Sequence[Received],
    decisions: Sequence[TriageDecision],
    *,
    logger: BoundLogger = log,
) -> None:
    """Per report a metric, and a line at debug: at info it cost ~15 us a report and past
    20 a window the repeat limiter dropped it anyway; the decision travels in the event."""
    for r, decision in zip(received, decisions, strict=True):
        DECISIONS.labels(category=decision.category, needs_review=decision.needs_review).inc()
        logger.debug(
            "report_triaged",
            report_id=r.report.report_id,
            category=decision.category,
            routes=decision.routes,
            needs_review=decision.needs_review,
        )


def register(
    broker: KafkaBroker,
    *,
    engine: TriageEngine,
    publisher: EventPublisher,
    clock: Clock,
    batch_max_records: int,
    batch_max_wait_ms: int,
    idle_wait_ms: int,
    retry: RetryPolicy,
) -> None:
    async def handle(batch: Sequence[Consumed]) -> None:
        received = [_received(c) for c in batch]
        decisions = await triage_reports(
            received=received, engine=engine, publisher=publisher, clock=clock
        )
        count_decisions(received, decisions)

    subscribe_batch(
        broker,
        topics.REPORTS_RECEIVED,
        group_id="netra-triage",
        consumer=CONSUMER,
        accept=frozenset({REPORT_RECEIVED}),
        handler=handle,
        max_records=batch_max_records,
        max_wait_ms=batch_max_wait_ms,
        idle_wait_ms=idle_wait_ms,
        retry=retry,
    )
