"""In-memory fakes of notify's ports (services/notify/service_layer/ports.py).

tests/contracts/notify/ runs each against the same suite as its real adapter.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from services.notify.domain.deliveries import Delivery, SendResult
from services.notify.domain.directory import DirectoryEntry, Endpoint, Recipient, recipient_for


@dataclass
class InMemoryDeliveryLog:
    """Like the Mongo upsert: one entry per id, attempts add up, the latest outcome wins."""

    entries: dict[str, Delivery] = field(default_factory=dict)

    async def find(self, notification_id: str) -> Delivery | None:
        return self.entries.get(notification_id)

    async def record(self, delivery: Delivery) -> None:
        earlier = self.entries.get(delivery.notification_id)
        if earlier is not None:
            delivery = dataclasses.replace(delivery, attempts=earlier.attempts + delivery.attempts)
        self.entries[delivery.notification_id] = delivery


@dataclass(frozen=True)
class Sent:
    target: str
    notification_id: str
    body: dict[str, Any]


@dataclass
class RecordingChannel:
    """Keeps what arrived. `fail_next` attempts fail as a 5xx would (retried up to
    `max_attempts`); `down` makes every attempt fail as an unreachable endpoint would."""

    max_attempts: int = 3
    fail_next: int = 0
    down: bool = False
    sent: list[Sent] = field(default_factory=list)

    async def send(
        self, *, target: str, notification_id: str, body: Mapping[str, Any]
    ) -> SendResult:
        detail = "not attempted"
        for attempt in range(1, self.max_attempts + 1):
            if self.down:
                detail = "unreachable"
            elif self.fail_next > 0:
                self.fail_next -= 1
                detail = "temporary failure"
            else:
                self.sent.append(Sent(target, notification_id, dict(body)))
                return SendResult(True, attempt, "accepted")
        return SendResult(False, self.max_attempts, detail)


class InMemoryDirectory:
    """A directory from a table {pattern: (name, endpoints)}, matched by the domain rule."""

    def __init__(self, table: Mapping[str, tuple[str, Sequence[Endpoint]]]) -> None:
        self.entries = tuple(
            DirectoryEntry(pattern, name, tuple(endpoints))
            for pattern, (name, endpoints) in table.items()
        )

    def recipient_for(self, route: str) -> Recipient | None:
        return recipient_for(self.entries, route)
