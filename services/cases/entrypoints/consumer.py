"""Cases subscribers: reports in, cases opened or linked; deliveries onto timelines.

Thin: each handler checks the payload type and calls one use case (service_layer/filing).
"""

from __future__ import annotations

from dataclasses import dataclass

from faststream.kafka import KafkaBroker
from pydantic import BaseModel

from schemas import topics
from schemas.envelope import Envelope
from schemas.events import NOTIFICATION_DELIVERED, REPORT_RECEIVED, REPORT_TRIAGED
from schemas.notifications import NotificationDelivered
from schemas.reports import ReportReceived
from schemas.triage import ReportTriaged
from services.cases.domain.deadlines import DeadlinePolicy
from services.cases.domain.vocabulary import ElectionType
from services.cases.service_layer import filing
from services.cases.service_layer.ports import CaseStore
from services.common.clock import Clock
from services.common.kafka import Handler, subscribe
from services.common.logging import get_logger
from services.common.telemetry import current_trace_id, current_traceparent

log = get_logger(__name__)
CONSUMER = "cases"


@dataclass(frozen=True)
class CaseIntake:
    """The three handlers, with what bootstrap configured for them."""

    store: CaseStore
    policy: DeadlinePolicy
    clock: Clock
    default_election: ElectionType

    async def on_received(self, envelope: Envelope[BaseModel]) -> None:
        assert isinstance(envelope.data, ReportReceived)
        await filing.record_received(store=self.store, report=envelope.data)

    async def on_triaged(self, envelope: Envelope[BaseModel]) -> None:
        triaged = envelope.data
        assert isinstance(triaged, ReportTriaged)
        case_id = await filing.file_triaged(
            store=self.store,
            policy=self.policy,
            clock=self.clock,
            default_election=self.default_election,
            triaged=triaged,
            source_event_id=envelope.id,
            trace=filing.Trace(current_trace_id(), current_traceparent()),
        )
        log.info("report_filed", report_id=triaged.report.report_id, case_id=case_id)

    async def on_delivered(self, envelope: Envelope[BaseModel]) -> None:
        assert isinstance(envelope.data, NotificationDelivered)
        await filing.record_delivery(
            store=self.store, delivered=envelope.data, trace_id=current_trace_id()
        )


def register(broker: KafkaBroker, *, intake: CaseIntake, retry_backoff_s: float) -> None:
    def on(topic: str, event_type: str, handler: Handler) -> None:
        subscribe(
            broker,
            topic,
            group_id=f"netra-cases-{event_type}",
            consumer=CONSUMER,
            accept=frozenset({event_type}),
            handler=handler,
            retry_backoff_s=retry_backoff_s,
        )

    on(topics.REPORTS_RECEIVED, REPORT_RECEIVED, intake.on_received)
    on(topics.REPORTS_TRIAGED, REPORT_TRIAGED, intake.on_triaged)
    on(topics.NOTIFICATIONS_DELIVERED, NOTIFICATION_DELIVERED, intake.on_delivered)
