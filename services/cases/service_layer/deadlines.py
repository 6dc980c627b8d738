"""Marking deadlines as time passes: `case.deadline_approaching` / `case.deadline_missed`
once per deadline, then `case.deadline_missed` again every reminder interval while nobody
acts (escalation), safely when several replicas scan at the same time.

A replica works a due case only while it holds that case's lease (`DeadlineWatch.claim`).
The persisted `deadline_state` makes the event once-only; the version-checked write keeps
it once-only even if a lease runs out mid-work or a staff member acts at the same moment.
A case that fails is reported and set back (`FailingItems`); the scan goes on with the rest.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from opentelemetry import trace

from services.cases.domain.deadlines import DeadlinePolicy, refresh_deadline
from services.cases.service_layer.event_context import record_context
from services.cases.service_layer.outbox import outbox_entries
from services.cases.service_layer.ports import CaseStore, DeadlineWatch
from services.common.clock import Clock
from services.common.item_retries import FailingItems
from services.common.logging import get_logger
from services.common.telemetry import current_trace_id, current_traceparent

log = get_logger(__name__)
tracer = trace.get_tracer(__name__)


@dataclass(frozen=True)
class DeadlineScan:
    """One replica's scanner: its identity (`owner`) and how long a claim lives."""

    store: CaseStore
    watch: DeadlineWatch
    policy: DeadlinePolicy
    clock: Clock
    owner: str
    lease: timedelta
    failing: FailingItems
    batch: int = 100

    async def scan_once(self) -> int:
        """Work every due case once; returns how many deadline events this replica wrote."""
        now = self.clock.now()
        due = await self.watch.due_cases(
            now=now, warn_before=self.policy.warn_before, limit=self.batch + self.failing.waiting()
        )
        emitted = 0
        for case_id in due:
            if not self.failing.due(case_id):
                continue
            try:
                emitted += await self._work(case_id, now)
            except Exception as exc:  # one case must not stop the rest
                self.failing.failed(case_id, exc)
            else:
                self.failing.succeeded(case_id)
        return emitted

    async def _work(self, case_id: str, now: datetime) -> int:
        if not await self.watch.claim(case_id, owner=self.owner, now=now, until=now + self.lease):
            return 0
        try:
            return await self._refresh(case_id, now)
        finally:
            await self.watch.release(case_id, owner=self.owner)

    async def _refresh(self, case_id: str, now: datetime) -> int:
        stored = await self.store.get(case_id)
        if stored is None:
            return 0
        case = stored.state
        with tracer.start_as_current_span("case.deadline_check"):
            trace_id = current_trace_id() or uuid.uuid4().hex
            refreshed, events = refresh_deadline(
                case, now=now, trace_id=trace_id, policy=self.policy
            )
            traceparent = current_traceparent()
        if refreshed == case:
            return 0
        saved = await self.store.save_change(
            refreshed,
            expected_version=case.version,
            entries=refreshed.timeline[len(case.timeline) :],
            # officials only: reporters hear of status changes, not of internal deadlines
            outbox=outbox_entries(
                events, refreshed, traceparent=traceparent, context=record_context(stored, ())
            ),
            also_set={"updated_at": now},
        )
        if saved and events:
            log.info("deadline_event", case_id=case_id, event_type=events[0].type.value)
        return len(events) if saved else 0
