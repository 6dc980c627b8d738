"""The staff view: every case as a `CaseRow`, in queue order, held in this process's memory.

Why in memory: on the shipped store every read is a scan of its collection (issue 9), so
a queue page, a statistic or an export read from the store costs minutes at 100,000
cases. The view is loaded once at start-up (`view_feed.warm`), kept current from the case
events every replica publishes and from this process's own staff writes at once, and
answers every staff query without touching the store. Until it is loaded it is `warming`
and staff queries answer 503 (`ViewWarming`); the hot path never waits for it.

Changes it cannot take from an event alone (a status change carries no deadline, version
or tracks) mark the case `dirty`; the feed reads those cases back in batches.
"""

from __future__ import annotations

import bisect
import sys
from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import datetime

from schemas.cases import (
    CaseDeadline,
    CaseOpened,
    CaseReportLinked,
    CaseStatus,
    CaseStatusChanged,
)
from services.cases.read_models.dashboard_tally import DashboardTally
from services.cases.read_models.view_rows import (
    UNKNOWN_CHANNEL,
    CaseRow,
    row_from_opened,
    sight_of,
    stored_time,
)

QueueKey = tuple[datetime, str]
CaseEvent = CaseOpened | CaseReportLinked | CaseStatusChanged | CaseDeadline


class ViewWarming(Exception):
    """The view is still loading: staff queries are refused (503, Retry-After)."""


class StaffView:
    def __init__(self) -> None:
        self.rows: dict[str, CaseRow] = {}
        self._order: list[QueueKey] = []  # every row's queue key, sorted
        self.report_codes: dict[str, str] = {}  # tracking code -> report id
        self.report_case: dict[str, str] = {}  # report id -> case id
        self.dirty: set[str] = set()  # cases to read back from the store
        self.warm = False
        self.loaded = 0  # cases read so far by the current load (progress while warming)
        self._held: list[CaseEvent] = []  # events that came while the load ran
        self.tally = DashboardTally()  # the dashboard's figures, kept with every row change

    # -- reading --------------------------------------------------------------------------
    def require_warm(self) -> None:
        if not self.warm:
            raise ViewWarming

    def in_queue_order(self, after: QueueKey | None = None) -> Iterator[CaseRow]:
        """Rows by deadline (none last), then id; from just after `after` when given.

        Iterates a copy of the order (a list of references: about a millisecond at
        100,000 cases), so an export paused between rows never skips or repeats one."""
        start = 0 if after is None else bisect.bisect_right(self._order, after)
        for _, case_id in self._order[start:]:
            row = self.rows.get(case_id)
            if row is not None:
                yield row

    def case_of_code(self, tracking_code: str) -> str | None:
        report_id = self.report_codes.get(tracking_code)
        return None if report_id is None else self.report_case.get(report_id)

    # -- writing --------------------------------------------------------------------------
    def put(self, row: CaseRow, codes: Mapping[str, str] = {}) -> None:
        old = self.rows.get(row.case_id)
        if old is not None:
            self._unorder(old)
            for report_id in set(old.report_ids) - set(row.report_ids):
                if self.report_case.get(report_id) == row.case_id:
                    del self.report_case[report_id]
        self.rows[row.case_id] = row
        self.tally.replace(old, row)
        bisect.insort(self._order, row.queue_key)
        for report_id in row.report_ids:
            self.report_case[report_id] = row.case_id
        self.report_codes.update(codes)
        if row.complete:
            self.dirty.discard(row.case_id)
        else:
            self.dirty.add(row.case_id)

    def drop(self, case_id: str) -> None:
        old = self.rows.pop(case_id, None)
        if old is not None:
            self._unorder(old)
            self.tally.replace(old, None)
            for report_id in old.report_ids:
                if self.report_case.get(report_id) == case_id:
                    del self.report_case[report_id]
        self.dirty.discard(case_id)

    def _unorder(self, row: CaseRow) -> None:
        index = bisect.bisect_left(self._order, row.queue_key)
        if index < len(self._order) and self._order[index] == row.queue_key:
            del self._order[index]

    # -- events from any replica (each replica reads every case event) ---------------------
    def apply(self, event: CaseEvent) -> None:
        """While warming, events wait (the load may still overwrite a row with what it
        read before the event); `loaded()` plays them in order once the load is done."""
        if not self.warm:
            self._held.append(event)
        elif isinstance(event, CaseOpened):
            self.opened(event)
        elif isinstance(event, CaseReportLinked):
            self.linked(event)
        elif isinstance(event, CaseStatusChanged):
            self.status_changed(event)
        else:
            self.deadline(event)

    @property
    def held(self) -> int:
        """Events waiting for the load to finish."""
        return len(self._held)

    def finish_loading(self) -> None:
        self.warm = True
        held, self._held = self._held, []
        for event in held:
            self.apply(event)

    def opened(self, event: CaseOpened) -> None:
        if event.case_id in self.rows:
            return  # this process's own write, a redelivery, or already loaded
        codes = {event.tracking_code: event.report_id} if event.tracking_code else {}
        self.put(row_from_opened(event), codes)

    def linked(self, event: CaseReportLinked) -> None:
        if event.tracking_code:
            self.report_codes[event.tracking_code] = event.report_id
        row = self.rows.get(event.case_id)
        if row is None:
            self.dirty.add(event.case_id)
            return
        if event.report_id not in row.report_ids:
            channel = event.channel or UNKNOWN_CHANNEL
            received = stored_time(event.received_at or event.linked_at)
            intake = (*row.intake, (received, sys.intern(channel)))
            self.put(replace(row, report_ids=(*row.report_ids, event.report_id), intake=intake))
            if event.channel is None:
                self.dirty.add(event.case_id)  # a staff link's event: the channel from the store

    def status_changed(self, event: CaseStatusChanged) -> None:
        """The status at once; deadline, version and tracks come with the read-back."""
        row = self.rows.get(event.case_id)
        changed_at = stored_time(event.changed_at)
        if row is not None and row.changes and row.changes[-1][1] >= changed_at:
            return  # this process wrote it (or a later change) already
        self.dirty.add(event.case_id)
        if row is None or row.status.value != event.from_status:
            return  # out of step with the event: only the read-back can say
        routes = tuple(event.routes) or row.routes
        changes = (*row.changes, (event.to_status, changed_at))
        sight = sight_of(row.case_id, routes, row.region_code, row.sight.tracks)
        status = CaseStatus(event.to_status)
        self.put(replace(row, status=status, routes=routes, changes=changes, sight=sight))
        self.dirty.add(event.case_id)

    def deadline(self, event: CaseDeadline) -> None:
        """A deadline warning or miss: this replica's own scan wrote it already when the
        row shows a warning for that deadline; otherwise the read-back says which."""
        row = self.rows.get(event.case_id)
        if row is None or row.deadline_at != stored_time(event.deadline_at):
            self.touched(event.case_id)
            return
        if event.detected_at > event.deadline_at:  # missed (first notice or a reminder)
            # this replica's own write set the next reminder after the moment it detected
            remind_at = row.deadline_remind_at
            known = row.deadline_state == "missed" and (
                remind_at is None or remind_at > event.detected_at
            )
        else:
            known = row.deadline_state in ("approaching", "missed")
        if not known:  # the deadline scan reads the view: it must not lag behind
            self.touched(event.case_id)

    def touched(self, case_id: str) -> None:
        """Something changed that no event field says (deadlines): read it back."""
        self.dirty.add(case_id)

    def take_dirty(self, limit: int) -> list[str]:
        taken = sorted(self.dirty)[:limit]
        self.dirty.difference_update(taken)
        return taken
