"""Token buckets per client on a fake clock: burst, steady rate, Retry-After, bounded memory."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.common.rate_limit import RatePolicy, TokenBuckets
from tests.fakes.clock import FakeClock


def buckets(per_second: float = 1.0, burst: int = 3, max_clients: int = 100) -> TokenBuckets:
    return TokenBuckets(RatePolicy(per_second, burst), clock=FakeClock(), max_clients=max_clients)


def test_a_burst_passes_then_the_client_waits_for_the_rate() -> None:
    limits = buckets(per_second=0.5, burst=3)
    assert [limits.take("a").allowed for _ in range(3)] == [True, True, True]
    refused = limits.take("a")
    assert not refused.allowed and refused.retry_after_s == 2
    assert limits.take("b").allowed  # another client has its own bucket


def test_tokens_come_back_at_the_rate_and_never_past_the_burst() -> None:
    limits = buckets(per_second=1.0, burst=2)
    clock = limits.clock
    assert isinstance(clock, FakeClock)
    limits.take("a"), limits.take("a")
    clock.advance(timedelta(seconds=1))
    assert limits.take("a").allowed and not limits.take("a").allowed
    clock.advance(timedelta(hours=1))
    assert [limits.take("a").allowed for _ in range(3)] == [True, True, False]


def test_a_clock_stepping_back_refills_nothing() -> None:
    limits = buckets(per_second=1.0, burst=1)
    clock = limits.clock
    assert isinstance(clock, FakeClock)
    assert limits.take("a").allowed
    clock.advance(timedelta(seconds=-30))
    assert not limits.take("a").allowed


def test_idle_clients_are_forgotten_and_memory_has_a_ceiling() -> None:
    limits = buckets(per_second=1.0, burst=5, max_clients=10)
    clock = limits.clock
    assert isinstance(clock, FakeClock)
    for n in range(50):
        limits.take(f"client-{n}")
    assert len(limits) == 10
    clock.advance(timedelta(seconds=5))  # every bucket full again: nothing to remember
    limits.take("late")
    assert len(limits) == 1


def test_a_policy_must_let_something_through() -> None:
    with pytest.raises(ValueError, match="per_second"):
        RatePolicy(per_second=0, burst=1)
