"""The background-task supervisor on fakes: a crashing task restarts with back-off, its
state and last error are visible, and `/ready` names it while it is not running."""

from __future__ import annotations

import asyncio
import time

from fastapi.testclient import TestClient
from prometheus_client import REGISTRY

from services.common.app import service_app, start_runtime
from services.common.settings import ServiceSettings
from services.common.supervised import (
    BackgroundTask,
    Backoff,
    Supervisor,
    TaskState,
    background_problems,
)

FAST = Backoff(base_s=0.001, max_s=0.01, settle_s=60)


class CrashesThenRuns:
    """Raises on its first `crashes` starts, then runs until cancelled."""

    def __init__(self, crashes: int) -> None:
        self.crashes = crashes
        self.starts = 0
        self.running = asyncio.Event()

    async def __call__(self) -> None:
        self.starts += 1
        if self.starts <= self.crashes:
            raise RuntimeError(f"crash {self.starts}")
        self.running.set()
        await asyncio.Event().wait()


def restarts_of(task: str) -> float:
    return REGISTRY.get_sample_value("netra_background_restarts_total", {"task": task}) or 0.0


async def test_a_task_that_crashes_twice_is_restarted_and_then_runs() -> None:
    flaky = CrashesThenRuns(crashes=2)
    before = restarts_of("flaky")
    supervisor = Supervisor((BackgroundTask("flaky", flaky),), backoff=FAST)
    async with supervisor.running():
        await asyncio.wait_for(flaky.running.wait(), timeout=2)
        health = supervisor.health["flaky"]
        assert flaky.starts == 3 and health.restarts == 2
        assert health.state is TaskState.RUNNING and health.last_error == "RuntimeError: crash 2"
        assert supervisor.problems() == []
        assert restarts_of("flaky") - before == 2
        running = REGISTRY.get_sample_value("netra_background_task_running", {"task": "flaky"})
        assert running == 1
    assert supervisor.health["flaky"].state.value == "stopped"


async def test_a_task_waiting_to_restart_is_named_as_a_problem() -> None:
    slow_restart = Backoff(base_s=60, max_s=60, settle_s=60)
    supervisor = Supervisor((BackgroundTask("doomed", CrashesThenRuns(1)),), backoff=slow_restart)
    async with supervisor.running():
        for _ in range(100):
            if supervisor.health["doomed"].state is TaskState.RESTARTING:
                break
            await asyncio.sleep(0.01)
        [problem] = background_problems(supervisor)
    assert problem.startswith("doomed: restarting after 1 restart(s)") and "crash 1" in problem


async def test_a_task_that_returns_is_restarted_too() -> None:
    calls: list[float] = []
    third_start = asyncio.Event()

    async def ends_at_once() -> None:
        calls.append(time.monotonic())
        if len(calls) == 3:
            third_start.set()

    supervisor = Supervisor((BackgroundTask("ends", ends_at_once),), backoff=FAST)
    async with supervisor.running():
        await asyncio.wait_for(third_start.wait(), timeout=2)
    assert supervisor.health["ends"].restarts >= 2
    assert "must not end" in (supervisor.health["ends"].last_error or "")


def test_the_backoff_doubles_with_jitter_up_to_its_cap() -> None:
    backoff = Backoff(base_s=1, max_s=8, settle_s=60)
    for failures, step in ((1, 1), (2, 2), (3, 4), (4, 8), (10, 8)):
        delays = [backoff.delay(failures) for _ in range(50)]
        assert all(step / 2 <= d <= step for d in delays)
        assert len(set(delays)) > 1  # jittered


def test_ready_is_503_naming_a_crashed_background_task() -> None:
    settings = ServiceSettings(kafka_bootstrap_servers="127.0.0.1:1")
    runtime = start_runtime(settings, service="test")
    app = service_app(
        runtime, title="test", tasks=(BackgroundTask("relay_under_test", CrashesThenRuns(99)),)
    )
    with TestClient(app) as client:
        deadline = time.monotonic() + 5
        body: dict[str, str] = {}
        while time.monotonic() < deadline:
            response = client.get("/ready")
            body = response.json()
            if "relay_under_test" in body.get("detail", ""):
                break
            time.sleep(0.02)
        assert response.status_code == 503
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "relay_under_test: restarting" in body["detail"]
        assert "RuntimeError: crash" in body["detail"]
