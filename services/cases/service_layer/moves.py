"""Moving a report between cases (staff link and split), recoverable after a crash.

Two cases are two documents and the store has no transactions. So a move is written as:
1. the receiving case, with the report AND a `pending_move` naming what is left to do
   (the source case, the report, who asked, the reason): one atomic document write;
2. the source case without the report (version-checked, re-read and retried on a race);
3. the report's filing pointing at the receiving case (an upsert: idempotent);
4. the `pending_move` cleared.

Steps 2-4 are `complete_move`, idempotent: a source that no longer holds the report is
left alone. A crash anywhere after step 1 leaves the marker, and the recovery pass
(`PendingMoves.complete_all`, run by the outbox relay's lease holder at start-up and
every recovery interval, for moves marked more than the grace ago) finishes the move. A
crash before step 1 wrote nothing. So a report is never on two cases for longer than the
grace plus one recovery interval, and never on none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from services.cases.domain.deadlines import DeadlinePolicy
from services.cases.domain.errors import CaseBusy, InvalidTransition, VersionConflict
from services.cases.domain.lifecycle.commands import UnlinkReport
from services.cases.domain.lifecycle.transition import transition
from services.cases.domain.model import Actor
from services.cases.service_layer.event_context import event_context
from services.cases.service_layer.load_save import save
from services.cases.service_layer.outbox import outbox_entries
from services.cases.service_layer.outbox_relay import always
from services.cases.service_layer.ports import EVERY_MARK, CaseStore, Document
from services.common.clock import Clock
from services.common.item_retries import FailingItems
from services.common.logging import get_logger

log = get_logger(__name__)

SOURCE_ATTEMPTS = 5  # a staff write racing the unlink: read the source again and retry


def pending_move(
    *,
    report_id: str,
    source_case_id: str,
    actor: Actor,
    reason: str,
    trace: tuple[str | None, str | None],
) -> Document:
    """What the receiving case carries until the move is complete; `trace` (trace id,
    traceparent) is the staff request's, so the source's unlink and its event stay in the
    action's trace even when the recovery pass finishes the move."""
    trace_id, traceparent = trace
    return {
        "report_id": report_id,
        "source_case_id": source_case_id,
        "actor": actor.model_dump(mode="json"),
        "unlink_reason": reason,
        "trace_id": trace_id,
        "traceparent": traceparent,
    }


async def complete_move(
    *,
    store: CaseStore,
    policy: DeadlinePolicy,
    clock: Clock,
    case_id: str,
    move: Document,
) -> None:
    """Steps 2-4 for the move `case_id` carries; safe to run twice or concurrently."""
    report_id, source_id = str(move["report_id"]), str(move["source_case_id"])
    trace_id, traceparent = move.get("trace_id"), move.get("traceparent")
    actor = Actor.model_validate(move["actor"])
    for attempt in range(SOURCE_ATTEMPTS):
        stored = await store.get(source_id)
        if stored is None or all(r.report_id != report_id for r in stored.state.reports):
            break  # done before (or the source is gone): nothing to take out
        source = stored.state
        unlink = UnlinkReport(report_id=report_id, reason=str(move["unlink_reason"]))
        try:
            unlinked, events = transition(
                source, unlink, actor=actor, now=clock.now(), trace_id=trace_id, policy=policy
            )
        except InvalidTransition as exc:  # e.g. it became the source's only report
            log.error("move_source_kept_report", case_id=case_id, source=source_id, why=str(exc))
            break
        try:
            context = await event_context(store, stored, unlinked, events)
            outbox = outbox_entries(events, unlinked, traceparent=traceparent, context=context)
            await save(store, source, unlinked, outbox=outbox)
            break
        except VersionConflict:
            if attempt == SOURCE_ATTEMPTS - 1:
                raise
    await store.move_report(report_id, case_id=case_id)
    if not await store.finish_move(case_id):
        raise CaseBusy(case_id, "completing the move")


@dataclass(frozen=True)
class PendingMoves:
    """The recovery pass: finish every move a crash left half done, one case at a time."""

    store: CaseStore
    policy: DeadlinePolicy
    clock: Clock
    failing: FailingItems
    batch: int = 50

    async def complete_all(
        self, *, marked_before: datetime = EVERY_MARK, keep_going: Callable[[], bool] = always
    ) -> int:
        """The moves marked before `marked_before`, while `keep_going()` (before each)."""
        done = 0
        limit = self.batch + self.failing.waiting()
        for case_id, move in await self.store.pending_moves(limit, marked_before=marked_before):
            if not keep_going():
                break
            if not self.failing.due(case_id):
                continue
            try:
                await complete_move(
                    store=self.store,
                    policy=self.policy,
                    clock=self.clock,
                    case_id=case_id,
                    move=move,
                )
            except Exception as exc:  # one case must not stop the rest
                self.failing.failed(case_id, exc)
            else:
                self.failing.succeeded(case_id)
                log.info("move_completed_by_recovery", case_id=case_id)
                done += 1
        return done
