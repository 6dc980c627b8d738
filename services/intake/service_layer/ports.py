"""What intake's use cases need from the outside world, as Protocols.

Real adapters: `adapters/kafka_publisher.py`, `adapters/file_spool.py`,
`adapters/status_client.py`; in-memory fakes: `tests/fakes/intake.py`; one contract
suite per port under `tests/contracts/intake/` runs the same tests on both.
"""

from __future__ import annotations

from typing import Protocol

from services.intake.domain.report import ReceivedEvent
from services.intake.domain.tracking import PublicStatus


class UnreadableSpoolItem(Exception):
    """A spooled report that cannot be read back (truncated, corrupted, foreign file)."""


class SpoolFull(Exception):
    """The spool holds as many reports (or bytes) as it is allowed to: it takes no more."""


class StatusUnavailable(Exception):
    """The cases service could not be asked, or did not answer as it promises."""


class ReportPublisher(Protocol):
    async def publish(self, event: ReceivedEvent) -> None:
        """Return only once the broker acknowledged; raise when it cannot."""
        ...


class Spool(Protocol):
    """Reports accepted while the broker is unreachable, kept durably under their report id."""

    def put(self, event: ReceivedEvent) -> None:
        """Return only once the report is durable (it survives a crash of the process).

        Raise `SpoolFull` when at capacity, `OSError` when the disk fails: either way the
        report was not kept.
        """
        ...

    def is_full(self) -> bool:
        """At capacity: the next `put` would raise `SpoolFull`."""
        ...

    def pending(self) -> list[str]:
        """Names of the reports waiting, oldest first (report ids sort by time)."""
        ...

    def read(self, name: str) -> ReceivedEvent:
        """The spooled report; raise `UnreadableSpoolItem` when it cannot be decoded
        (`OSError` when the disk fails: the item is not to blame)."""
        ...

    def remove(self, name: str) -> None: ...

    def set_aside(self, name: str, *, reason: str) -> None:
        """Keep an unreadable report for an operator, with the reason, out of `pending`
        (and out of the spool's bound: it no longer counts as waiting)."""
        ...

    def __len__(self) -> int: ...


class StatusSource(Protocol):
    async def find(self, tracking_code: str) -> PublicStatus | None:
        """The public status, None for an unknown code; raise `StatusUnavailable`."""
        ...


class EvidenceStore(Protocol):
    """Evidence files, content-addressed (named by their SHA-256), outside the Kafka message.

    Real adapter: `services/common/evidence_files.py` (a local directory that `make run`
    uses; the cases service reads the same store); fake: `tests/fakes/intake.py`.
    """

    async def put(self, sha256: str, data: bytes) -> bool:
        """Return once the file is durable; True when this call stored it, False when the
        same content was already there. Raise `OSError` when it cannot be kept."""
        ...

    async def discard(self, sha256: str) -> None:
        """Remove a file this filing stored (`put` returned True) that no report references."""
        ...

    async def read(self, sha256: str) -> bytes | None:
        """The file's bytes, None when there is none under that hash."""
        ...
