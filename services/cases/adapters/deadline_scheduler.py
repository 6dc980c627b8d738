"""Finds cases whose deadline is near or past and emits `case.deadline_approaching` /
`case.deadline_missed` once per deadline, safely when several replicas run.

No TTL indexes or change streams (FerretDB 1.x has neither): an indexed range query on
`deadline_at` finds candidates, and each is claimed with a lease document in
`deadline_claims` (`_id` = case id, `until`), so only one replica works a case at a time.
The claim is an insert, not `findOneAndUpdate`: FerretDB 1.24 does not apply conditional
updates atomically (adapters/write_slots.py), while a duplicate `_id` is refused
atomically. An expired lease is deleted and claimed again. The persisted `deadline_state`
makes the event once-only; the version-checked write keeps it once-only even if a lease
runs out mid-work or a staff member acts at the same moment.
"""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from opentelemetry import trace
from pymongo.errors import DuplicateKeyError

from services.cases.adapters.repository import CaseRepository
from services.cases.domain.case_deadlines import DeadlinePolicy
from services.cases.domain.deadline_watch import refresh_deadline
from services.cases.domain.vocabulary import DeadlineState
from services.cases.outbox import outbox_entries
from services.cases.storage import Document, state_of
from services.common.logging import get_logger
from services.common.telemetry import current_trace_id, current_traceparent

log = get_logger(__name__)
DEADLINE_CLAIMS = "deadline_claims"
tracer = trace.get_tracer(__name__)


def default_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def due_query(now: datetime, warn_before: timedelta) -> Document:
    """Cases whose stored deadline state is behind the clock (uses the deadline_at index)."""
    return {
        "closed": False,
        "$or": [
            {"deadline_state": DeadlineState.OK.value, "deadline_at": {"$lte": now + warn_before}},
            {"deadline_state": DeadlineState.APPROACHING.value, "deadline_at": {"$lt": now}},
        ],
    }


class DeadlineScheduler:
    def __init__(
        self,
        *,
        repo: CaseRepository,
        policy: DeadlinePolicy,
        interval_s: float,
        lease: timedelta,
        clock: Callable[[], datetime],
        owner: str | None = None,
        batch: int = 100,
    ) -> None:
        self.repo = repo
        self.policy = policy
        self.interval_s = interval_s
        self.lease = lease
        self.clock = clock
        self.owner = owner or default_owner()
        self.batch = batch

    async def scan_once(self, now: datetime | None = None) -> int:
        """Work every due case once; returns how many deadline events this replica wrote."""
        now = now or self.clock()
        query = due_query(now, self.policy.warn_before)
        cursor = self.repo.cases.find(query, {"_id": 1}).sort("deadline_at", 1).limit(self.batch)
        emitted = 0
        for case_id in [document["_id"] async for document in cursor]:
            emitted += await self._work(case_id, now)
        return emitted

    async def _claim(self, case_id: str, now: datetime) -> bool:
        claims = self.repo.db[DEADLINE_CLAIMS]
        try:
            await claims.insert_one(
                {"_id": case_id, "owner": self.owner, "until": now + self.lease}
            )
        except DuplicateKeyError:
            expired = await claims.delete_one({"_id": case_id, "until": {"$lt": now}})
            if expired.deleted_count != 1:
                return False  # another replica holds a live lease
            return await self._claim(case_id, now)
        return True

    async def _work(self, case_id: str, now: datetime) -> int:
        if not await self._claim(case_id, now):
            return 0
        try:
            document = await self.repo.get(case_id)
            return await self._refresh(document, now) if document else 0
        finally:
            await self.repo.db[DEADLINE_CLAIMS].delete_one({"_id": case_id, "owner": self.owner})

    async def _refresh(self, document: Document, now: datetime) -> int:
        case = state_of(document)
        with tracer.start_as_current_span("case.deadline_check"):
            refreshed, events = refresh_deadline(
                case, now=now, trace_id=current_trace_id() or uuid.uuid4().hex, policy=self.policy
            )
            traceparent = current_traceparent()
        if refreshed == case:
            return 0
        saved = await self.repo.save_change(
            refreshed,
            expected_version=case.version,
            entries=refreshed.timeline[len(case.timeline) :],
            outbox=outbox_entries(events, refreshed, traceparent=traceparent),
            also_set={"updated_at": now},
        )
        if saved and events:
            log.info("deadline_event", case_id=case.case_id, event_type=events[0].type.value)
        return len(events) if saved else 0

    async def run_forever(self, ready: asyncio.Event) -> None:
        await ready.wait()
        while True:
            try:
                await self.scan_once()
            except Exception:
                log.exception("deadline_scan_failed")
            await asyncio.sleep(self.interval_s)
