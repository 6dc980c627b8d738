"""A slow or dead endpoint holds up only its own deliveries: per-endpoint caps and a
circuit breaker per endpoint, the pool left to the others."""

from __future__ import annotations

import asyncio
import time

from services.notify.domain.delivery_progress import DeliveryState
from services.notify.service_layer.delivery_lanes import WorkerLimits
from tests.service.notify.delivery_world import FAST, LIMITS, SLOW, World, case_event


async def test_a_slow_endpoint_uses_its_own_slots_and_the_other_is_served_meanwhile() -> None:
    world = await World(targets=(SLOW, FAST)).start()
    world.channel.slow_s[SLOW] = 30.0
    await world.intake.take([case_event(f"CASE-{n}") for n in range(20)])
    running = asyncio.create_task(world.worker.run())
    began = time.monotonic()
    try:
        async with asyncio.timeout(5):
            while len(world.channel.arrived) < 20:
                world.channel.arrival.clear()
                await world.channel.arrival.wait()
        took = time.monotonic() - began
        assert len(world.channel.arrived) == 20, "the fast endpoint's deliveries did not all arrive"
        assert {a.target for a in world.channel.arrived} == {FAST}
        assert took < 2.0
        slow_started = world.channel.attempts - 20
        assert slow_started == LIMITS.per_endpoint  # the slow one never took more slots
    finally:
        running.cancel()
        await world.worker.stop()


async def test_an_open_circuit_holds_that_endpoints_deliveries_without_using_attempts() -> None:
    limits = WorkerLimits(
        pool_size=12, per_endpoint=8, send_timeout_s=5.0, failures_to_open=3, open_for_s=60.0
    )
    world = await World(targets=(SLOW, FAST), limits=limits).start()
    world.channel.down.add(SLOW)
    await world.intake.take([case_event(f"CASE-{n}") for n in range(6)])
    await world.round()  # six attempts at SLOW start at once and fail: the circuit opens
    assert world.channel.attempts == 12 and len(world.channel.arrived) == 6
    world.advance(30)  # their retries are due (2.5 s), the circuit still open
    assert await world.round() == 0
    world.advance(31)  # open for 60 s: one trial goes through, fails, opens it again
    assert await world.round() == 1
    world.channel.down.clear()
    world.advance(61)
    assert await world.round() == 1  # the trial succeeds: the circuit closes
    assert await world.round() == 5
    assert len(world.channel.arrived) == 12
    assert world.worker.count(DeliveryState.RETRYING) == 0


async def test_a_send_that_never_answers_times_out_as_a_retryable_failure() -> None:
    limits = WorkerLimits(
        pool_size=8, per_endpoint=2, send_timeout_s=0.05, failures_to_open=3, open_for_s=60.0
    )
    world = await World(targets=(SLOW,), limits=limits).start()
    world.channel.slow_s[SLOW] = 30.0
    await world.intake.take([case_event()])
    await world.round()
    [outcome] = world.outcomes()
    assert outcome.status.value == "failed" and outcome.detail == "no answer within 0.05 s"
