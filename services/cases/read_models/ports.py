"""What the read models need of the case store (the Mongo adapter and the fake implement it).

The read side gets stored documents as they are: a read model is the one place, beside
the adapter, that knows the document's shape (`documents.state_of`, `timeline`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

Document = dict[str, Any]
QueuePosition = tuple[datetime, str]  # (queue_at, case id) of the last row a page showed


class CaseReads(Protocol):
    async def case_document(self, case_id: str) -> Document | None:
        """The whole case document but its outbox."""
        ...

    def every_case(self) -> AsyncIterator[Document]:
        """Every case with its links joined (`reports`, `report_meta`), without outbox,
        notes or notifications: what the staff view loads at start-up, read in pages."""
        ...

    async def cases_by_id(self, case_ids: Sequence[str]) -> list[Document]:
        """Those cases (the ones that exist), shaped as `every_case` yields them."""
        ...

    async def changed_since(self, at: datetime) -> list[Document]:
        """`_id`, `version` and `assignee` of the cases whose `updated_at` is `at` or later
        (assignments and deadline changes: staff writes no event fully describes)."""
        ...

    async def report_by_tracking_code(self, tracking_code: str) -> Document | None: ...

    async def corrected_cases(self) -> list[Document]:
        """Whole case documents (timeline included) holding a staff triage correction."""
        ...

    async def reports_by_id(self, report_ids: Sequence[str]) -> list[Document]:
        """The stored reports (`reports` collection) of those ids that exist."""
        ...


@dataclass(frozen=True)
class AccessQuery:
    """Entries of the reporter-identity access log (`AccessLogReads`), all conditions ANDed.

    `office`: the entries by staff of that office or below it ("18" holds "18.12"), None
    for all; `officer`: the staff member's name or token subject, exact; `since` inclusive,
    `until` exclusive; `before`: only entries older than this (at, id), the page cursor."""

    office: str | None = None
    officer: str | None = None
    case_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    before: tuple[datetime, str] | None = None


class AccessLogReads(Protocol):
    async def access_entries(self, query: AccessQuery, limit: int) -> list[Document]:
        """At most `limit` entries, newest first (by `at`, then `_id`, both descending):
        one bounded, indexed query a page (services/cases/adapters/mongo_access_log.py)."""
        ...
