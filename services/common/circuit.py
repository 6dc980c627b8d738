"""A circuit breaker for a broker: after a failed or abandoned send, stop sending until a
probe says the broker is back.

Why: a send abandoned on a timeout is not withdrawn: aiokafka keeps it buffered and
delivers it when Kafka returns. Sending while the broker is known to be away would
turn every such attempt into a later surprise delivery (a report answered 503 "not
saved" that arrives after all, or one spooled report delivered several times). While
open, `allow` probes at most once per `probe_every_s` and says no otherwise.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from services.common.clock import Clock

Probe = Callable[[], Awaitable[bool]]


class BrokerCircuit:
    def __init__(self, *, probe: Probe, clock: Clock, probe_every_s: float) -> None:
        self.probe = probe
        self.clock = clock
        self.probe_every_s = probe_every_s
        self.open = False
        self._last_probe: datetime | None = None

    async def allow(self) -> bool:
        if not self.open:
            return True
        now = self.clock.now()
        last = self._last_probe
        if last is not None and (now - last).total_seconds() < self.probe_every_s:
            return False
        self._last_probe = now
        if await self.probe():
            self.open = False
        return not self.open

    def trip(self) -> None:
        """A send failed or was abandoned: the broker is away until a probe says otherwise."""
        self.open = True
        self._last_probe = None
