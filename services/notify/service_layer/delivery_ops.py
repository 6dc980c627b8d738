"""What ops may ask of deliveries (`netra deliveries list|show|retry`, via the admin API).

Listing reads the worker's memory (what is not delivered yet: pending, retrying, dead);
a case's deliveries, one delivery's history, or a retry of one this process does not
hold read the log (a scan on FerretDB: per operator command, never per delivery).
A reporter's address is never shown: only officials' targets are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from services.notify.domain.delivery_progress import DeliveryState, LogEntry, Progress
from services.notify.domain.plans import Audience, PlannedDelivery
from services.notify.service_layer.delivering import DeliveryWorker
from services.notify.service_layer.ports import DeliveryLog

HIDDEN = "(reporter: not shown)"


@dataclass(frozen=True)
class DeliveryView:
    notification_id: str
    case_id: str
    event_type: str
    recipient_id: str
    channel: str
    target: str
    state: DeliveryState
    attempts: int
    planned_at: datetime
    next_attempt_at: datetime | None
    last_detail: str
    steps: tuple[LogEntry, ...] = ()


def view_of(
    planned: PlannedDelivery,
    planned_at: datetime,
    progress: Progress,
    steps: tuple[LogEntry, ...] = (),
) -> DeliveryView:
    official = planned.audience is Audience.OFFICIAL
    waiting = not progress.final
    return DeliveryView(
        notification_id=planned.notification_id,
        case_id=planned.case_id,
        event_type=planned.event_type,
        recipient_id=planned.addressee.recipient_id,
        channel=planned.addressee.channel.value,
        target=planned.addressee.target if official else HIDDEN,
        state=progress.state,
        attempts=progress.attempts,
        planned_at=planned_at,
        next_attempt_at=progress.due if waiting else None,
        last_detail=progress.last_detail,
        steps=steps,
    )


class RetryAnswer(StrEnum):
    REQUEUED = "requeued"
    ALREADY_DELIVERED = "already delivered"
    UNKNOWN = "unknown"


@dataclass
class DeliveryOps:
    worker: DeliveryWorker
    log: DeliveryLog

    def waiting(self, *, state: DeliveryState | None, limit: int) -> list[DeliveryView]:
        tracked = sorted(self.worker.tracked.values(), key=lambda t: t.planned_at)
        views = [
            view_of(t.planned, t.planned_at, t.progress)
            for t in tracked
            if state is None or t.progress.state is state
        ]
        return views[:limit]

    async def of_case(self, case_id: str) -> list[DeliveryView]:
        return [
            view_of(s.planned, s.planned_at, s.progress, s.entries)
            for s in await self.log.find_case(case_id)
        ]

    async def show(self, notification_id: str) -> DeliveryView | None:
        stored = await self.log.find(notification_id)
        if stored is None:
            return None
        tracked = self.worker.tracked.get(notification_id)
        # This process's memory is ahead of the log by the steps not written yet.
        progress = tracked.progress if tracked is not None else stored.progress
        return view_of(stored.planned, stored.planned_at, progress, stored.entries)

    async def retry(self, notification_id: str, *, reason: str) -> RetryAnswer:
        if await self.worker.requeue(notification_id, reason=reason) is not None:
            return RetryAnswer.REQUEUED
        stored = await self.log.find(notification_id)
        if stored is None:
            return RetryAnswer.UNKNOWN
        if stored.progress.state is DeliveryState.DELIVERED:
            return RetryAnswer.ALREADY_DELIVERED
        # In the log, not final, not held here: another replica holds it.
        return RetryAnswer.UNKNOWN
