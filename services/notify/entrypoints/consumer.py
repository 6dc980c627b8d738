"""Notify subscriber: `case.opened` -> each routed authority, once, over its channels."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from faststream.kafka import KafkaBroker
from prometheus_client import Counter
from pydantic import BaseModel

from schemas import topics
from schemas.cases import CaseOpened
from schemas.envelope import Envelope
from schemas.events import (
    CASE_DEADLINE_APPROACHING,
    CASE_DEADLINE_MISSED,
    CASE_OPENED,
    CASE_REPORT_LINKED,
    CASE_STATUS_CHANGED,
    NOTIFICATION_DELIVERED,
)
from schemas.notifications import DeliveryStatus, NotificationDelivered
from services.common.kafka import publish_event, subscribe
from services.common.logging import get_logger
from services.notify.adapters.deliveries import DeliveryLog
from services.notify.adapters.webhook import Channel, DeliveryResult
from services.notify.domain.directory import Directory, Endpoint, Recipient
from services.notify.domain.messages import case_opened_body, notification_id

log = get_logger(__name__)
CONSUMER = "notify"
CASE_EVENTS = frozenset(
    {
        CASE_OPENED,
        CASE_REPORT_LINKED,
        CASE_STATUS_CHANGED,
        CASE_DEADLINE_APPROACHING,
        CASE_DEADLINE_MISSED,
    }
)
SENT = Counter("netra_notifications_total", "Notification outcomes", ["channel", "status"])


class Notifier:
    def __init__(
        self,
        *,
        broker: KafkaBroker,
        directory: Directory,
        deliveries: DeliveryLog,
        channels: dict[str, Channel],
    ) -> None:
        self.broker = broker
        self.directory = directory
        self.deliveries = deliveries
        self.channels = channels

    async def on_case_event(self, envelope: Envelope[BaseModel]) -> None:
        if isinstance(envelope.data, CaseOpened):
            await self._notify_opened(envelope, envelope.data)

    async def _notify_opened(self, envelope: Envelope[BaseModel], opened: CaseOpened) -> None:
        for route in opened.routes:
            recipient = self.directory.recipient_for(route)
            if recipient is None:
                log.error("no_directory_entry", route=route, case_id=opened.case_id)
                continue
            for endpoint in recipient.endpoints:
                await self._deliver(envelope, opened, recipient, endpoint)

    async def _deliver(
        self,
        envelope: Envelope[BaseModel],
        opened: CaseOpened,
        recipient: Recipient,
        endpoint: Endpoint,
    ) -> None:
        nid = notification_id(
            source_event_id=str(envelope.id), route=recipient.route, channel=endpoint.channel
        )
        previous = await self.deliveries.delivered(nid)
        if previous is not None:
            result = DeliveryResult(True, int(previous.get("attempts", 1)), "already delivered")
        else:
            body = case_opened_body(
                opened,
                event_id=str(envelope.id),
                route=recipient.route,
                recipient_name=recipient.name,
                notification=nid,
            )
            result = await self.channels[endpoint.channel].send(
                target=endpoint.target, notification_id=nid, body=body
            )
            await self.deliveries.record(
                notification_id=nid,
                case_id=opened.case_id,
                route=recipient.route,
                channel=endpoint.channel,
                status="delivered" if result.delivered else "failed",
                attempts=result.attempts,
                detail=result.detail,
                at=datetime.now(UTC),
            )
            SENT.labels(channel=endpoint.channel, status=result.delivered).inc()
        await self._publish_outcome(envelope, opened.case_id, recipient, endpoint, nid, result)

    async def _publish_outcome(
        self,
        envelope: Envelope[BaseModel],
        case_id: str,
        recipient: Recipient,
        endpoint: Endpoint,
        nid: str,
        result: DeliveryResult,
    ) -> None:
        delivered = NotificationDelivered(
            notification_id=nid,
            case_id=case_id,
            source_event_id=str(envelope.id),
            source_event_type=envelope.type,
            recipient=recipient.route,
            channel=endpoint.channel,
            status=DeliveryStatus.DELIVERED if result.delivered else DeliveryStatus.FAILED,
            attempts=result.attempts,
            finished_at=datetime.now(UTC),
            detail=result.detail,
        )
        outgoing = Envelope[NotificationDelivered](
            id=uuid.uuid5(envelope.id, nid),
            source="netra/notify",
            type=NOTIFICATION_DELIVERED,
            subject=case_id,
            data=delivered,
        )
        await publish_event(
            self.broker, outgoing, topic=topics.NOTIFICATIONS_DELIVERED, key=case_id
        )
        log.info(
            "notification_finished",
            case_id=case_id,
            route=recipient.route,
            status=delivered.status.value,
            attempts=result.attempts,
        )


def register(broker: KafkaBroker, *, notifier: Notifier, retry_backoff_s: float) -> None:
    subscribe(
        broker,
        topics.CASES_EVENTS,
        group_id="netra-notify",
        consumer=CONSUMER,
        accept=CASE_EVENTS,
        handler=notifier.on_case_event,
        retry_backoff_s=retry_backoff_s,
    )
