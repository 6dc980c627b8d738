"""Due deadlines from the staff view, once it is loaded.

The view holds every case's deadline, deadline state and next reminder and keeps them
current (this replica's writes at once, other replicas' from their events and the
read-back), in deadline order: finding the due cases is a walk of the rows whose deadline
is before `now + warn_before`, in memory, however many cases exist. The store's
`due_query` is a scan of every case on FerretDB 1.x (~5 s of store CPU at 20,000 cases),
so it is never asked here: while the view loads (itself a scan of every case: ~150 s at
100,000 cases) a pass finds nothing, and a deadline that fell due meanwhile is found by
the first pass after the load. Asking the store meanwhile ran a second full scan beside
the load, every minute until it finished (the 100,000-case bench, docs/decisions.md).

A row that lags behind the store costs nothing wrong: the scan reads the case it claims
and `refresh_deadline` decides from the stored state, so a case the view wrongly thinks
due is left unchanged, and one it wrongly thinks not due is found on the first scan after
the view learns (events, read-back: seconds). Claims and leases stay in the store
(`deadline_claims`, a small collection), so replicas still share the work safely.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from services.cases.domain.vocabulary import DeadlineState
from services.cases.read_models.staff_view import StaffView
from services.cases.read_models.view_rows import CaseRow
from services.cases.service_layer.ports import DeadlineWatch


def row_due(row: CaseRow, *, now: datetime, warn_before: timedelta) -> bool:
    """`due_query` (mongo_deadline_watch.py) on a row."""
    if not row.is_open or row.deadline_at is None:
        return False
    state = row.deadline_state
    if state == DeadlineState.OK.value:
        return row.deadline_at <= now + warn_before
    if state == DeadlineState.APPROACHING.value:
        return row.deadline_at < now
    if state == DeadlineState.MISSED.value:
        return row.deadline_remind_at is not None and row.deadline_remind_at <= now
    return False


class ViewDeadlineWatch:
    def __init__(self, view: StaffView, stored: DeadlineWatch) -> None:
        self.view = view
        self.stored = stored

    async def due_cases(self, *, now: datetime, warn_before: timedelta, limit: int) -> list[str]:
        if not self.view.warm:
            return []  # the first pass after the load finds what fell due meanwhile
        horizon = now + warn_before
        due: list[str] = []
        for row in self.view.in_queue_order():
            if row.deadline_at is None or row.deadline_at > horizon or len(due) == limit:
                break  # deadline order: nothing further on can be due
            if row_due(row, now=now, warn_before=warn_before):
                due.append(row.case_id)
        return due

    async def claim(self, case_id: str, *, owner: str, now: datetime, until: datetime) -> bool:
        return await self.stored.claim(case_id, owner=owner, now=now, until=until)

    async def release(self, case_id: str, *, owner: str) -> None:
        await self.stored.release(case_id, owner=owner)
