"""Writes the delivery worker's steps: into the log first, then as `notification.delivered`.

Attempts end one by one; their steps are buffered and written together by one loop (one
`insert_many` for whatever ended while the previous write ran), then their outcome
events are published. A store or broker that is away keeps its part buffered and is
tried again a second later; the worker does not wait for either. What is lost if the
process dies before a write: the step (the delivery is tried again after the restart,
which a webhook receiver dedupes by webhook-id) or its event (the timeline misses it).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from services.common.logging import get_logger
from services.common.publishing import EventPublisher, Outgoing
from services.notify.domain.delivery_progress import LogEntry, Progress
from services.notify.domain.plans import PlannedDelivery
from services.notify.service_layer.outcomes import outcome_event
from services.notify.service_layer.ports import DeliveryLog

log = get_logger(__name__)
RETRY_AFTER_S = 1.0


@dataclass
class StepWriter:
    log: DeliveryLog
    publisher: EventPublisher
    unwritten: list[LogEntry] = field(default_factory=list)
    unpublished: list[Outgoing] = field(default_factory=list)
    _wake: asyncio.Event = field(default_factory=asyncio.Event)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def append(self, planned: PlannedDelivery, entry: LogEntry, progress: Progress) -> None:
        self.unwritten.append(entry)
        self.unpublished.append(outcome_event(planned, entry, progress))
        self._wake.set()

    async def flush(self) -> None:
        """Write what is buffered; raises if the store or the broker refused (kept)."""
        async with self._lock:
            entries = list(self.unwritten)
            if entries:
                taken = await self.log.add_entries(entries)
                del self.unwritten[: len(entries)]
                if taken:  # two processes sent the same id: say so, the receiver dedupes
                    log.warning("delivery_steps_raced", steps=sorted(f"{n}#{s}" for n, s in taken))
            events = list(self.unpublished)
            if events:
                await self.publisher.publish_all(events)
                del self.unpublished[: len(events)]

    async def run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            try:
                await self.flush()
            except Exception:  # the store or Kafka away: keep the steps, try again
                log.exception("delivery_steps_not_written", buffered=len(self.unwritten))
                await asyncio.sleep(RETRY_AFTER_S)
                self._wake.set()

    @property
    def backlog(self) -> int:
        return len(self.unwritten) + len(self.unpublished)
