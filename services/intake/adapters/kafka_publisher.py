"""`ReportPublisher` on Kafka: `report.received` keyed by report id, acks=all, idempotent."""

from __future__ import annotations

from services.common.publishing import KafkaEventPublisher
from services.intake.domain.report import ReceivedEvent


class KafkaReportPublisher:
    def __init__(self, events: KafkaEventPublisher, *, topic: str) -> None:
        self.events = events
        self.topic = topic

    async def publish(self, event: ReceivedEvent) -> None:
        await self.events.publish(event, topic=self.topic, key=event.data.report_id)
