"""In-memory fakes of notify's ports (services/notify/service_layer/ports.py).

tests/contracts/notify/ runs each against the same suite as its real adapter.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import BaseModel

from schemas.envelope import Envelope
from schemas.gateway import DeliveryReceipt
from schemas.reports import SealedReporter
from services.common.telemetry import current_traceparent
from services.notify.domain.delivery_progress import DeliveryState, LogEntry, StoredDelivery
from services.notify.domain.plans import (
    Addressee,
    Audience,
    Message,
    PlannedDelivery,
    SendOutcome,
    planned_notification_id,
)
from services.notify.domain.reporter_targets import ContactUnreadable, ReporterAddress


@dataclass
class InMemoryDeliveryLog:
    """Like the Mongo log: planned deliveries (keyed per case event) and steps insert-only,
    a duplicate key leaves the first. `reads` counts every read, so tests can see the
    normal path never reads; `down` makes every call raise as an unreachable store would."""

    planned: dict[str, tuple[PlannedDelivery, datetime]] = field(default_factory=dict)
    events: set[str] = field(default_factory=set)  # the case events planned
    partitions: dict[str, int] = field(default_factory=dict)  # notification id -> partition
    entries: dict[tuple[str, int], LogEntry] = field(default_factory=dict)
    reads: int = 0
    down: bool = False

    def _check(self) -> None:
        if self.down:
            raise ConnectionError("delivery log unreachable")

    async def add_planned(
        self, planned: Sequence[PlannedDelivery], *, at: datetime, partition: int
    ) -> frozenset[str]:
        self._check()
        before = frozenset(p.notification_id for p in planned if p.event_id in self.events)
        for p in planned:
            if p.notification_id not in before:
                self.planned.setdefault(p.notification_id, (p, at))
                self.partitions.setdefault(p.notification_id, partition)
        self.events.update(p.event_id for p in planned)
        return before

    async def add_entries(self, entries: Sequence[LogEntry]) -> frozenset[tuple[str, int]]:
        self._check()
        keys = [(e.notification_id, e.seq) for e in entries]
        before = frozenset(k for k in keys if k in self.entries)
        for key, entry in zip(keys, entries, strict=True):
            self.entries.setdefault(key, entry)
        return before

    async def load_undelivered(self, *, partitions: frozenset[int] | None) -> list[StoredDelivery]:
        self._check()
        self.reads += 1
        stored = [self._stored(nid) for nid in self.planned]
        return [
            s
            for s in stored
            if s.progress.state is not DeliveryState.DELIVERED
            and (partitions is None or s.partition in partitions)
        ]

    async def find(self, notification_id: str) -> StoredDelivery | None:
        self._check()
        self.reads += 1
        return self._stored(notification_id) if notification_id in self.planned else None

    async def find_case(self, case_id: str) -> list[StoredDelivery]:
        self._check()
        self.reads += 1
        found = [self._stored(n) for n, (p, _) in self.planned.items() if p.case_id == case_id]
        return sorted(found, key=lambda s: (s.planned_at, s.planned.notification_id))

    def _stored(self, notification_id: str) -> StoredDelivery:
        planned, at = self.planned[notification_id]
        found = sorted(
            (e for (nid, _), e in self.entries.items() if nid == notification_id),
            key=lambda e: e.seq,
        )
        return StoredDelivery(planned, at, tuple(found), self.partitions.get(notification_id, 0))


@dataclass
class TablePlanner:
    """Plans one delivery per addressee for every case event (case id: the subject)."""

    addressees: Sequence[Addressee]

    async def plan(
        self, envelope: Envelope[BaseModel], trace: dict[str, str]
    ) -> Sequence[PlannedDelivery]:
        case_id = envelope.subject or "CASE-?"
        return [
            PlannedDelivery(
                notification_id=planned_notification_id(
                    event_id=str(envelope.id), recipient_id=a.recipient_id, channel=a.channel
                ),
                event_id=str(envelope.id),
                event_type=envelope.type,
                case_id=case_id,
                occurred_at=envelope.time,
                addressee=a,
                audience=Audience.OFFICIAL,
                template=envelope.type,
                context={"case_id": case_id},
                trace=trace,
            )
            for a in self.addressees
        ]


class PlainRenderer:
    """Renders the template name and context as text; the context is a webhook's data."""

    def render(self, planned: PlannedDelivery) -> Message:
        text = f"{planned.template} {planned.case_id} for {planned.addressee.name}"
        return Message(subject=planned.template, text=text, html=None, data=dict(planned.context))


@dataclass(frozen=True)
class Arrival:
    target: str
    notification_id: str
    message: Message
    traceparent: str | None  # the trace current while it was sent


@dataclass
class ScriptedChannel:
    """An OutboundChannel whose endpoints behave as told, per target: `down` (every
    attempt fails, retryable), `refusing` (fails, not retryable), `fail_next` (that many
    attempts fail, then it works), `slow_s` (each attempt takes that long)."""

    down: set[str] = field(default_factory=set)
    refusing: set[str] = field(default_factory=set)
    fail_next: dict[str, int] = field(default_factory=dict)
    slow_s: dict[str, float] = field(default_factory=dict)
    arrived: list[Arrival] = field(default_factory=list)
    attempts: int = 0
    arrival: asyncio.Event = field(default_factory=asyncio.Event)  # set on each arrival

    async def send(
        self, *, addressee: Addressee, notification_id: str, message: Message
    ) -> SendOutcome:
        self.attempts += 1
        target = addressee.target
        if delay := self.slow_s.get(target):
            await asyncio.sleep(delay)
        if target in self.down:
            return SendOutcome(False, True, "HTTP 503")
        if target in self.refusing:
            return SendOutcome(False, False, "HTTP 410")
        if self.fail_next.get(target, 0) > 0:
            self.fail_next[target] -= 1
            return SendOutcome(False, True, "HTTP 500")
        self.arrived.append(Arrival(target, notification_id, message, current_traceparent()))
        self.arrival.set()
        return SendOutcome(True, False, "HTTP 204")


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


class InMemoryReceipts:
    """The receipt log in memory (adapters/receipt_log.py's contract): a repeated receipt
    kept once, a delivery's read back oldest first."""

    def __init__(self) -> None:
        self.received: list[tuple[str, DeliveryReceipt]] = []

    async def record_receipt(self, *, notification_id: str, receipt: DeliveryReceipt) -> None:
        if (notification_id, receipt) not in self.received:
            self.received.append((notification_id, receipt))

    async def receipts_of(self, notification_id: str) -> list[DeliveryReceipt]:
        found = (r for nid, r in self.received if nid == notification_id)
        return sorted(found, key=lambda r: r.at)
