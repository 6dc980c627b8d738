"""In-memory fakes of notify's ports (services/notify/service_layer/ports.py).

tests/contracts/notify/ runs each against the same suite as its real adapter.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from schemas.reports import SealedReporter
from services.notify.domain.deliveries import Delivery, SendResult, merged
from services.notify.domain.directory import DirectoryEntry, Endpoint, Recipient, recipient_for
from services.notify.domain.reporter_targets import ContactUnreadable, ReporterAddress


@dataclass
class InMemoryDeliveryLog:
    """Like the Mongo log: claims and sends insert-only, a duplicate key leaves the first.

    `reads` counts `find_all` calls, so tests can see the normal path never reads.
    """

    claims: set[str] = field(default_factory=set)
    sends: dict[tuple[str, int], Delivery] = field(default_factory=dict)
    reads: int = 0

    async def claim(self, notification_ids: Sequence[str]) -> frozenset[str]:
        before = frozenset(i for i in notification_ids if i in self.claims)
        self.claims.update(notification_ids)
        return before

    async def record(self, deliveries: Sequence[Delivery]) -> None:
        for delivery in deliveries:
            self.sends.setdefault((delivery.notification_id, delivery.send_number), delivery)

    async def find_all(self, notification_ids: Collection[str]) -> dict[str, Delivery]:
        self.reads += 1
        found: dict[str, list[Delivery]] = {}
        for (nid, _), delivery in self.sends.items():
            if nid in notification_ids:
                found.setdefault(nid, []).append(delivery)
        return {nid: merged(*sends) for nid, sends in found.items()}


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


@dataclass
class InMemoryContacts:
    """`ReporterContacts` over a table: `seal` stands in for intake's sealing, binding the
    contact to its report as the AES-GCM associated data does."""

    sealed: dict[str, tuple[str, ReporterAddress]] = field(default_factory=dict)
    opened: int = 0

    def seal(self, report_id: str, address: ReporterAddress) -> SealedReporter:
        token = f"ct{len(self.sealed)}"
        self.sealed[token] = (report_id, address)
        return SealedReporter(
            anonymous=False, wants_updates=True, key_id="fake", nonce="n", ciphertext=token
        )

    def open(self, report_id: str, contact: SealedReporter) -> ReporterAddress:
        if not contact.ciphertext:
            raise ContactUnreadable(f"report {report_id}: the contact is not sealed")
        found = self.sealed.get(contact.ciphertext)
        if found is None or found[0] != report_id:
            raise ContactUnreadable(f"report {report_id}: the contact does not open")
        self.opened += 1
        return found[1]


@dataclass(frozen=True)
class Alarm:
    event_type: str
    party: str
    who: str
    reason: str


@dataclass
class RecordingAlarm:
    """`UnreachedAlarm` that keeps what it was told."""

    raised: list[Alarm] = field(default_factory=list)

    def unreached(self, *, event_type: str, party: str, who: str, reason: str) -> None:
        self.raised.append(Alarm(event_type, party, who, reason))
