"""What the use cases need of the outside world, as Protocols; adapters implement them.

The real ones are in `adapters/` (FerretDB through the Mongo wire protocol, Kafka); the
in-memory fakes in `tests/fakes/cases/`. The contract suites in `tests/contracts/cases/` run
the same tests on both, so a fake cannot drift from the store it stands in for.

Report documents (`reports` collection) travel as plain mappings: they are the intake
contract's shape plus `case_id` and `decision`, and the use cases only read a few keys.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from schemas.notifications import NotificationDelivered
from schemas.reports import ReportReceived
from services.cases.domain.model import CaseState, TimelineEntry

# `marked_before` meaning "whenever marked": every pending case, however fresh its mark.
EVERY_MARK = datetime.max.replace(tzinfo=UTC)

Document = dict[str, Any]


@dataclass(frozen=True)
class StoredCase:
    """A case as the use cases read it: the domain state, who is assigned, and what the
    record keeps that a forward's packet shows (summary, reported position and agency)."""

    state: CaseState
    assignee: str | None = None
    summary: str | None = None
    reported_position: str | None = None
    reported_agency: str | None = None


@dataclass(frozen=True)
class CaseRecord:
    """What a new case document keeps beside the domain state (read models show it)."""

    dedup_key: str
    summary: str
    report_meta: list[Document]
    categories: list[str] = field(default_factory=list)
    review_reasons: list[str] = field(default_factory=list)
    rules_fired: list[Document] = field(default_factory=list)
    # The rest of what triage decided, for the case page's "why here" (new_cases.triage_basis).
    triage_basis: Document = field(default_factory=dict)
    reported_position: str | None = None
    reported_agency: str | None = None
    triage_partition: int | None = None  # the partition of the triaged topic it came from
    overflow_of: str | None = None  # the full case whose dedup key this case took over
    pending_move: Document | None = None  # a split not yet complete (service_layer/moves.py)


@dataclass(frozen=True)
class PendingOutbox:
    case_id: str
    version: int
    entries: list[Document]


class CaseStore(Protocol):
    """Cases as staff work them. Every case write is one atomic document write.

    `get` assembles the case: its document plus the reports the hot path linked
    (`case_links`) and its deliveries (`case_notifications`). Version-conditioned writes
    return False (never raise) when somebody wrote first.
    """

    async def get(self, case_id: str) -> StoredCase | None: ...

    async def version_of(self, case_id: str) -> int | None: ...

    async def insert_case(
        self, case: CaseState, *, record: CaseRecord, outbox: Sequence[Document]
    ) -> bool:
        """False when a case with this id exists already (a redelivery cannot open two)."""
        ...

    async def save_change(
        self,
        case: CaseState,
        *,
        expected_version: int,
        entries: Sequence[TimelineEntry],
        outbox: Sequence[Document] = (),
        also_set: Document | None = None,
        also_push: Document | None = None,
        folded: Sequence[str] = (),
    ) -> bool:
        """State, new timeline entries and outbox in one write, only at `expected_version`.

        `folded`: report ids the caller saw on the case (its links included); from now on
        the case document's own `reports` is the truth about them, so a link a staff
        member removed does not come back from `case_links`.
        """
        ...

    async def push_note(self, case_id: str, note: Document) -> bool:
        """Append-only and no state change: `version` stays."""
        ...

    async def report(self, report_id: str) -> Document | None:
        """The stored report joined with its filing (`case_id`, `decision`) when filed."""
        ...

    async def move_report(self, report_id: str, *, case_id: str) -> None:
        """Staff moved the report: its filing now names `case_id` (created if missing)."""
        ...

    async def pending_moves(
        self, limit: int, *, marked_before: datetime = EVERY_MARK
    ) -> list[tuple[str, Document]]:
        """Cases carrying a `pending_move` (a link or split not yet complete), with it;
        only those whose newest mark is older than `marked_before` (the recovery's grace)."""
        ...

    async def finish_move(self, case_id: str) -> bool:
        """Clear the case's `pending_move` (no state change: `version` stays); False when
        the case is gone or could not be written."""
        ...


@dataclass(frozen=True)
class Filing:
    """`report_filings`: which case a triaged report was filed on (its idempotency record)."""

    report_id: str
    case_id: str
    decision: Document
    filed_at: datetime
    event_id: str  # the report.triaged event it was filed from


@dataclass(frozen=True)
class Filed:
    """A stored filing as a redelivery reads it back."""

    case_id: str
    event_id: str


@dataclass(frozen=True)
class NewCase:
    case: CaseState
    record: CaseRecord


@dataclass(frozen=True)
class CaseLink:
    """`case_links`: a duplicate joined an open case; the case document is not touched."""

    report_id: str
    case_id: str
    anonymous: bool
    linked_at: datetime
    report_meta: Document
    entry: TimelineEntry
    triage_partition: int


@dataclass(frozen=True)
class CaseOverflow:
    """`case_overflows`: `case_id` holds the most linked reports allowed, so the next report
    of its dedup key opened `overflow_case_id`; `entry` shows that on the full case."""

    case_id: str
    overflow_case_id: str
    entry: TimelineEntry


@dataclass(frozen=True)
class Delivery:
    """`case_notifications`: one delivered (or failed) notification of a case."""

    delivered: NotificationDelivered
    trace_id: str | None


@dataclass(frozen=True)
class OpenCase:
    """What a partition's state keeps of an open case: its id and how many reports it has."""

    case_id: str
    dedup_key: str
    reports: int


class FilingLog(Protocol):
    """The hot path's writes: inserts only, many at a time, never a read or an update.

    Each `insert_*` writes what is new and returns the ids that were already there
    (a redelivery: "already done", not an error); any other failure raises.
    """

    async def insert_reports(self, reports: Sequence[ReportReceived]) -> set[str]: ...

    async def insert_filings(self, filings: Sequence[Filing]) -> set[str]: ...

    async def insert_cases(self, cases: Sequence[NewCase]) -> set[str]: ...

    async def insert_links(self, links: Sequence[CaseLink]) -> set[str]: ...

    async def insert_overflows(self, overflows: Sequence[CaseOverflow]) -> set[str]: ...

    async def insert_deliveries(self, deliveries: Sequence[Delivery]) -> set[str]: ...

    async def filed_on(self, report_ids: Sequence[str]) -> dict[str, Filed]:
        """The stored filings of these reports (read on redelivery only)."""
        ...

    async def refile(self, filing: Filing) -> None:
        """Replace a filing (a redelivery showed the batch decided it on a wrong premise)."""
        ...


class OpenCases(Protocol):
    """What a partition's state is rebuilt from (one query per assignment)."""

    async def open_cases(self, partitions: frozenset[int]) -> dict[int, list[OpenCase]]:
        """The open cases opened from these partitions, with their linked reports counted."""
        ...


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

    async def pending(
        self, limit: int, *, marked_before: datetime = EVERY_MARK
    ) -> list[PendingOutbox]:
        """Cases with a pending outbox whose newest mark is older than `marked_before`."""
        ...

    async def pending_of(self, case_ids: Collection[str]) -> list[PendingOutbox]:
        """Those of these cases whose outbox holds entries (what this replica wrote)."""
        ...

    async def clear(self, case_id: str, *, version: int) -> bool:
        """Empty the outbox unless the case changed since it was read (then False), or it
        could not be written (its write slot held: False too, the version unchanged)."""
        ...

    async def version_of(self, case_id: str) -> int | None: ...


class Leases(Protocol):
    """Time slots of a named duty, each held by the one holder whose claim came first
    (insert-only: no read, no update; service_layer/lease.py)."""

    async def claim(self, name: str, slot: int, *, holder: str) -> bool:
        """True when this claim made `holder` the slot's holder; False when one came first."""
        ...

    async def drop_before(self, name: str, slot: int) -> None:
        """Forget the claims of the slots before `slot` (housekeeping)."""
        ...


class AccessLog(Protocol):
    """Every opening of a sealed reporter identity, written before the identity is opened."""

    async def record(self, entry: Document) -> None: ...

    async def entries_for(self, case_id: str) -> list[Document]: ...


class EvidenceFiles(Protocol):
    """The evidence files intake stored, by SHA-256 (services/common/evidence_files.py)."""

    async def read(self, sha256: str) -> bytes | None:
        """The file's bytes, None when the store has none under that hash; raise `OSError`
        when the store fails or the bytes no longer match the hash."""
        ...
