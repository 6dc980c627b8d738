"""Triage subscriber: `report.received` in, `report.triaged` out, keyed by dedup key."""

from __future__ import annotations

import uuid

from faststream.kafka import KafkaBroker
from prometheus_client import Counter
from pydantic import BaseModel

from schemas import topics
from schemas.envelope import Envelope
from schemas.events import REPORT_RECEIVED, REPORT_TRIAGED
from schemas.reports import ReportReceived
from schemas.triage import ReportTriaged
from services.common.kafka import publish_event, subscribe
from services.common.logging import get_logger
from services.triage.domain.engine import TriageEngine

log = get_logger(__name__)
CONSUMER = "triage"
DECISIONS = Counter(
    "netra_triage_decisions_total", "Triage decisions", ["category", "needs_review"]
)


def triaged_event_id(source_event_id: uuid.UUID) -> uuid.UUID:
    """Deterministic, so a redelivered report yields the same event for cases to dedupe."""
    return uuid.uuid5(source_event_id, REPORT_TRIAGED)


def register(broker: KafkaBroker, *, engine: TriageEngine, retry_backoff_s: float) -> None:
    async def handle(envelope: Envelope[BaseModel]) -> None:
        received = envelope.data
        assert isinstance(received, ReportReceived)
        decision = engine.decide(received.content, received_at=received.received_at)
        outgoing = Envelope[ReportTriaged](
            id=triaged_event_id(envelope.id),
            source="netra/triage",
            type=REPORT_TRIAGED,
            subject=received.report_id,
            data=ReportTriaged(report=received, decision=decision),
        )
        await publish_event(broker, outgoing, topic=topics.REPORTS_TRIAGED, key=decision.dedup_key)
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
