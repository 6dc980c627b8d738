"""What the read models need of the case store (the Mongo adapter and the fake implement it).

The read side gets stored documents as they are: a read model is the one place, beside
the adapter, that knows the document's shape (`documents.state_of`, `timeline`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any, Protocol

from services.cases.domain.model import Actor
from services.cases.read_models.models import CaseFilters

Document = dict[str, Any]
QueuePosition = tuple[datetime, str]  # (queue_at, case id) of the last row a page showed


class CaseReads(Protocol):
    async def case_document(self, case_id: str) -> Document | None:
        """The whole case document but its outbox."""
        ...

    def queue(
        self,
        filters: CaseFilters,
        *,
        actor: Actor,
        now: datetime,
        after: QueuePosition | None = None,
    ) -> AsyncIterator[Document]:
        """Cases matching the filters in queue order: deadline first (`queue_at`), then id.

        May yield cases outside the actor's jurisdiction (a prefilter may only be wider than
        the policy): the read model checks `can_view` on each.
        """
        ...

    def every_case(self) -> AsyncIterator[Document]:
        """Every case without outbox, notes, notifications or summary (for statistics)."""
        ...

    async def report_by_tracking_code(self, tracking_code: str) -> Document | None: ...
