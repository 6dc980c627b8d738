"""Python's cyclic garbage collector kept off the state a service holds for long.

A full (generation 2) collection walks every container object the process holds. The
cases service holds its partitions' open cases and the staff view in memory: at 100,000
cases a full collection took 225-640 ms of one core, and under a steady 100 reports/s
the interpreter ran one every 4-5 s (its trigger is survivors of younger collections,
which any busy process makes), each finding almost nothing to free: the p99 post->case
tail at 100,000 cases (docs/decisions.md, "The collector off the loaded state").

`settle` collects once, then freezes what survived (`gc.freeze`): later collections skip
it, so their pauses scale with what changed since, not with the store. Freed state is
still freed (reference counting does not look at generations); what a frozen object
can no longer get is cycle detection, so a cycle that becomes garbage after a settle
stays until the process ends. Services settle after start-up, after a large load (the
staff view, a partition rebuild) and then every `gc_settle_interval_s` (`keep_settled`).
Between those, state that grows under load (new cases) makes full collections slow
again: a full collection slower than `SLOW_FULL_S` has just sorted the garbage out, so
what survived it is frozen as it is (no second collection), at most every
`MIN_FREEZE_SPACING_S`.

`netra_gc_pause_seconds{generation}` (`watch_pauses`) times every collection.
"""

from __future__ import annotations

import asyncio
import gc
import time
from typing import Any

from prometheus_client import Histogram

from services.common.logging import get_logger

log = get_logger(__name__)

PAUSES = Histogram(
    "netra_gc_pause_seconds",
    "Pauses of Python's cyclic garbage collector, by generation collected",
    ["generation"],
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)
_PAUSES_BY_GENERATION = [PAUSES.labels(str(generation)) for generation in range(3)]


SLOW_FULL_S = 0.05
MIN_FREEZE_SPACING_S = 10.0
CHECK_S = 1.0


class _PauseTimer:
    def __init__(self) -> None:
        self.started = 0.0
        self.slow_full = False  # a full collection took SLOW_FULL_S or more

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self.started = time.perf_counter()
            return
        took = time.perf_counter() - self.started
        _PAUSES_BY_GENERATION[info["generation"]].observe(took)  # no label lookup per collection
        if info["generation"] == 2 and took >= SLOW_FULL_S:
            self.slow_full = True


def watch_pauses() -> _PauseTimer:
    """Time every collection of this process (once per process: a second call returns the
    timer the first installed)."""
    for callback in gc.callbacks:
        if isinstance(callback, _PauseTimer):
            return callback
    timer = _PauseTimer()
    gc.callbacks.append(timer)
    return timer


def tune_collector(young_threshold: int) -> None:
    """Collect the young generation after `young_threshold` net new objects (the older
    generations keep CPython's ratios: every 10th young collection, every 10th of those)."""
    _, middle, old = gc.get_threshold()
    gc.set_threshold(young_threshold, middle, old)


def settle(reason: str) -> None:
    """Collect, then freeze the survivors: later collections do not walk them again."""
    started = time.perf_counter()
    gc.collect()
    gc.freeze()
    watch_pauses().slow_full = False  # that collection was this one: nothing left to freeze
    _settled(reason, time.perf_counter() - started)


def freeze_survivors() -> None:
    """Freeze as it is what the last (slow) full collection left."""
    gc.freeze()
    watch_pauses().slow_full = False
    _settled("slow_collection", 0.0)


def _settled(reason: str, took_s: float) -> None:
    log.info(
        "heap_settled", reason=reason, frozen=gc.get_freeze_count(), ms=round(took_s * 1000, 1)
    )


async def keep_settled(interval_s: float) -> None:
    """Settle at start, then every `interval_s` (0: never again); freeze the survivors of
    a slow full collection in between. Runs as long as the process (a supervised task)."""
    timer = watch_pauses()
    settle("start")
    loop = asyncio.get_running_loop()
    next_settle = loop.time() + interval_s if interval_s > 0 else float("inf")
    may_freeze = loop.time()
    while True:
        await asyncio.sleep(CHECK_S)
        now = loop.time()
        if now >= next_settle:
            settle("interval")
            next_settle = now + interval_s
        elif timer.slow_full and now >= may_freeze:
            freeze_survivors()
            may_freeze = now + MIN_FREEZE_SPACING_S
