"""What notifying needs from the outside world, as Protocols the adapters implement.

Each port has an in-memory fake (tests/fakes/notify.py) and one contract suite
(tests/contracts/notify/) that runs the same tests against the fake and the real adapter.
The event publisher and the clock are shared ports (services.common.publishing, .clock).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any, Protocol

from schemas.reports import SealedReporter
from services.notify.domain.deliveries import Delivery, SendResult
from services.notify.domain.directory import Recipient
from services.notify.domain.reporter_targets import ReporterAddress


class Directory(Protocol):
    """Who serves a route code, with the endpoints (channel, target) to reach them."""

    def recipient_for(self, route: str) -> Recipient | None: ...


class DeliveryLog(Protocol):
    """The guard against sending a notification twice, insert-only on the normal path.

    On the shipped store every read and update is a scan of the collection; inserts stay
    flat (docs/decisions.md, "Notify: an insert-only delivery log"). So:

    - `claim` inserts one claim per notification id before its first send and returns the
      ids that were claimed before (by this or another process: a redelivered event, or
      one the cases service published again). A fresh id costs one insert, no read.
    - `record` inserts each send's outcome as send `send_number` of its id. A send
      recorded before is left as it was: not an error, a redelivery racing this one.
    - `find_all` reads the outcomes of the given ids, each id's sends merged
      (`domain.deliveries.merged`); an id claimed but never finished is absent. Notify
      calls it only for ids claimed before that this process does not remember.
    """

    async def claim(self, notification_ids: Sequence[str]) -> frozenset[str]: ...

    async def record(self, deliveries: Sequence[Delivery]) -> None: ...

    async def find_all(self, notification_ids: Collection[str]) -> dict[str, Delivery]: ...


class Channel(Protocol):
    """One way of reaching a recipient (webhook today; email, SMS/WhatsApp next).

    A new channel is one adapter implementing this, allowed in the directory by its name
    (domain.plans.ChannelName) and passed under that name by bootstrap.

    `send` tries up to the channel's attempt limit and reports the outcome; a refusal
    or an unreachable endpoint is a result, never an exception.
    """

    async def send(
        self, *, target: str, notification_id: str, body: Mapping[str, Any]
    ) -> SendResult: ...


class ReporterContacts(Protocol):
    """Opens a reporter's sealed contact in memory (the reporter key); never logs it.

    Raises `ContactUnreadable` when the key is missing or the ciphertext does not open.
    """

    def open(self, report_id: str, contact: SealedReporter) -> ReporterAddress: ...


class UnreachedAlarm(Protocol):
    """A recipient the matrix names but the directory cannot reach: counted where ops look
    (a metric), never a log line only."""

    def unreached(self, *, event_type: str, party: str, who: str, reason: str) -> None: ...
