"""`ReportPublisher` on Kafka: `report.received` keyed by report id, acks=all, idempotent.

Behind a circuit (services/common/circuit.py): once a publish fails or is abandoned on
the use case's timeout, publishing raises at once, without sending, until a probe finds
the broker again. So while Kafka is away reports go straight to the spool, and a report
intake refuses is never delivered later from the producer's buffer.
"""

from __future__ import annotations

from services.common.circuit import BrokerCircuit
from services.common.publishing import KafkaEventPublisher
from services.intake.domain.report import ReceivedEvent


class BrokerAway(ConnectionError):
    pass


class KafkaReportPublisher:
    def __init__(self, events: KafkaEventPublisher, *, topic: str, circuit: BrokerCircuit) -> None:
        self.events = events
        self.topic = topic
        self.circuit = circuit

    async def publish(self, event: ReceivedEvent) -> None:
        if not await self.circuit.allow():
            raise BrokerAway("the broker has not answered since the last failed publish")
        try:
            await self.events.publish(event, topic=self.topic, key=event.data.report_id)
        except BaseException:  # a timeout cancels us: that send may still be delivered
            self.circuit.trip()
            raise
