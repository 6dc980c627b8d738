"""What notifying needs from the outside world, as Protocols the adapters implement.

Each port has an in-memory fake (tests/fakes/notify.py) and one contract suite
(tests/contracts/notify/) that runs the same tests against the fake and the real adapter.
The event publisher and the clock are shared ports (services.common.publishing, .clock).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from services.notify.domain.deliveries import Delivery, SendResult
from services.notify.domain.directory import Recipient


class Directory(Protocol):
    """Who serves a route code, with the endpoints (channel, target) to reach them."""

    def recipient_for(self, route: str) -> Recipient | None: ...


class DeliveryLog(Protocol):
    """The record of every notification id: the guard against sending one twice.

    `record` keeps one entry per id: a second record of the same id adds its attempts
    to the first and replaces status, detail and finish time.
    """

    async def find(self, notification_id: str) -> Delivery | None: ...

    async def record(self, delivery: Delivery) -> None: ...


class Channel(Protocol):
    """One way of reaching a recipient (webhook today; email, SMS/WhatsApp next).

    A new channel is one adapter implementing this, allowed in the directory by its name
    (domain.directory.KNOWN_CHANNELS) and passed under that name by bootstrap.

    `send` tries up to the channel's attempt limit and reports the outcome; a refusal
    or an unreachable endpoint is a result, never an exception.
    """

    async def send(
        self, *, target: str, notification_id: str, body: Mapping[str, Any]
    ) -> SendResult: ...
