"""The staff view's feed: every case event of every replica, and its background upkeep.

Each replica reads every partition of `netra.cases.events.v1` from the moment it starts,
in no consumer group and committing nothing (as `closures.py`): every replica must see
every change, and what happened before its start is in the store, which the load reads.
The background task loads the view at start-up (retrying until it succeeds;
`/ready/staff-view` and the staff read routes say `warming` meanwhile), then reads back
the cases events left dirty (field-less staff events such as `case.assigned` mark their
case dirty too), and now and then, a safety net, the cases changed without an event (a
change made before the feed was subscribed).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta

from fastapi import APIRouter, Response
from faststream.kafka import KafkaBroker, KafkaMessage
from faststream.middlewares import AckPolicy

from schemas import topics
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
)
from services.cases.entrypoints.deps import View
from services.cases.entrypoints.staff_errors import WARMING_RETRY_AFTER_S
from services.cases.read_models.ports import CaseReads
from services.cases.read_models.staff_view import StaffView
from services.cases.read_models.view_upkeep import load, reconcile, refresh
from services.common.clock import Clock
from services.common.kafka import raw_decoder
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
    }
)


def follow_case_events(broker: KafkaBroker, *, view: StaffView) -> None:
    @broker.subscriber(
        topics.CASES_EVENTS,
        group_id=None,
        auto_offset_reset="latest",
        ack_policy=AckPolicy.MANUAL,  # nothing to commit: no group, no position to keep
        decoder=raw_decoder,
    )
    async def on_case_event(body: bytes, message: KafkaMessage) -> None:
        kind = message.headers.get("ce_type")
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
    view: StaffView, reads: CaseReads, *, ready: asyncio.Event, upkeep: ViewUpkeep
) -> None:
    """Load at once (the staff queries should not wait for Kafka), then read back dirty
    cases every `refresh_interval_s`. As soon as the feed is subscribed (`ready`), and
    every `reconcile_interval_s` after, look for changes no event brought: that first
    pass covers what was written between the load's read and the subscription. A failure
    is logged and the step tried again next round: the task never dies of an outage."""
    since = upkeep.clock.now() - CLOCK_MARGIN
    while not view.warm:
        try:
            loaded = await load(view, reads)
            log.info("staff_view_loaded", cases=loaded)
        except Exception:
            log.exception("staff_view_load_failed", loaded=view.loaded)
            await asyncio.sleep(upkeep.refresh_interval_s)
    next_reconcile: datetime | None = None  # none yet: the first once subscribed
    while True:
        try:
            now = upkeep.clock.now()
            due = next_reconcile is None or now >= next_reconcile
            if ready.is_set() and due:
                await reconcile(view, reads, since=since)
                since = now - CLOCK_MARGIN
                next_reconcile = now + timedelta(seconds=upkeep.reconcile_interval_s)
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
