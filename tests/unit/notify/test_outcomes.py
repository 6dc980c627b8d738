"""The `notification.delivered` event of a step (its envelope class parametrised once): the
event `Envelope[NotificationDelivered](...)` makes, field for field and byte for byte."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from schemas.codec import decode, encode
from schemas.envelope import Envelope
from schemas.events import NOTIFICATION_DELIVERED
from schemas.notifications import NotificationDelivered
from services.notify.domain.delivery_progress import DeliveryState, EntryKind, LogEntry, Progress
from services.notify.domain.plans import (
    Addressee,
    Audience,
    ChannelName,
    PlannedDelivery,
    planned_notification_id,
)
from services.notify.service_layer.outcomes import outcome_event

AT = datetime(2026, 11, 3, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kind", "detail", "next_due"),
    [
        (EntryKind.DELIVERED, "accepted", None),
        (EntryKind.FAILED, "HTTP 503", AT + timedelta(seconds=5)),
        (EntryKind.DEAD, "HTTP 410", None),
    ],
)
def test_the_outcome_event_is_the_validated_one(
    kind: EntryKind, detail: str, next_due: datetime | None
) -> None:
    addressee = Addressee("bawaslu-lampung", "Bawaslu Lampung", ChannelName.WEBHOOK, "https://x")
    nid = planned_notification_id(event_id="E1", recipient_id="r", channel="webhook")
    planned = PlannedDelivery(
        nid, "E1", "case.opened", "CASE-1", AT, addressee, Audience.OFFICIAL, "case.opened", {}
    )
    entry = LogEntry(nid, 2, kind, AT, detail, next_due)
    progress = Progress(DeliveryState.RETRYING, 2, 2, AT, AT, 2)

    outgoing = outcome_event(planned, entry, progress)

    expected = Envelope[NotificationDelivered](
        id=outgoing.envelope.id,
        source="netra/notify",
        time=AT,
        type=NOTIFICATION_DELIVERED,
        subject="CASE-1",
        data=NotificationDelivered(
            notification_id=nid,
            case_id="CASE-1",
            source_event_id="E1",
            source_event_type="case.opened",
            recipient="bawaslu-lampung",
            channel="webhook",
            status=kind.value,
            attempts=2,
            finished_at=AT,
            detail=detail,
            next_attempt_at=next_due,
        ),
    )
    assert outgoing.envelope == expected
    assert encode(outgoing.envelope) == encode(expected)
    assert decode(encode(outgoing.envelope)) == decode(encode(expected))
    assert outgoing.envelope.model_fields_set == expected.model_fields_set
    assert outgoing.key == "CASE-1"
    # The same step always gives the same event id (consumers drop the repeat).
    assert outcome_event(planned, entry, progress).envelope.id == outgoing.envelope.id
