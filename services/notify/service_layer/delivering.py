"""The delivery worker pool: pending deliveries out through their channels, one attempt at
a time, retried with back-off until delivered or dead.

Every delivery not yet final of the case-event partitions this replica owns is in memory
(`tracked`): loaded when a rebalance assigns them (`assign`), fed by the consumer
(`accept`), dropped when revoked (`revoke`): one sender per delivery, the owner of the
partition it was planned from. A heap orders them by due time; a due one joins its
endpoint's lane (`endpoint_of`: a webhook origin, the SMTP relay, a gateway).
Each lane runs at most `per_endpoint` attempts at once and only while its circuit lets
it, and the pool at most `pool_size`: a slow or dead endpoint fills its own lane, never
the others'. An attempt's step is appended to the log and published by `steps`
(delivery_steps.py) right after it ends; the state in memory moves on at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
from collections import Counter, deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from services.common.clock import Clock
from services.common.logging import get_logger
from services.common.telemetry import continuing
from services.notify.domain.delivery_progress import (
    Backoff,
    DeliveryState,
    EntryKind,
    LogEntry,
    Progress,
    advanced,
    endpoint_of,
    fresh,
)
from services.notify.domain.endpoint_circuit import EndpointCircuit
from services.notify.domain.plans import ChannelName, PlannedDelivery, SendOutcome
from services.notify.service_layer.attempt_log import log_attempt
from services.notify.service_layer.delivery_lanes import Lane, Tracked, WorkerLimits
from services.notify.service_layer.delivery_ports import OutboundChannel, Renderer
from services.notify.service_layer.delivery_steps import StepWriter
from services.notify.service_layer.ports import DeliveryLog

log = get_logger(__name__)


@dataclass
class DeliveryWorker:
    log: DeliveryLog
    renderer: Renderer
    channels: Mapping[ChannelName, OutboundChannel]
    steps: StepWriter
    clock: Clock
    backoff: Backoff
    limits: WorkerLimits
    jitter: Callable[[], float]  # random.random in production; fixed in tests
    tracked: dict[str, Tracked] = field(default_factory=dict)
    outcomes: Counter[tuple[str, str]] = field(default_factory=Counter)  # (channel, status)
    loaded: asyncio.Event = field(default_factory=asyncio.Event)
    _heap: list[tuple[datetime, int, str]] = field(default_factory=list)
    _order: itertools.count[int] = field(default_factory=itertools.count)
    _lanes: dict[str, Lane] = field(default_factory=dict)
    _running: set[asyncio.Task[None]] = field(default_factory=set)
    _wake: asyncio.Event = field(default_factory=asyncio.Event)

    async def load(self) -> int:
        """Every partition's deliveries (the only sender: the bench, tests)."""
        return await self._take(None)

    async def assign(self, partitions: frozenset[int]) -> int:
        """A rebalance gave this replica these partitions: their deliveries not final
        are taken up (dead ones kept, for ops). Returns how many will be sent."""
        return await self._take(partitions)

    async def _take(self, partitions: frozenset[int] | None) -> int:
        taken = 0
        for stored in await self.log.load_undelivered(partitions=partitions):
            progress = stored.progress
            if progress.state is DeliveryState.DELIVERED:
                continue
            if self._track(stored.planned, stored.planned_at, progress, stored.partition):
                taken += not progress.final
        self.loaded.set()
        self._wake.set()
        log.info("deliveries_loaded", partitions=sorted(partitions or ()), pending=taken)
        return taken

    async def revoke(self, partitions: frozenset[int]) -> None:
        """Their deliveries are dropped at once (none starts again here); returns once the
        attempts in flight ended and their steps are in the log the next owner loads."""
        for nid in [n for n, t in self.tracked.items() if t.partition in partitions]:
            del self.tracked[nid]
        for lane in self._lanes.values():  # queued for a slot: no longer this replica's
            lane.ready = deque(nid for nid in lane.ready if nid in self.tracked)
        await self.settle()
        log.info("deliveries_released", partitions=sorted(partitions))

    def accept(self, planned: Sequence[PlannedDelivery], *, at: datetime, partition: int) -> None:
        """Freshly planned deliveries (recorded as pending in the log): due now."""
        for p in planned:
            self._track(p, at, fresh(at), partition)
        self._wake.set()

    def _track(
        self, planned: PlannedDelivery, at: datetime, progress: Progress, partition: int
    ) -> bool:
        if planned.notification_id in self.tracked:
            return False
        tracked = Tracked(planned, at, progress, endpoint_of(planned.addressee), partition)
        self.tracked[planned.notification_id] = tracked
        if not progress.final:
            self._schedule(tracked)
        return True

    def _schedule(self, tracked: Tracked) -> None:
        due = (tracked.progress.due, next(self._order), tracked.planned.notification_id)
        heapq.heappush(self._heap, due)

    def _lane(self, endpoint: str) -> Lane:
        lane = self._lanes.get(endpoint)
        if lane is None:
            circuit = EndpointCircuit(self.limits.failures_to_open, self.limits.open_for_s)
            lane = self._lanes[endpoint] = Lane(circuit)
        return lane

    def dispatch_due(self) -> int:
        """Start every attempt that is due and allowed now; returns how many started."""
        now = self.clock.now()
        while self._heap and self._heap[0][0] <= now:
            due, _, nid = heapq.heappop(self._heap)
            tracked = self.tracked.get(nid)
            # An entry of an earlier schedule (requeued since) or of a finished delivery.
            if tracked is None or tracked.progress.final or tracked.progress.due != due:
                continue
            if tracked.running or tracked.queued:  # requeued while waiting or in flight
                continue
            tracked.queued = True
            self._lane(tracked.endpoint).ready.append(nid)
        started, progressing = 0, True
        while progressing and len(self._running) < self.limits.pool_size:
            progressing = False  # one per lane per pass: the pool is shared fairly
            for lane in self._lanes.values():
                if (
                    lane.ready
                    and lane.running < self.limits.per_endpoint
                    and len(self._running) < self.limits.pool_size
                    and lane.circuit.allows(now)
                ):
                    self._start(self.tracked[lane.ready.popleft()], lane)
                    started += 1
                    progressing = True
        return started

    def _start(self, tracked: Tracked, lane: Lane) -> None:
        lane.running += 1
        tracked.queued, tracked.running = False, True
        task = asyncio.create_task(self._attempt(tracked, lane))
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    async def _attempt(self, tracked: Tracked, lane: Lane) -> None:
        planned = tracked.planned
        try:
            outcome = await self._send(planned)
        finally:
            lane.running -= 1
            tracked.running = False
            self._wake.set()
        now = self.clock.now()
        nid = planned.notification_id
        if outcome.delivered:
            lane.circuit.succeeded()
            entry = LogEntry(
                nid, tracked.progress.seq + 1, EntryKind.DELIVERED, now, outcome.detail
            )
        else:
            if outcome.retryable:  # a refusal means the endpoint answered: not its fault
                lane.circuit.failed(now)
            else:
                lane.circuit.succeeded()
            entry = self.backoff.after_failure(
                tracked.progress,
                notification_id=nid,
                now=now,
                retryable=outcome.retryable,
                detail=outcome.detail,
                jitter=self.jitter(),
            )
        self._advance(tracked, entry)

    async def _send(self, planned: PlannedDelivery) -> SendOutcome:
        """One attempt; an exception or no answer in time is a retryable failure."""
        try:
            message = self.renderer.render(planned)
            channel = self.channels[planned.addressee.channel]
            # The send continues the case event's trace (a webhook carries `traceparent`).
            with continuing(planned.trace):
                async with asyncio.timeout(self.limits.send_timeout_s):
                    return await channel.send(
                        addressee=planned.addressee,
                        notification_id=planned.notification_id,
                        message=message,
                    )
        except TimeoutError:
            return SendOutcome(False, True, f"no answer within {self.limits.send_timeout_s:g} s")
        except Exception as exc:  # a bug in one template or adapter must not stop the pool
            log.exception("delivery_attempt_raised", notification_id=planned.notification_id)
            return SendOutcome(False, True, f"{type(exc).__name__}: {exc}")

    def _advance(self, tracked: Tracked, entry: LogEntry) -> None:
        tracked.progress = advanced(tracked.progress, entry)
        channel = tracked.planned.addressee.channel.value
        self.outcomes[(channel, entry.kind.value)] += 1
        self.steps.append(tracked.planned, entry, tracked.progress)
        if tracked.progress.state is DeliveryState.DELIVERED:
            self.tracked.pop(tracked.planned.notification_id, None)  # revoked meanwhile: gone
        elif not tracked.progress.final and tracked.planned.notification_id in self.tracked:
            self._schedule(tracked)
        log_attempt(tracked, entry)

    async def requeue(self, notification_id: str, *, reason: str) -> Tracked | None:
        """An operator's retry: a dead or retrying delivery gets a fresh round, due now.
        None if this process does not hold it (delivered, or unknown). The step is in
        the log before this returns."""
        tracked = self.tracked.get(notification_id)
        if tracked is None or tracked.running:  # running: being tried right now anyway
            return tracked
        seq, now = tracked.progress.seq + 1, self.clock.now()
        entry = LogEntry(notification_id, seq, EntryKind.REQUEUED, now, reason)
        await self.log.add_entries([entry])
        tracked.progress = advanced(tracked.progress, entry)
        self._schedule(tracked)
        self._wake.set()
        return tracked

    async def run(self) -> None:
        """The pool's loop: once the first partitions are loaded, start what is due
        whenever something changes (accepted, an attempt ended, a requeue, an assignment)
        or the next due time comes."""
        await self.loaded.wait()
        while True:
            self._wake.clear()
            self.dispatch_due()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._idle_s()):
                    await self._wake.wait()

    def _idle_s(self) -> float:
        """Until the next due time or circuit re-opening, at most a second."""
        now = self.clock.now()
        moments = [self._heap[0][0]] if self._heap else []
        moments += [t for lane in self._lanes.values() if (t := lane.circuit.reopens_at())]
        if not moments:
            return 1.0
        return min(1.0, max(0.005, (min(moments) - now).total_seconds()))

    async def settle(self) -> None:
        """Until the attempts in flight ended and their steps are written (revoke, tests)."""
        while self._running:
            await asyncio.gather(*self._running, return_exceptions=True)
        await self.steps.flush()

    async def drain(self) -> None:
        """Send what is due until nothing due is left running or waiting (the bench)."""
        while True:
            self.dispatch_due()
            if not self._running:
                break
            await asyncio.wait(set(self._running), return_when=asyncio.FIRST_COMPLETED)
        await self.steps.flush()

    async def stop(self) -> None:
        for task in list(self._running):
            task.cancel()
        await asyncio.gather(*self._running, return_exceptions=True)
        try:
            await self.steps.flush()
        except Exception:  # the store or Kafka already away: these are sent again
            log.exception("delivery_steps_lost_at_stop", buffered=self.steps.backlog)

    def count(self, state: DeliveryState) -> int:
        return sum(1 for t in self.tracked.values() if t.progress.state is state)

    def queue_depth(self) -> int:
        """Deliveries waiting to be sent (pending or retrying), in flight included."""
        return sum(1 for t in self.tracked.values() if not t.progress.final)

    def oldest_pending_age_s(self) -> float:
        waiting = [t.planned_at for t in self.tracked.values() if not t.progress.final]
        return (self.clock.now() - min(waiting)).total_seconds() if waiting else 0.0
