from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime

from schemas.notifications import DeliveryStatus
from services.notify.domain.deliveries import (
    Delivery,
    Notification,
    SendResult,
    merged,
    notification_id,
)
from services.notify.domain.directory import Endpoint, Recipient

EVENT = uuid.UUID("0190f0e0-0000-7000-8000-000000000001")


def test_notification_id_is_stable_per_event_recipient_and_channel() -> None:
    a = notification_id(source_event_id="e1", route="BAWASLU:18", channel="webhook")
    assert a == notification_id(source_event_id="e1", route="BAWASLU:18", channel="webhook")
    assert a != notification_id(source_event_id="e2", route="BAWASLU:18", channel="webhook")
    assert a != notification_id(source_event_id="e1", route="GAKKUMDU:18", channel="webhook")
    assert a != notification_id(source_event_id="e1", route="BAWASLU:18", channel="email")


def test_a_delivery_records_the_notification_and_the_send_result() -> None:
    endpoint = Endpoint("webhook", "http://s/b")
    notification = Notification(
        EVENT, "case.opened", "CASE-1", Recipient("BAWASLU:18", "Bawaslu 18", (endpoint,)), endpoint
    )
    at = datetime(2026, 11, 1, tzinfo=UTC)
    delivery = Delivery.of(notification, SendResult(False, 3, "HTTP 503"), at=at, send_number=2)
    assert delivery == Delivery(
        notification_id=notification_id(
            source_event_id=str(EVENT), route="BAWASLU:18", channel="webhook"
        ),
        case_id="CASE-1",
        route="BAWASLU:18",
        channel="webhook",
        status=DeliveryStatus.FAILED,
        attempts=3,
        detail="HTTP 503",
        finished_at=at,
        send_number=2,
    )
    assert not delivery.delivered


def test_merged_sends_add_their_attempts_and_keep_the_latest_outcome() -> None:
    at = datetime(2026, 11, 1, tzinfo=UTC)
    first = Delivery("NTF-1", "CASE-1", "R", "webhook", DeliveryStatus.FAILED, 5, "HTTP 503", at)
    second = dataclasses.replace(
        first, status=DeliveryStatus.DELIVERED, attempts=1, detail="HTTP 200", send_number=2
    )
    assert merged(second, first) == dataclasses.replace(second, attempts=6)
    assert merged(first) == first
