"""The supervisor loop (deploy/local/supervisor.py) on scripted targets and a fake clock:
a crashed process is started again after its backoff, and nothing else is touched."""

from __future__ import annotations

from collections import deque
from datetime import timedelta
from pathlib import Path

from deploy.local.supervision import Backoff, State
from deploy.local.supervisor import Down, Probe, Supervisor
from tests.fakes.clock import FakeClock


class ScriptedTarget:
    """Answers probes from a queue (then "up"), records restarts."""

    def __init__(self, name: str, log_dir: Path) -> None:
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self.probes: deque[Probe] = deque()
        self.restarts: list[str] = []

    def probe(self, *, starting: bool) -> Probe:
        return self.probes.popleft() if self.probes else "up"

    def start_again(self, note: str) -> None:
        self.restarts.append(note)


def setup(tmp_path: Path) -> tuple[Supervisor, FakeClock, dict[str, ScriptedTarget]]:
    clock = FakeClock()
    targets = {n: ScriptedTarget(n, tmp_path) for n in ("ferretdb", "triage", "cases")}
    supervisor = Supervisor(
        list(targets.values()),
        clock=clock,
        policy=Backoff(),
        log_file=tmp_path / "log" / "supervisor.log",
    )
    return supervisor, clock, targets


def state(supervisor: Supervisor, name: str) -> State:
    return supervisor.units[name].state


def test_a_crashed_service_is_restarted_after_one_second_and_alone(tmp_path: Path) -> None:
    supervisor, clock, targets = setup(tmp_path)
    targets["triage"].probes.append(Down(-9))
    supervisor.tick()
    assert state(supervisor, "triage") is State.BACKOFF
    clock.advance(timedelta(milliseconds=500))
    supervisor.tick()
    assert targets["triage"].restarts == []
    clock.advance(timedelta(milliseconds=500))
    supervisor.tick()
    assert len(targets["triage"].restarts) == 1
    assert targets["cases"].restarts == targets["ferretdb"].restarts == []
    supervisor.tick()
    assert state(supervisor, "triage") is State.RUNNING


def test_the_log_tells_the_exit_code_the_log_path_and_the_return(tmp_path: Path) -> None:
    supervisor, clock, targets = setup(tmp_path)
    targets["cases"].probes.append(Down(-9))
    supervisor.tick()
    clock.advance(timedelta(seconds=1))
    supervisor.tick()
    supervisor.tick()
    log = (tmp_path / "log" / "supervisor.log").read_text()
    assert f"cases exited (code -9); restarting in 1s; see {tmp_path / 'cases.log'}" in log
    assert "restarting cases (restart 1)" in log
    assert "cases is back (restart 1)" in log


def test_a_store_that_will_not_start_is_retried_with_growing_waits(tmp_path: Path) -> None:
    supervisor, clock, targets = setup(tmp_path)
    store = targets["ferretdb"]
    store.probes.append(Down(None))
    supervisor.tick()
    for wait in (1, 2, 4, 8):
        clock.advance(timedelta(seconds=wait))
        supervisor.tick()  # restart
        store.probes.append(Down(1))
        supervisor.tick()  # the start failed
    assert len(store.restarts) == 4
    unit = supervisor.units["ferretdb"]
    assert (unit.state, unit.failures) == (State.BACKOFF, 5)
    assert "ferretdb is in a restart loop" in (tmp_path / "log" / "supervisor.log").read_text()


def test_nothing_restarts_after_stop(tmp_path: Path) -> None:
    supervisor, clock, targets = setup(tmp_path)
    targets["triage"].probes.append(Down(0))
    supervisor.tick()
    supervisor.stop()
    clock.advance(timedelta(minutes=5))
    supervisor.tick()
    assert targets["triage"].restarts == []
