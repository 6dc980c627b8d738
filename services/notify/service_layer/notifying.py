"""Notifying: a case event -> each routed authority, once per channel, outcome published.

Today only `case.opened` is told; the other case events are acknowledged without a send.
A notification id is derived from (event, route, channel), so a redelivered event finds
its earlier delivery in the log and sends nothing again; it only republishes the outcome
(same event id, so consumers dedupe it).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime

from pydantic import BaseModel

from schemas import topics
from schemas.cases import CaseOpened
from schemas.envelope import Envelope
from schemas.events import NOTIFICATION_DELIVERED
from schemas.notifications import NotificationDelivered
from services.common.clock import Clock
from services.common.logging import get_logger
from services.common.publishing import EventPublisher
from services.notify.domain.deliveries import Delivery, Notification, SendResult
from services.notify.domain.messages import case_opened_body
from services.notify.service_layer.ports import Channel, DeliveryLog, Directory

log = get_logger(__name__)
SOURCE = "netra/notify"
ALREADY_DELIVERED = "already delivered"


async def notify_case_event(
    envelope: Envelope[BaseModel],
    *,
    directory: Directory,
    deliveries: DeliveryLog,
    channels: Mapping[str, Channel],
    publisher: EventPublisher,
    clock: Clock,
) -> list[Delivery]:
    """Returns the deliveries sent now (not those found delivered before), for metrics."""
    if not isinstance(envelope.data, CaseOpened):
        return []
    opened = envelope.data
    sent: list[Delivery] = []
    for notification in _notifications(envelope, opened, directory):
        earlier = await deliveries.find(notification.id)
        if earlier is not None and earlier.delivered:
            result = SendResult(True, earlier.attempts, ALREADY_DELIVERED)
        else:
            channel = channels[notification.endpoint.channel]
            result = await channel.send(
                target=notification.endpoint.target,
                notification_id=notification.id,
                body=case_opened_body(opened, notification),
            )
            sent.append(Delivery.of(notification, result, at=clock.now()))
            await deliveries.record(sent[-1])
        await publisher.publish(
            _outcome(notification, result, at=clock.now()),
            topic=topics.NOTIFICATIONS_DELIVERED,
            key=opened.case_id,
        )
        log.info(
            "notification_finished",
            case_id=opened.case_id,
            route=notification.recipient.route,
            status=result.status.value,
            attempts=result.attempts,
        )
    return sent


def _notifications(
    envelope: Envelope[BaseModel], opened: CaseOpened, directory: Directory
) -> list[Notification]:
    planned: list[Notification] = []
    for route in opened.routes:
        recipient = directory.recipient_for(route)
        if recipient is None:
            log.error("no_directory_entry", route=route, case_id=opened.case_id)
            continue
        planned.extend(
            Notification(envelope.id, envelope.type, opened.case_id, recipient, endpoint)
            for endpoint in recipient.endpoints
        )
    return planned


def _outcome(
    notification: Notification, result: SendResult, *, at: datetime
) -> Envelope[NotificationDelivered]:
    delivered = NotificationDelivered(
        notification_id=notification.id,
        case_id=notification.case_id,
        source_event_id=str(notification.event_id),
        source_event_type=notification.event_type,
        recipient=notification.recipient.route,
        channel=notification.endpoint.channel,
        status=result.status,
        attempts=result.attempts,
        finished_at=at,
        detail=result.detail,
    )
    return Envelope[NotificationDelivered](
        id=uuid.uuid5(notification.event_id, notification.id),
        source=SOURCE,
        time=at,
        type=NOTIFICATION_DELIVERED,
        subject=notification.case_id,
        data=delivered,
    )
