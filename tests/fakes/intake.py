"""In-memory fakes of intake's ports (services/intake/service_layer/ports.py).

Run by the same contract suites as the real adapters (tests/contracts/intake/).
"""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass, field

from schemas.codec import encode
from services.intake.domain.report import ReceivedEvent
from services.intake.domain.tracking import PublicStatus
from services.intake.service_layer.ports import SpoolFull, StatusUnavailable, UnreadableSpoolItem


class BrokerUnreachable(ConnectionError):
    pass


class BrokerRefused(Exception):
    """The broker answered and refused this one message (too large, say)."""


@dataclass
class FakeReportPublisher:
    """Keeps what the "broker" acknowledged, in order.

    `unreachable` makes every publish raise; `delay_s` makes each one that long (longer
    than the use case's timeout is a broker that never answers); `rejects` lists report
    ids the broker refuses while it accepts the others.
    """

    published: list[ReceivedEvent] = field(default_factory=list)
    unreachable: bool = False
    delay_s: float = 0.0
    rejects: set[str] = field(default_factory=set)

    async def publish(self, event: ReceivedEvent) -> None:
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        if self.unreachable:
            raise BrokerUnreachable("no broker answered")
        if event.data.report_id in self.rejects:
            raise BrokerRefused(f"refused {event.data.report_id}")
        # Through the wire format, as Kafka would: an unserialisable event fails here.
        self.published.append(ReceivedEvent.model_validate_json(encode(event)))

    def report_ids(self) -> list[str]:
        return [event.data.report_id for event in self.published]


UNREADABLE = b"\x00 not an event"


@dataclass
class FakeSpool:
    """Bounded like the file spool: `max_reports` items or `max_bytes` encoded bytes."""

    items: dict[str, bytes] = field(default_factory=dict)
    set_aside_items: dict[str, bytes] = field(default_factory=dict)
    set_aside_reasons: dict[str, str] = field(default_factory=dict)
    full: bool = False  # a full disk: put raises as the file spool would
    max_reports: int = 1_000_000
    max_bytes: int = 1 << 40

    def put(self, event: ReceivedEvent) -> None:
        if self.full:
            raise OSError(28, "No space left on device")
        raw = encode(event)
        if self._at_capacity(adding=len(raw)):
            raise SpoolFull(f"{len(self.items)} reports")
        self.items[event.data.report_id] = raw

    def is_full(self) -> bool:
        return self._at_capacity(adding=1)

    def _at_capacity(self, *, adding: int) -> bool:
        held = sum(len(raw) for raw in self.items.values())
        return len(self.items) >= self.max_reports or held + adding > self.max_bytes

    def pending(self) -> list[str]:
        return sorted(self.items)

    def read(self, name: str) -> ReceivedEvent:
        raw = self.items[name]
        if raw == UNREADABLE:
            raise UnreadableSpoolItem(name)
        return ReceivedEvent.model_validate_json(raw)

    def remove(self, name: str) -> None:
        del self.items[name]

    def set_aside(self, name: str, *, reason: str) -> None:
        self.set_aside_items[name] = self.items.pop(name)
        self.set_aside_reasons[name] = reason

    def __len__(self) -> int:
        return len(self.items)

    def corrupt(self, name: str) -> None:
        """Spoil one item as a torn write or a stray file would."""
        self.items[name] = UNREADABLE


@dataclass
class FakeStatusSource:
    """The cases service's public status: `unavailable` is a service that does not answer,
    `failing` the codes it answers with an error."""

    statuses: dict[str, PublicStatus] = field(default_factory=dict)
    unavailable: bool = False
    failing: set[str] = field(default_factory=set)
    asked: list[str] = field(default_factory=list)

    async def find(self, tracking_code: str) -> PublicStatus | None:
        self.asked.append(tracking_code)
        if self.unavailable or tracking_code in self.failing:
            raise StatusUnavailable("the fake cases service is down")
        return self.statuses.get(tracking_code)


@dataclass
class FakeEvidenceStore:
    """Evidence in a dict keyed by SHA-256. `failing_after` makes the put after that many
    succeed raise OSError (a disk that fills mid-upload)."""

    files: dict[str, bytes] = field(default_factory=dict)
    failing_after: int | None = None
    puts: int = 0

    async def put(self, sha256: str, data: bytes) -> bool:
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ValueError("the data does not hash to the name given")
        if self.failing_after is not None and self.puts >= self.failing_after:
            raise OSError("no space left on the fake device")
        self.puts += 1
        if sha256 in self.files:
            return False
        self.files[sha256] = data
        return True

    async def discard(self, sha256: str) -> None:
        self.files.pop(sha256, None)

    async def read(self, sha256: str) -> bytes | None:
        return self.files.get(sha256)
