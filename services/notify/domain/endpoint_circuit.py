"""A circuit breaker per delivery endpoint (webhook origin, SMTP relay, gateway).

After `failures_to_open` failed attempts in a row the endpoint is left alone for
`open_for_s`; then one trial attempt is let through (half-open): success closes the
circuit, failure opens it again. While open, its deliveries wait (no attempt is used
up), and the worker slots go to other endpoints. services/common/circuit.py is the
broker's breaker (closed again by a probe); an endpoint has no probe but the next send.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass
class EndpointCircuit:
    failures_to_open: int
    open_for_s: float
    failures: int = 0
    open_until: datetime | None = None
    trial_running: bool = False

    def allows(self, now: datetime) -> bool:
        """May an attempt start now? Half-open lets exactly one through."""
        if self.open_until is None:
            return True
        if now < self.open_until or self.trial_running:
            return False
        self.trial_running = True
        return True

    def reopens_at(self) -> datetime | None:
        return self.open_until

    def succeeded(self) -> None:
        self.failures, self.open_until, self.trial_running = 0, None, False

    def failed(self, now: datetime) -> None:
        self.failures += 1
        self.trial_running = False
        if self.open_until is not None or self.failures >= self.failures_to_open:
            self.open_until = now + timedelta(seconds=self.open_for_s)

    @property
    def is_open(self) -> bool:
        return self.open_until is not None
