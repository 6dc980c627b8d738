"""Due deadlines and leases in memory (`DeadlineWatch`), over an `InMemoryCaseStore`."""

from __future__ import annotations

from datetime import datetime, timedelta

from services.cases.adapters.mongo_deadline_watch import due_query
from tests.fakes.cases.matcher import matches
from tests.fakes.cases.store import InMemoryCaseStore


class InMemoryDeadlineWatch:
    def __init__(self, store: InMemoryCaseStore) -> None:
        self.store = store
        self.leases: dict[str, tuple[str, datetime]] = {}  # case id -> (owner, until)

    async def due_cases(self, *, now: datetime, warn_before: timedelta, limit: int) -> list[str]:
        query = due_query(now, warn_before)
        due = [d for d in self.store.cases.values() if matches(d, query)]
        return [d["_id"] for d in sorted(due, key=lambda d: d["deadline_at"])][:limit]

    async def claim(self, case_id: str, *, owner: str, now: datetime, until: datetime) -> bool:
        held = self.leases.get(case_id)
        if held is not None and held[1] >= now:
            return False  # another replica holds a live lease
        self.leases[case_id] = (owner, until)
        return True

    async def release(self, case_id: str, *, owner: str) -> None:
        if self.leases.get(case_id, ("", None))[0] == owner:
            del self.leases[case_id]
