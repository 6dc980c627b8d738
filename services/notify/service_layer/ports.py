"""What notifying needs from the outside world, as Protocols the adapters implement.

Each port has an in-memory fake (tests/fakes/notify.py) and one contract suite
(tests/contracts/notify/) that runs the same tests against the fake and the real adapter.
The event publisher and the clock are shared ports (services.common.publishing, .clock).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from schemas.reports import SealedReporter
from services.notify.domain.delivery_progress import LogEntry, StoredDelivery
from services.notify.domain.plans import PlannedDelivery
from services.notify.domain.reporter_targets import ReporterAddress


class DeliveryLog(Protocol):
    """Planned deliveries and each step of theirs, insert-only on the normal path.

    On the shipped store every read and update is a scan of the collection; inserts stay
    flat (docs/decisions.md, "Notify: an insert-only delivery log"). So:

    - `add_planned` inserts the planned deliveries as pending, with the partition of the
      case events they were planned from. Key: the case event. An event's deliveries are
      planned once, together: for an event planned before (redelivered, or published
      again by the cases service) it records nothing and returns the ids it was given,
      even one the first plan did not hold (a recipient added to the directory since).
      Deliveries of one event share its type, case, time and trace.
    - `add_entries` inserts steps (key: notification id and `seq`); returns the keys
      that were taken before (another process recorded that step): left as they were.
    - `load_undelivered` reads the planned deliveries not delivered yet (pending,
      retrying, dead) with their entries, of the partitions a replica was just assigned:
      once per assignment. One planned before partitions were recorded counts as 0's.
    - `find` reads one (`netra deliveries show|retry`); `find_case` a case's.
    """

    async def add_planned(
        self, planned: Sequence[PlannedDelivery], *, at: datetime, partition: int
    ) -> frozenset[str]: ...

    async def add_entries(self, entries: Sequence[LogEntry]) -> frozenset[tuple[str, int]]: ...

    async def load_undelivered(
        self, *, partitions: frozenset[int] | None
    ) -> list[StoredDelivery]: ...

    async def find(self, notification_id: str) -> StoredDelivery | None: ...

    async def find_case(self, case_id: str) -> list[StoredDelivery]: ...


class ReporterContacts(Protocol):
    """Opens a reporter's sealed contact in memory (the reporter key); never logs it.

    Raises `ContactUnreadable` when the key is missing or the ciphertext does not open.
    """

    def open(self, report_id: str, contact: SealedReporter) -> ReporterAddress: ...


class UnreachedAlarm(Protocol):
    """A recipient the matrix names but the directory cannot reach: counted where ops look
    (a metric), never a log line only."""

    def unreached(self, *, event_type: str, party: str, who: str, reason: str) -> None: ...
