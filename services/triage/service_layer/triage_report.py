"""Triage received reports: decide each, then publish `report.triaged` keyed by dedup key.

The published event's id is derived from the received event's id, so a redelivered
report yields the same event and the cases service drops the copy. The key is the
dedup key: reports of one incident land on one partition, in order.

A batch is decided report by report, then all its events are published together
(`publish_all`: in order per key, acknowledgements awaited at once). The call returns
only when every event is durable, so the consumer commits the batch's offsets after it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from schemas import topics
from schemas.envelope import Envelope
from schemas.events import REPORT_TRIAGED
from schemas.reports import ReportReceived
from schemas.triage import ReportTriaged, TriageDecision
from services.common.clock import Clock
from services.common.publishing import EventPublisher, Outgoing
from services.common.telemetry import TraceCarrier
from services.triage.domain.engine import TriageEngine

SOURCE = "netra/triage"
# Parametrised once: `Envelope[ReportTriaged]` looks its class up on every subscript.
TriagedEvent = Envelope[ReportTriaged]


@dataclass(frozen=True)
class Received:
    """A received report, the id of the event that carried it and the trace it continues."""

    report: ReportReceived
    event_id: uuid.UUID
    trace: TraceCarrier = field(default_factory=dict)


def triaged_event_id(source_event_id: uuid.UUID) -> uuid.UUID:
    """Deterministic, so a redelivered report yields the same event for cases to dedupe."""
    return uuid.uuid5(source_event_id, REPORT_TRIAGED)


async def triage_reports(
    *,
    received: Sequence[Received],
    engine: TriageEngine,
    publisher: EventPublisher,
    clock: Clock,
) -> list[TriageDecision]:
    """The decisions, in the order received, once the broker acknowledged every event."""
    decisions = [
        engine.decide(r.report.content, received_at=r.report.received_at) for r in received
    ]
    await publisher.publish_all(
        [
            Outgoing(
                _triaged(r, decision, clock), topics.REPORTS_TRIAGED, decision.dedup_key, r.trace
            )
            for r, decision in zip(received, decisions, strict=True)
        ]
    )
    return decisions


def _triaged(received: Received, decision: TriageDecision, clock: Clock) -> TriagedEvent:
    return TriagedEvent(
        id=triaged_event_id(received.event_id),
        source=SOURCE,
        type=REPORT_TRIAGED,
        time=clock.now(),
        subject=received.report.report_id,
        data=ReportTriaged(report=received.report, decision=decision),
    )
