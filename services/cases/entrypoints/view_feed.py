"""The staff view's feed: every case event of every replica, and its background upkeep.

At start-up the view is loaded from the store (retried until it succeeds;
`/ready/staff-view` and the staff read routes say `warming` meanwhile). Then the feed
(`CaseEventFeed`: every partition of `netra.cases.events.v1`, no consumer group, nothing
committed) replays the case events from a moment taken just before the load began, and
follows them on: whatever was published while the load ran is applied after it, and
applying an event the load already saw changes nothing. Events that cannot describe the
row fully (field-less staff events such as `case.assigned`) mark their case dirty, and the
dirty cases are read back in batches. Every `reconcile_interval_s` (the first one interval
after the load, not at once) a reconcile pass looks for cases changed without any event
(docs/architecture.md lists the steps that publish none).
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from fastapi import APIRouter, Response

from schemas.cases import CaseDeadline, CaseOpened, CaseReportLinked, CaseStatusChanged
from schemas.codec import InvalidEvent, decode
from schemas.events import (
    CASE_ASSIGNED,
    CASE_CLOSED,
    CASE_DEADLINE_APPROACHING,
    CASE_DEADLINE_MISSED,
    CASE_ESCALATED,
    CASE_FORWARDED,
    CASE_OPENED,
    CASE_REGISTERED,
    CASE_REPORT_LINKED,
    CASE_REPORT_UNLINKED,
    CASE_STATUS_CHANGED,
    CASE_TRIAGE_CORRECTED,
)
from services.cases.entrypoints.deps import View
from services.cases.entrypoints.staff_errors import WARMING_RETRY_AFTER_S
from services.cases.read_models.ports import CaseReads
from services.cases.read_models.staff_view import StaffView
from services.cases.read_models.view_upkeep import load, reconcile, refresh
from services.common import heap
from services.common.clock import Clock
from services.common.logging import get_logger
from services.common.problem import problem_response

log = get_logger(__name__)
VIEWED = frozenset(
    {
        CASE_OPENED,
        CASE_REPORT_LINKED,
        CASE_STATUS_CHANGED,
        CASE_DEADLINE_APPROACHING,
        CASE_DEADLINE_MISSED,
    }
)
# Staff writes whose event carries no row fields: the case is read back (an assignment
# elsewhere is then seen in seconds, not at the next reconcile pass).
TOUCHING = frozenset(
    {
        CASE_ASSIGNED,
        CASE_CLOSED,
        CASE_ESCALATED,
        CASE_FORWARDED,
        CASE_REGISTERED,
        CASE_REPORT_UNLINKED,
        CASE_TRIAGE_CORRECTED,  # category, subject type, region, routes: the row's own
    }
)


OnEvent = Callable[[str | None, bytes], None]  # (the event's `ce_type` header, its bytes)


class CaseEventFeed(Protocol):
    async def run_forever(self, since: datetime, on_event: OnEvent) -> None:
        """Every case event published from `since` on, then on until cancelled."""
        ...


def on_case_event(view: StaffView, kind: str | None, body: bytes) -> None:
    """One event of the feed into the view; only the kinds it keeps are decoded."""
    if kind in TOUCHING:
        touched(body, view)
    if kind not in VIEWED:
        return
    try:
        data = decode(body, accept=VIEWED).data
    except InvalidEvent:
        return  # the DLQ is the owning consumers' business, not this listener's
    assert isinstance(data, CaseOpened | CaseReportLinked | CaseStatusChanged | CaseDeadline)
    view.apply(data)


def touched(body: bytes, view: StaffView) -> None:
    try:
        case_id = getattr(decode(body, accept=TOUCHING).data, "case_id", None)
    except InvalidEvent:
        return
    if isinstance(case_id, str):
        view.touched(case_id)


@dataclass(frozen=True)
class ViewUpkeep:
    """How the background task keeps the view: the read-back's pace and batch, the
    reconcile pass's interval, and the clock that dates it."""

    refresh_interval_s: float
    refresh_batch: int
    reconcile_interval_s: float
    clock: Clock


# Replicas date `updated_at` by their own clocks: a pass looks this far before the last.
CLOCK_MARGIN = timedelta(seconds=30)


async def keep_view(
    view: StaffView, reads: CaseReads, *, feed: CaseEventFeed, upkeep: ViewUpkeep
) -> None:
    """Load (the staff queries should not wait for Kafka), then follow the feed from just
    before the load, read back dirty cases every `refresh_interval_s` and reconcile every
    `reconcile_interval_s`. A failure is logged and the step tried again next round: the
    task never dies of an outage."""
    since = upkeep.clock.now() - CLOCK_MARGIN
    await load_until_warm(view, reads, upkeep)
    async with asyncio.TaskGroup() as tasks:
        tasks.create_task(feed.run_forever(since, functools.partial(on_case_event, view)))
        tasks.create_task(upkeep_forever(view, reads, upkeep, since=since))


async def load_until_warm(view: StaffView, reads: CaseReads, upkeep: ViewUpkeep) -> None:
    while not view.warm:
        try:
            loaded = await load(view, reads)
            log.info("staff_view_loaded", cases=loaded)
            heap.settle("staff_view_loaded")
        except Exception:
            log.exception("staff_view_load_failed", loaded=view.loaded)
            await asyncio.sleep(upkeep.refresh_interval_s)


async def upkeep_forever(
    view: StaffView, reads: CaseReads, upkeep: ViewUpkeep, *, since: datetime
) -> None:
    """The first reconcile one interval after the load, from `since`: the feed brought
    every event from there, so only changes no event describes are left to find, and
    nothing makes that urgent enough for a second read of every case at start-up."""
    interval = timedelta(seconds=upkeep.reconcile_interval_s)
    next_reconcile = upkeep.clock.now() + interval
    while True:
        try:
            now = upkeep.clock.now()
            if now >= next_reconcile:
                await reconcile(view, reads, since=since)
                since, next_reconcile = now - CLOCK_MARGIN, now + interval
            while await refresh(view, reads, limit=upkeep.refresh_batch) == upkeep.refresh_batch:
                pass  # a backlog: keep reading
        except Exception:
            log.exception("staff_view_upkeep_failed", dirty=len(view.dirty))
        await asyncio.sleep(upkeep.refresh_interval_s)


view_router = APIRouter(tags=["ops"])


@view_router.get("/ready/staff-view", response_model=None)
async def view_readiness(view: View) -> Response | dict[str, object]:
    """200 once this replica's staff view is loaded; 503 `warming` (with progress) before.
    `/ready` does not wait for it: the hot path and case pages work while it loads."""
    counts = {
        "cases": len(view.rows),
        "loaded": view.loaded,
        "held_events": view.held,
        "dirty": len(view.dirty),
    }
    if view.warm:
        return {"status": "ready", **counts}
    response = problem_response(503, "Staff view warming", "loading the cases", **counts)
    response.headers["Retry-After"] = str(WARMING_RETRY_AFTER_S)
    return response
