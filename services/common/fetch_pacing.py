"""Two fetch paces for a subscriber on a report's way: eager when idle, batching when busy.

A fetch that asks the broker for `BATCH_FETCH_MIN_BYTES` is answered when that much is
there or after its wait, so a lone record waits the whole wait and an idle subscriber asks
once per wait (200 ms by default: 5 fetches/s each, for nothing). A fetch that asks for 1
byte is answered at the first record, so its wait can be long (500 ms: 2 fetches/s at
rest) without delaying anything. The subscriber therefore fetches the idle way while nothing
comes, switches to the batching pace at the first batch (the rest of a burst fills
batches as before) and goes back once `quiet_s` passed without a batch. No record waits
longer than under the batching pace alone; the first one after a quiet spell waits for
nothing.

aiokafka (pinned) reads both values from its fetcher for each fetch request it builds
and has no public setter: `pace_fetcher` is the one place that writes them.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, Protocol

from aiokafka import AIOKafkaConsumer

EAGER_MIN_BYTES = 1


@dataclass(frozen=True)
class FetchPace:
    min_bytes: int
    max_wait_ms: int


class Fetcher(Protocol):
    _fetch_min_bytes: int
    _fetch_max_wait_ms: int


def pace_fetcher(fetcher: Fetcher, pace: FetchPace) -> None:
    fetcher._fetch_min_bytes = pace.min_bytes
    fetcher._fetch_max_wait_ms = pace.max_wait_ms


def fetcher_of(kafka: AIOKafkaConsumer) -> Fetcher:
    fetcher: Any = kafka._fetcher
    return fetcher  # type: ignore[no-any-return]


@dataclass
class IdlePacing:
    """The two paces of one subscriber; `idle` is what it is declared with."""

    busy: FetchPace
    idle: FetchPace
    quiet_s: float
    _fetcher: Fetcher | None = field(default=None, init=False)
    _back_to_idle: asyncio.TimerHandle | None = field(default=None, init=False)

    @classmethod
    def around(cls, *, busy_min_bytes: int, busy_wait_ms: int, idle_wait_ms: int) -> IdlePacing:
        """Idle after two batching waits without a batch: a burst keeps the batching pace."""
        return cls(
            busy=FetchPace(busy_min_bytes, busy_wait_ms),
            idle=FetchPace(EAGER_MIN_BYTES, idle_wait_ms),
            quiet_s=2 * busy_wait_ms / 1000,
        )

    def batch_seen(self, fetcher: Fetcher) -> None:
        """A batch came: batching pace now, idle again `quiet_s` after the last batch."""
        if self._back_to_idle is None or self._fetcher is not fetcher:
            pace_fetcher(fetcher, self.busy)  # a restarted consumer starts idle
        if self._back_to_idle is not None:
            self._back_to_idle.cancel()
        self._fetcher = fetcher
        self._back_to_idle = asyncio.get_running_loop().call_later(
            self.quiet_s, self._quiet, fetcher
        )

    def _quiet(self, fetcher: Fetcher) -> None:
        pace_fetcher(fetcher, self.idle)
        self._back_to_idle = None
