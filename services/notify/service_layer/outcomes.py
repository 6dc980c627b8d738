"""Each step of a delivery as a `notification.delivered` event for the case timeline."""

from __future__ import annotations

import uuid

from schemas import topics
from schemas.envelope import Envelope
from schemas.events import NOTIFICATION_DELIVERED
from schemas.notifications import DeliveryStatus, NotificationDelivered
from services.common.publishing import Outgoing
from services.notify.domain.delivery_progress import EntryKind, LogEntry, Progress
from services.notify.domain.plans import PlannedDelivery

SOURCE = "netra/notify"
# Outcome event ids are derived from (notification id, step): a step published twice
# (a retried publish, a restart) is the same event, which consumers drop.
OUTCOME_NAMESPACE = uuid.UUID("6f0c1f8e-8f9a-4c50-9a57-2f1d3c0b7a11")
# Parametrised once: `Envelope[...]` looks its class up again on every use. (Validating
# is kept: pydantic-core validates these values faster than `model_construct` builds them.)
OUTCOME_ENVELOPE = Envelope[NotificationDelivered]
STATUS_OF = {
    EntryKind.DELIVERED: DeliveryStatus.DELIVERED,
    EntryKind.FAILED: DeliveryStatus.FAILED,
    EntryKind.DEAD: DeliveryStatus.DEAD,
}


def outcome_event(planned: PlannedDelivery, entry: LogEntry, progress: Progress) -> Outgoing:
    """`progress` is the delivery's state after `entry` (attempts counted over all rounds)."""
    delivered = NotificationDelivered(
        notification_id=planned.notification_id,
        case_id=planned.case_id,
        source_event_id=planned.event_id,
        source_event_type=planned.event_type,
        recipient=planned.addressee.recipient_id,
        channel=planned.addressee.channel.value,
        status=STATUS_OF[entry.kind],
        attempts=progress.attempts,
        finished_at=entry.at,
        detail=entry.detail,
        next_attempt_at=entry.next_due,
    )
    envelope = OUTCOME_ENVELOPE(
        id=uuid.uuid5(OUTCOME_NAMESPACE, f"{planned.notification_id}#{entry.seq}"),
        source=SOURCE,
        time=entry.at,
        type=NOTIFICATION_DELIVERED,
        subject=planned.case_id,
        data=delivered,
    )
    return Outgoing(envelope, topics.NOTIFICATIONS_DELIVERED, planned.case_id, dict(planned.trace))
