"""Triage subscriber: `report.received` in, the use case publishes `report.triaged`."""

from __future__ import annotations

from faststream.kafka import KafkaBroker
from prometheus_client import Counter
from pydantic import BaseModel

from schemas import topics
from schemas.envelope import Envelope
from schemas.events import REPORT_RECEIVED
from schemas.reports import ReportReceived
from services.common.clock import Clock
from services.common.kafka import subscribe
from services.common.logging import get_logger
from services.common.publishing import EventPublisher
from services.triage.domain.engine import TriageEngine
from services.triage.service_layer.triage_report import triage_report

log = get_logger(__name__)
CONSUMER = "triage"
DECISIONS = Counter(
    "netra_triage_decisions_total", "Triage decisions", ["category", "needs_review"]
)


def register(
    broker: KafkaBroker,
    *,
    engine: TriageEngine,
    publisher: EventPublisher,
    clock: Clock,
    retry_backoff_s: float,
) -> None:
    async def handle(envelope: Envelope[BaseModel]) -> None:
        received = envelope.data
        assert isinstance(received, ReportReceived)  # `accept` admits report.received only
        decision = await triage_report(
            received=received,
            source_event_id=envelope.id,
            engine=engine,
            publisher=publisher,
            clock=clock,
        )
        DECISIONS.labels(category=decision.category, needs_review=decision.needs_review).inc()
        log.info(
            "report_triaged",
            report_id=received.report_id,
            category=decision.category,
            routes=decision.routes,
            needs_review=decision.needs_review,
        )

    subscribe(
        broker,
        topics.REPORTS_RECEIVED,
        group_id="netra-triage",
        consumer=CONSUMER,
        accept=frozenset({REPORT_RECEIVED}),
        handler=handle,
        retry_backoff_s=retry_backoff_s,
    )
