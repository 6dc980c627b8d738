"""A case's deliveries for the staff page: one row per notification, its latest outcome.

Built from the timeline's `notification.*` items (each attempt's outcome, as notify
published it): the row of a notification is its attempt with the highest count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from services.cases.read_models.models import TimelineItem

PREFIX = "notification."


@dataclass(frozen=True)
class DeliveryRow:
    notification_id: str
    recipient: str
    channel: str
    status: str  # delivered, failed (will be retried), dead (given up)
    attempts: int
    at: datetime
    next_attempt_at: str | None
    detail: str | None


def deliveries_of(timeline: Sequence[TimelineItem]) -> list[DeliveryRow]:
    latest: dict[str, DeliveryRow] = {}
    for item in timeline:
        if not item.action.startswith(PREFIX):
            continue
        d = item.details
        row = DeliveryRow(
            notification_id=str(d.get("notification_id") or ""),
            recipient=str(d.get("recipient") or ""),
            channel=str(d.get("channel") or ""),
            status=item.action.removeprefix(PREFIX),
            attempts=int(str(d.get("attempts") or 0)),
            at=item.at,
            next_attempt_at=str(d["next_attempt_at"]) if d.get("next_attempt_at") else None,
            detail=str(d["detail"]) if d.get("detail") else None,
        )
        known = latest.get(row.notification_id)
        if known is None or (row.attempts, row.at) >= (known.attempts, known.at):
            latest[row.notification_id] = row
    return sorted(latest.values(), key=lambda r: (r.at, r.notification_id))
