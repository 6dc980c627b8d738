"""Notifying: case events -> each routed authority, once per channel, outcomes published.

Today only `case.opened` is told; the other case events are acknowledged without a send.
A notification id is derived from (event, route, channel), so an event that comes back
(redelivered, or published again by the cases service) finds its earlier delivery and
sends nothing again; it only republishes the outcome (same event id: consumers dedupe).

A batch of events: plan every notification, find which were handled before (this
process's memory first, then one claim insert for the rest; the store is read only for
ids claimed before), send the others concurrently (at most `send_concurrency` at once),
insert their outcomes, then publish every outcome and wait for all acknowledgements,
so the consumer commits the batch only when it is durable.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import BaseModel

from schemas import topics
from schemas.cases import CaseOpened
from schemas.envelope import Envelope
from schemas.events import NOTIFICATION_DELIVERED
from schemas.notifications import NotificationDelivered
from services.common.clock import Clock
from services.common.logging import get_logger
from services.common.publishing import EventPublisher, Outgoing
from services.common.telemetry import TraceCarrier, continuing
from services.notify.domain.deliveries import Delivery, Notification, SendResult, merged
from services.notify.domain.messages import case_opened_body
from services.notify.service_layer.ports import Channel, DeliveryLog, Directory
from services.notify.service_layer.recent import RecentDeliveries

log = get_logger(__name__)
SOURCE = "netra/notify"
ALREADY_DELIVERED = "already delivered"


@dataclass(frozen=True)
class CaseEvent:
    """A case event and the trace it continues (its webhooks and outcomes carry it on)."""

    envelope: Envelope[BaseModel]
    trace: TraceCarrier = field(default_factory=dict)


@dataclass(frozen=True)
class Planned:
    notification: Notification
    opened: CaseOpened
    trace: TraceCarrier


@dataclass
class CaseEventNotifier:
    directory: Directory
    deliveries: DeliveryLog
    channels: Mapping[str, Channel]
    publisher: EventPublisher
    clock: Clock
    recent: RecentDeliveries
    send_concurrency: int
    # Sends whose record the store refused (it was away); written before the next ones.
    unrecorded: list[Delivery] = field(default_factory=list)

    async def notify(self, events: Sequence[CaseEvent]) -> list[Delivery]:
        """Returns the deliveries sent now (not those found delivered before), for metrics."""
        planned = _planned(events, self.directory)
        if not planned:
            return []
        earlier = await self._earlier([p.notification.id for p in planned])
        to_send = [p for p in planned if not _delivered(earlier.get(p.notification.id))]
        sent = await self._send_all(to_send, earlier)
        results = {d.notification_id: SendResult(d.delivered, d.attempts, d.detail) for d in sent}
        outcomes: list[Outgoing] = []
        for p in planned:
            result = results.get(p.notification.id)
            if result is None:  # delivered before: told again, not sent again
                result = SendResult(True, earlier[p.notification.id].attempts, ALREADY_DELIVERED)
            outcome = _outcome(p.notification, result, at=self.clock.now())
            key = p.notification.case_id
            outcomes.append(Outgoing(outcome, topics.NOTIFICATIONS_DELIVERED, key, p.trace))
            log.info(
                "notification_finished",
                case_id=p.notification.case_id,
                route=p.notification.recipient.route,
                status=result.status.value,
                attempts=result.attempts,
            )
        await self.publisher.publish_all(outcomes)
        return sent

    async def _earlier(self, ids: list[str]) -> dict[str, Delivery]:
        """What is known of these ids from earlier sends; a fresh id is claimed, not read."""
        remembered = {i: d for i in ids if (d := self.recent.get(i)) is not None}
        unknown = [i for i in ids if i not in remembered]
        claimed_before = await self.deliveries.claim(unknown) if unknown else frozenset()
        if not claimed_before:
            return remembered
        log.info("notifications_seen_before", count=len(claimed_before))
        return remembered | await self.deliveries.find_all(claimed_before)

    async def _send_all(
        self, planned: Sequence[Planned], earlier: Mapping[str, Delivery]
    ) -> list[Delivery]:
        """Send concurrently; what was sent is recorded and remembered even if a send raised."""
        bound = asyncio.Semaphore(self.send_concurrency)

        async def send(p: Planned) -> Delivery:
            before = earlier.get(p.notification.id)
            async with bound:
                with continuing(p.trace):  # the webhook carries the case's trace on
                    result = await self.channels[p.notification.endpoint.channel].send(
                        target=p.notification.endpoint.target,
                        notification_id=p.notification.id,
                        body=case_opened_body(p.opened, p.notification),
                    )
            number = before.send_number + 1 if before else 1
            return Delivery.of(p.notification, result, at=self.clock.now(), send_number=number)

        finished = await asyncio.gather(*(send(p) for p in planned), return_exceptions=True)
        sent = [d for d in finished if isinstance(d, Delivery)]
        # Remembered before the record is written: if the store refuses it, the batch's
        # retry finds these sent (not only claimed) and does not send them again; their
        # record goes with the next write (`unrecorded`).
        self.recent.remember(
            merged(earlier[d.notification_id], d) if d.notification_id in earlier else d
            for d in sent
        )
        self.unrecorded.extend(sent)
        await self._record_unrecorded()
        if failures := [f for f in finished if isinstance(f, BaseException)]:
            raise failures[0]
        return sent

    async def _record_unrecorded(self) -> None:
        """Write every send not yet in the log (this batch's, and any an earlier batch
        could not write); insert-only, so writing one twice is harmless."""
        pending = list(self.unrecorded)
        if pending:
            await self.deliveries.record(pending)
            del self.unrecorded[: len(pending)]


def _delivered(earlier: Delivery | None) -> bool:
    return earlier is not None and earlier.delivered


def _planned(events: Sequence[CaseEvent], directory: Directory) -> list[Planned]:
    """Each notification once, in event order (a batch may hold one event twice)."""
    planned: dict[str, Planned] = {}
    for event in events:
        opened = event.envelope.data
        if not isinstance(opened, CaseOpened):
            continue
        for notification in _notifications(event.envelope, opened, directory):
            planned.setdefault(notification.id, Planned(notification, opened, event.trace))
    return list(planned.values())


def _notifications(
    envelope: Envelope[BaseModel], opened: CaseOpened, directory: Directory
) -> list[Notification]:
    notifications: list[Notification] = []
    for route in opened.routes:
        recipient = directory.recipient_for(route)
        if recipient is None:
            log.error("no_directory_entry", route=route, case_id=opened.case_id)
            continue
        notifications.extend(
            Notification(envelope.id, envelope.type, opened.case_id, recipient, endpoint)
            for endpoint in recipient.endpoints
        )
    return notifications


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
