"""Per-item isolation for the loops that work through many items (outbox relay, deadline
scan, spool drainer): the one item that fails is reported and set back, the rest go on.

`FailingItems` remembers each failing item with its own exponential back-off (monotonic
time, never a wall clock), so a loop skips it until it is due again instead of retrying
it first on every pass (and starving what comes after it). Each failure is counted in
`netra_background_item_failures_total{loop}` and logged under the loop's event with the
exception type as its cause, so the log rate limit (log_repeats.py) folds a storm of
identical failures into a few lines. `netra_background_items_deferred{loop}` says how
many items wait for their retry.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from prometheus_client import Counter, Gauge

from services.common.logging import get_logger

log = get_logger(__name__)

ITEM_FAILURES = Counter(
    "netra_background_item_failures_total", "Items a background loop failed on", ["loop"]
)
DEFERRED = Gauge(
    "netra_background_items_deferred", "Failed items waiting for their retry", ["loop"]
)


@dataclass
class _Failing:
    failures: int
    due_at: float
    last_error: str


class FailingItems:
    def __init__(self, loop: str, *, base_s: float, max_s: float) -> None:
        self.loop = loop
        self.base_s = base_s
        self.max_s = max_s
        self._failing: dict[str, _Failing] = {}

    def due(self, key: str) -> bool:
        """False while the item waits out the back-off of its last failure."""
        failing = self._failing.get(key)
        return failing is None or time.monotonic() >= failing.due_at

    def waiting(self) -> int:
        """How many items are set back (a loop may ask the store for that many more)."""
        return len(self._failing)

    def failed(self, key: str, exc: BaseException) -> None:
        previous = self._failing.get(key)
        failures = previous.failures + 1 if previous else 1
        step = min(self.max_s, self.base_s * 2 ** (failures - 1))
        due_at = time.monotonic() + step / 2 + random.uniform(0, step / 2)
        self._failing[key] = _Failing(failures, due_at, f"{type(exc).__name__}: {exc}"[:300])
        ITEM_FAILURES.labels(self.loop).inc()
        DEFERRED.labels(self.loop).set(len(self._failing))
        log.warning(
            "background_item_failed",
            loop=self.loop,
            item=key,
            failures=failures,
            retry_in_s=round(step, 1),
            why=f"{self.loop}: {type(exc).__name__}",
            exc_info=exc,
        )

    def succeeded(self, key: str) -> None:
        if self._failing.pop(key, None) is not None:
            DEFERRED.labels(self.loop).set(len(self._failing))
            log.info("background_item_recovered", loop=self.loop, item=key)
