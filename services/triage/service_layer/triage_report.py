"""Triage one received report: decide, then publish `report.triaged` keyed by dedup key.

The published event's id is derived from the received event's id, so a redelivered
report yields the same event and the cases service drops the copy. The key is the
dedup key: reports of one incident land on one partition, in order.
"""

from __future__ import annotations

import uuid

from schemas import topics
from schemas.envelope import Envelope
from schemas.events import REPORT_TRIAGED
from schemas.reports import ReportReceived
from schemas.triage import ReportTriaged, TriageDecision
from services.common.clock import Clock
from services.common.publishing import EventPublisher
from services.triage.domain.engine import TriageEngine

SOURCE = "netra/triage"


def triaged_event_id(source_event_id: uuid.UUID) -> uuid.UUID:
    """Deterministic, so a redelivered report yields the same event for cases to dedupe."""
    return uuid.uuid5(source_event_id, REPORT_TRIAGED)


async def triage_report(
    *,
    received: ReportReceived,
    source_event_id: uuid.UUID,
    engine: TriageEngine,
    publisher: EventPublisher,
    clock: Clock,
) -> TriageDecision:
    """Returns the decision once the broker has acknowledged the event."""
    decision = engine.decide(received.content, received_at=received.received_at)
    outgoing = Envelope[ReportTriaged](
        id=triaged_event_id(source_event_id),
        source=SOURCE,
        type=REPORT_TRIAGED,
        time=clock.now(),
        subject=received.report_id,
        data=ReportTriaged(report=received, decision=decision),
    )
    await publisher.publish(outgoing, topic=topics.REPORTS_TRIAGED, key=decision.dedup_key)
    return decision
