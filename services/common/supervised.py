"""Background tasks under supervision: a crashed task restarts, and says so.

Every long-running loop of a service (the cases outbox relay and deadline scan, intake's
spool drainer) runs under one `Supervisor`. A task that raises (or returns, which a loop
meant to run for the life of the process must not do) is logged, counted in
`netra_background_restarts_total{task}` and started again after an exponential back-off
with jitter; a run that lasted `settle_s` resets the back-off. While a task waits to be
restarted `/ready` answers 503 naming it (`background_problems`), and
`netra_background_task_running{task}` is 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from prometheus_client import Counter, Gauge

from services.common.logging import get_logger

log = get_logger(__name__)

RESTARTS = Counter(
    "netra_background_restarts_total", "Background task restarts after a crash", ["task"]
)
RUNNING = Gauge(
    "netra_background_task_running", "1 while the background task runs, 0 otherwise", ["task"]
)
ERROR_CHARS = 300

TaskFactory = Callable[[], Coroutine[Any, Any, None]]


@dataclass(frozen=True)
class BackgroundTask:
    """A named loop: `run` makes a fresh coroutine for every (re)start."""

    name: str
    run: TaskFactory


@dataclass(frozen=True)
class Backoff:
    base_s: float = 1.0
    max_s: float = 60.0
    settle_s: float = 60.0  # a run at least this long forgets the earlier crashes

    def delay(self, failures: int) -> float:
        """Equal jitter: half the exponential step fixed, half random."""
        step = min(self.max_s, self.base_s * 2.0 ** max(0, failures - 1))
        return float(step / 2 + random.uniform(0, step / 2))


class TaskState(StrEnum):
    NOT_STARTED = "not_started"
    RUNNING = "running"
    RESTARTING = "restarting"  # crashed, waiting out its back-off
    STOPPED = "stopped"  # the service is shutting down


@dataclass
class TaskHealth:
    name: str
    state: TaskState = TaskState.NOT_STARTED
    restarts: int = 0
    last_error: str | None = None

    def describe(self) -> str:
        text = f"{self.name}: {self.state.value}"
        if self.last_error:
            text += f" after {self.restarts} restart(s), last error {self.last_error}"
        return text


class Supervisor:
    def __init__(self, tasks: tuple[BackgroundTask, ...], *, backoff: Backoff) -> None:
        self.tasks = tasks
        self.backoff = backoff
        self.health = {task.name: TaskHealth(task.name) for task in tasks}

    def problems(self) -> list[TaskHealth]:
        """Every task that should run and does not (readiness fails on any)."""
        return [h for h in self.health.values() if h.state is not TaskState.RUNNING]

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Run every task for the life of the block, cancelling them after."""
        running = [asyncio.create_task(self._supervise(task)) for task in self.tasks]
        try:
            yield
        finally:
            for each in running:
                each.cancel()
            for each in running:
                with contextlib.suppress(asyncio.CancelledError):
                    await each
            for health in self.health.values():
                health.state = TaskState.STOPPED
                RUNNING.labels(health.name).set(0)

    async def _supervise(self, task: BackgroundTask) -> None:
        health = self.health[task.name]
        failures = 0
        while True:
            started = time.monotonic()
            health.state = TaskState.RUNNING
            RUNNING.labels(task.name).set(1)
            try:
                await task.run()
                error = "returned (a background loop must not end)"
                log.error("background_task_ended", task=task.name)
            except Exception as exc:  # any crash restarts the task
                error = f"{type(exc).__name__}: {exc}"[:ERROR_CHARS]
                log.exception("background_task_crashed", task=task.name, why=type(exc).__name__)
            if time.monotonic() - started >= self.backoff.settle_s:
                failures = 0
            failures += 1
            health.state = TaskState.RESTARTING
            health.last_error = error
            health.restarts += 1
            RUNNING.labels(task.name).set(0)
            RESTARTS.labels(task.name).inc()
            await asyncio.sleep(self.backoff.delay(failures))


def background_problems(supervisor: Supervisor) -> list[str]:
    """What `/ready` names when a background task is not running (empty when all run)."""
    return [health.describe() for health in supervisor.problems()]
