"""The broker circuit: closed until a send fails, then probes at most once per interval."""

from __future__ import annotations

from datetime import timedelta

from services.common.circuit import BrokerCircuit
from tests.fakes.clock import FakeClock


class Probe:
    def __init__(self) -> None:
        self.back = False
        self.calls = 0

    async def __call__(self) -> bool:
        self.calls += 1
        return self.back


async def test_closed_until_tripped_then_refuses_without_probing_too_often() -> None:
    probe, clock = Probe(), FakeClock()
    circuit = BrokerCircuit(probe=probe, clock=clock, probe_every_s=1.0)
    assert await circuit.allow() and probe.calls == 0
    circuit.trip()
    assert [await circuit.allow() for _ in range(50)] == [False] * 50
    assert probe.calls == 1
    clock.advance(timedelta(seconds=1))
    assert not await circuit.allow() and probe.calls == 2


async def test_a_probe_that_finds_the_broker_closes_it() -> None:
    probe, clock = Probe(), FakeClock()
    circuit = BrokerCircuit(probe=probe, clock=clock, probe_every_s=1.0)
    circuit.trip()
    assert not await circuit.allow()
    probe.back = True
    clock.advance(timedelta(seconds=1))
    assert await circuit.allow()
    assert await circuit.allow() and probe.calls == 2  # closed: no more probes
