"""What the use cases need of the outside world, as Protocols; adapters implement them.

The real ones are in `adapters/` (FerretDB through the Mongo wire protocol, Kafka); the
in-memory fakes in `tests/fakes/cases/`. The contract suites in `tests/contracts/cases/` run
the same tests on both, so a fake cannot drift from the store it stands in for.

Report documents (`reports` collection) travel as plain mappings: they are the intake
contract's shape plus `case_id` and `decision`, and the use cases only read a few keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from schemas.notifications import NotificationDelivered
from schemas.reports import ReportReceived
from services.cases.domain.model import CaseState, TimelineEntry

Document = dict[str, Any]


@dataclass(frozen=True)
class StoredCase:
    """A case as the use cases read it: the domain state and who is assigned."""

    state: CaseState
    assignee: str | None = None


@dataclass(frozen=True)
class CaseRecord:
    """What a new case document keeps beside the domain state (read models show it)."""

    dedup_key: str
    summary: str
    report_meta: list[Document]
    categories: list[str] = field(default_factory=list)
    review_reasons: list[str] = field(default_factory=list)
    rules_fired: list[Document] = field(default_factory=list)
    reported_position: str | None = None
    reported_agency: str | None = None


@dataclass(frozen=True)
class PendingOutbox:
    case_id: str
    version: int
    entries: list[Document]


class CaseStore(Protocol):
    """The `cases` and `reports` collections. Every case write is one atomic document write.

    Version-conditioned writes return False (never raise) when somebody wrote first.
    """

    async def get(self, case_id: str) -> StoredCase | None: ...

    async def version_of(self, case_id: str) -> int | None: ...

    async def insert_case(
        self, case: CaseState, *, record: CaseRecord, outbox: Sequence[Document]
    ) -> bool:
        """False when a case with this id exists already (a redelivery cannot open two)."""
        ...

    async def delete_case(self, case_id: str) -> None: ...

    async def save_change(
        self,
        case: CaseState,
        *,
        expected_version: int,
        entries: Sequence[TimelineEntry],
        outbox: Sequence[Document] = (),
        also_set: Document | None = None,
        also_push: Document | None = None,
    ) -> bool:
        """State, new timeline entries and outbox in one write, only at `expected_version`."""
        ...

    async def push_note(self, case_id: str, note: Document) -> bool:
        """Append-only and no state change: `version` stays."""
        ...

    async def record_notification(
        self, delivered: NotificationDelivered, *, trace_id: str | None
    ) -> bool:
        """Once per notification id; False for a repeat. Leaves `version` alone."""
        ...

    async def open_case_for(self, dedup_key: str) -> CaseState | None:
        """The open (not closed) case of this dedup key, if any."""
        ...

    async def case_holding(self, report_id: str) -> str | None: ...

    async def record_received(self, report: ReportReceived) -> None:
        """Idempotent: a second record of the same report changes nothing."""
        ...

    async def attach_report(
        self, report: ReportReceived, *, case_id: str, decision: Document
    ) -> None: ...

    async def report(self, report_id: str) -> Document | None: ...

    async def move_report(self, report_id: str, *, case_id: str) -> None: ...


class DeadlineWatch(Protocol):
    """Which cases' stored deadline state is behind the clock, and a lease per case."""

    async def due_cases(self, *, now: datetime, warn_before: timedelta, limit: int) -> list[str]:
        """Open cases whose stored deadline state is behind `now`, soonest deadline first."""
        ...

    async def claim(self, case_id: str, *, owner: str, now: datetime, until: datetime) -> bool:
        """True for exactly one owner while its lease lives; an expired lease is taken over."""
        ...

    async def release(self, case_id: str, *, owner: str) -> None: ...


class Outbox(Protocol):
    """The events each case document carries until the relay has published them."""

    async def pending(self, limit: int) -> list[PendingOutbox]: ...

    async def clear(self, case_id: str, *, version: int) -> bool:
        """Empty the outbox unless the case changed since it was read (then False)."""
        ...


class AccessLog(Protocol):
    """Every opening of a sealed reporter identity, written before the identity is opened."""

    async def record(self, entry: Document) -> None: ...

    async def entries_for(self, case_id: str) -> list[Document]: ...
