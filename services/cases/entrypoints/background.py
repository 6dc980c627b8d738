"""The two background loops: the outbox relay (with the recovery of half-done moves) and
the deadline scan.

Thin: each wakes up (a timer, or a staff write that filled an outbox) and calls use cases.
A case that fails is set back inside the use case (`FailingItems`); anything else that
escapes (the store unreachable for the query itself) ends the loop, and the supervisor
(services/common/supervised.py) restarts it with back-off and shows it in `/ready`.
"""

from __future__ import annotations

import asyncio

from services.cases.service_layer.deadlines import DeadlineScan
from services.cases.service_layer.moves import PendingMoves
from services.cases.service_layer.outbox_relay import relay_once
from services.cases.service_layer.ports import Outbox
from services.common.item_retries import FailingItems
from services.common.logging import get_logger
from services.common.publishing import EventPublisher

log = get_logger(__name__)


class OutboxRelay:
    """Relays at start-up (recovery), at once when a staff write woke it, and every
    `recovery_interval_s` anyway (every `failing.base_s` while a case waits for a retry).
    Its start-up and timer rounds first complete the links and splits a crash left half
    done (`moves`; one more query of the cases, so not on every staff write's wake-up).
    The hot path publishes its own events and never wakes it. Its rounds read the small
    `pending_work` collection, not the cases (adapters/pending_marks.py): at rest a round
    costs the store one read of an empty collection, however many cases exist."""

    def __init__(
        self,
        *,
        outbox: Outbox,
        publisher: EventPublisher,
        recovery_interval_s: float,
        failing: FailingItems,
        moves: PendingMoves,
    ) -> None:
        self.moves = moves
        self.outbox = outbox
        self.publisher = publisher
        self.recovery_interval_s = recovery_interval_s
        self.failing = failing
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def run_forever(self, ready: asyncio.Event) -> None:
        await ready.wait()
        woken = False
        while True:
            if not woken:  # start-up and timer rounds: a staff write completes its own move
                await self.moves.complete_all()
            await relay_once(outbox=self.outbox, publisher=self.publisher, failing=self.failing)
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
