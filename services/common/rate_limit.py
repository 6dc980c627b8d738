"""Per-client token buckets: a burst at once, then a steady rate. Pure, on an explicit clock.

Each client has a bucket of `burst` tokens refilled at `per_second`; a request takes one
token or is refused with the seconds until one is back. Memory is bounded: a client idle
long enough for its bucket to be full again is forgotten (nothing changes for it), and
past `max_clients` the client seen longest ago is forgotten first.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from services.common.clock import Clock


@dataclass(frozen=True)
class RatePolicy:
    per_second: float
    burst: int

    def __post_init__(self) -> None:
        if self.per_second <= 0 or self.burst < 1:
            raise ValueError("a rate policy needs per_second > 0 and burst >= 1")

    @property
    def refill_s(self) -> float:
        """Seconds an empty bucket takes to be full again."""
        return self.burst / self.per_second


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after_s: int = 0  # whole seconds, as the Retry-After header wants them


@dataclass
class _Bucket:
    tokens: float
    seen: datetime


class TokenBuckets:
    def __init__(self, policy: RatePolicy, *, clock: Clock, max_clients: int = 10_000) -> None:
        self.policy = policy
        self.clock = clock
        self.max_clients = max_clients
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def take(self, client: str) -> Decision:
        now = self.clock.now()
        self._forget_idle(now)
        bucket = self._buckets.pop(client, None)
        if bucket is None:
            bucket = _Bucket(tokens=float(self.policy.burst), seen=now)
        else:
            # A clock stepping back refills nothing rather than going negative.
            elapsed = max((now - bucket.seen).total_seconds(), 0.0)
            bucket.tokens = min(
                float(self.policy.burst), bucket.tokens + elapsed * self.policy.per_second
            )
            bucket.seen = now
        self._buckets[client] = bucket  # most recently seen last
        while len(self._buckets) > self.max_clients:
            self._buckets.popitem(last=False)
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return Decision(allowed=True)
        wait_s = (1.0 - bucket.tokens) / self.policy.per_second
        return Decision(allowed=False, retry_after_s=max(1, math.ceil(wait_s)))

    def __len__(self) -> int:
        return len(self._buckets)

    def _forget_idle(self, now: datetime) -> None:
        while self._buckets:
            oldest = next(iter(self._buckets.values()))
            if (now - oldest.seen).total_seconds() < self.policy.refill_s:
                return
            self._buckets.popitem(last=False)
