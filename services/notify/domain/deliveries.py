"""One notification to one recipient over one channel: its id, a send's result, its record."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime

from schemas.notifications import DeliveryStatus
from services.notify.domain.directory import Endpoint, Recipient


def notification_id(*, source_event_id: str, route: str, channel: str) -> str:
    """Stable per (event, recipient, channel): the key that makes a second send impossible."""
    digest = hashlib.sha256(f"{source_event_id}|{route}|{channel}".encode()).hexdigest()
    return "NTF-" + digest[:32].upper()


@dataclass(frozen=True)
class Notification:
    """What is to be told: this event, to this recipient, over this endpoint."""

    event_id: uuid.UUID
    event_type: str
    case_id: str
    recipient: Recipient
    endpoint: Endpoint

    @functools.cached_property  # a sha256, asked for several times per notification
    def id(self) -> str:
        return notification_id(
            source_event_id=str(self.event_id),
            route=self.recipient.route,
            channel=self.endpoint.channel,
        )


@dataclass(frozen=True)
class SendResult:
    """What a channel reports after its last attempt; a channel never raises for a refusal."""

    delivered: bool
    attempts: int
    detail: str

    @property
    def status(self) -> DeliveryStatus:
        return DeliveryStatus.DELIVERED if self.delivered else DeliveryStatus.FAILED


@dataclass(frozen=True)
class Delivery:
    """The delivery log's view of one notification id after a send.

    `send_number` counts the sends of this id (1 for the first; an event that comes back
    after a failed send is sent again as 2, and so on). Read back from the log, the sends
    are merged (`merged`): `attempts` counts every attempt over all sends, and status,
    detail and finish time are the latest send's.
    """

    notification_id: str
    case_id: str
    route: str
    channel: str
    status: DeliveryStatus
    attempts: int
    detail: str
    finished_at: datetime
    send_number: int = 1

    @property
    def delivered(self) -> bool:
        return self.status is DeliveryStatus.DELIVERED

    @classmethod
    def of(
        cls, notification: Notification, result: SendResult, *, at: datetime, send_number: int
    ) -> Delivery:
        return cls(
            notification_id=notification.id,
            case_id=notification.case_id,
            route=notification.recipient.route,
            channel=notification.endpoint.channel,
            status=result.status,
            attempts=result.attempts,
            detail=result.detail,
            finished_at=at,
            send_number=send_number,
        )


def merged(first: Delivery, *later: Delivery) -> Delivery:
    """One id's sends as one entry: attempts added up, the latest send's outcome."""
    sends = sorted((first, *later), key=lambda d: d.send_number)
    return dataclasses.replace(sends[-1], attempts=sum(d.attempts for d in sends))
