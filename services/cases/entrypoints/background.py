"""The two background loops: the outbox relay (with the recovery of half-done moves) and
the deadline scan.

Thin: each wakes up (a timer, or a staff write that filled an outbox) and calls use cases.
A case that fails is set back inside the use case (`FailingItems`); anything else that
escapes (the store unreachable for the query itself) ends the loop, and the supervisor
(services/common/supervised.py) restarts it with back-off and shows it in `/ready`.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from services.cases.service_layer.deadlines import DeadlineScan
from services.cases.service_layer.lease import SlotLease
from services.cases.service_layer.moves import PendingMoves
from services.cases.service_layer.outbox_relay import relay_cases, relay_once
from services.cases.service_layer.ports import Outbox
from services.common.clock import Clock
from services.common.item_retries import FailingItems
from services.common.logging import get_logger
from services.common.publishing import EventPublisher

log = get_logger(__name__)


class OutboxRelay:
    """Safe with N replicas: the writer relays its own, one lease holder recovers.

    A staff write that filled an outbox names its case (`written`) and wakes this relay,
    which publishes only the cases this replica wrote (for half the grace: after that
    they are the recovery's). Start-up and timer rounds (every `recovery_interval_s`, or
    `failing.base_s` while a case waits for a retry) recover, only on the replica holding
    the current `lease` slot and only for work marked more than `grace` ago: the links and
    splits a crash left half done (`moves`), then the orphaned outboxes. So a writer and
    the recoverer never work on the same fresh case, and two recoverers never overlap
    (service_layer/lease.py). The hot path publishes its own events and never wakes it.
    Recovery reads the small `pending_work` collection (adapters/pending_marks.py)."""

    def __init__(
        self,
        *,
        outbox: Outbox,
        publisher: EventPublisher,
        recovery_interval_s: float,
        failing: FailingItems,
        moves: PendingMoves,
        lease: SlotLease,
        grace: timedelta,
        clock: Clock,
    ) -> None:
        self.moves = moves
        self.outbox = outbox
        self.publisher = publisher
        self.recovery_interval_s = recovery_interval_s
        self.failing = failing
        self.lease = lease
        self.grace = grace
        self.clock = clock
        self.mine: dict[str, datetime] = {}  # case id -> when this replica last wrote it
        self._wake = asyncio.Event()

    def written(self, case_id: str) -> None:
        self.mine[case_id] = self.clock.now()
        self._wake.set()

    async def relay_mine(self) -> int:
        """The cases this replica wrote, until half the grace has passed since."""
        taken = dict(self.mine)
        handed_over = self.clock.now() - self.grace / 2
        for case_id in [c for c, at in taken.items() if at < handed_over]:
            log.warning("outbox_left_to_recovery", case_id=case_id)
            self._forget(case_id, taken[case_id])
        own = {c: at for c, at in taken.items() if at >= handed_over}
        if not own:
            return 0
        oldest = min(own.values())
        published = await relay_cases(
            await self.outbox.pending_of(own),
            outbox=self.outbox,
            publisher=self.publisher,
            failing=self.failing,
            keep_going=lambda: self.clock.now() - self.grace / 2 < oldest,
        )
        for case_id, at in own.items():
            if self.failing.due(case_id):  # published (or nothing left): else retried here
                self._forget(case_id, at)
        return published

    def _forget(self, case_id: str, at: datetime) -> None:
        if self.mine.get(case_id) == at:  # not written again meanwhile
            del self.mine[case_id]

    async def recover(self) -> int:
        """The lease holder's round: moves, then outboxes, marked more than `grace` ago."""
        if not await self.lease.hold():
            return 0
        cutoff = self.clock.now() - self.grace
        await self.moves.complete_all(marked_before=cutoff, keep_going=self.lease.held)
        return await relay_once(
            outbox=self.outbox,
            publisher=self.publisher,
            failing=self.failing,
            marked_before=cutoff,
            keep_going=self.lease.held,
        )

    async def run_forever(self, ready: asyncio.Event) -> None:
        await ready.wait()
        woken = False
        while True:
            await self.relay_mine()
            if not woken:  # start-up and timer rounds: a staff write completes its own move
                await self.recover()
            pause = self.recovery_interval_s
            if self.failing.waiting() or self.moves.failing.waiting():
                pause = min(pause, self.failing.base_s)
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=pause)
                woken = True
            except TimeoutError:
                woken = False
            self._wake.clear()


async def scan_deadlines_forever(
    scan: DeadlineScan, *, interval_s: float, ready: asyncio.Event
) -> None:
    await ready.wait()
    while True:
        await scan.scan_once()
        await asyncio.sleep(interval_s)
