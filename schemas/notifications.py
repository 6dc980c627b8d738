"""Payload on `netra.notifications.delivered.v1` (key: case_id)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class DeliveryStatus(StrEnum):
    """One attempt's outcome: delivered; failed (tried again at `next_attempt_at`); dead
    (given up: not retryable or out of time, until an operator retries it)."""

    DELIVERED = "delivered"
    FAILED = "failed"
    DEAD = "dead"


class NotificationDelivered(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    notification_id: str  # sha of (source event id, recipient, channel): unique per delivery
    case_id: str
    source_event_id: str
    source_event_type: str
    recipient: str  # authority code, e.g. BAWASLU:18.12
    channel: str  # webhook, email, sms
    status: DeliveryStatus
    attempts: int
    finished_at: datetime
    detail: str | None = None
    next_attempt_at: datetime | None = None  # failed: when the next attempt is due
