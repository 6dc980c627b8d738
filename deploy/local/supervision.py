"""The supervisor's decisions, pure: when a crashed process is started again.

Every supervised process (a service, Kafka, a store script) is a `Unit` that moves
through four states:

    STARTING --healthy--> RUNNING --exited--> BACKOFF --due--> STARTING
        `------exited / start failed-----------^        STOPPED (shutdown, final)

A unit that exits waits `Backoff.delay(failures)` before it is started again: 1 s,
doubling up to 30 s by default. A run that stayed up `reset_after` forgets the earlier
failures, so a crash once a day restarts after 1 s, not 30. The supervisor never gives
up: a unit failing `loud_after` times in a row is reported as a restart loop, and still
retried (a store back after ten minutes should find its services back too).

Nothing here reads a clock or touches a process: the caller passes `now`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import datetime, timedelta


class State(enum.Enum):
    STARTING = "starting"
    RUNNING = "running"
    BACKOFF = "backoff"
    STOPPED = "stopped"


@dataclass(frozen=True)
class Backoff:
    initial: timedelta = timedelta(seconds=1)
    maximum: timedelta = timedelta(seconds=30)
    reset_after: timedelta = timedelta(seconds=60)
    loud_after: int = 3  # consecutive failures that make a restart loop

    def delay(self, failures: int) -> timedelta:
        """The wait before restart number `failures` (1 = first crash)."""
        if failures < 1:
            return timedelta(0)
        doublings = min(failures - 1, 30)  # 2**30 s is past any maximum
        return min(self.initial * (1 << doublings), self.maximum)


@dataclass(frozen=True)
class Unit:
    name: str
    state: State = State.STARTING
    started_at: datetime | None = None
    failures: int = 0  # consecutive; reset by a run that lasted reset_after
    restarts: int = 0  # total, for the log line
    retry_at: datetime | None = None
    last_exit: int | None = None


def started(unit: Unit, *, now: datetime) -> Unit:
    """The process was (re)started; it is STARTING until it answers as healthy."""
    if unit.state is State.STOPPED:
        return unit
    return replace(unit, state=State.STARTING, started_at=now, retry_at=None)


def became_healthy(unit: Unit) -> Unit:
    if unit.state is not State.STARTING:
        return unit
    return replace(unit, state=State.RUNNING)


def exited(unit: Unit, *, code: int | None, now: datetime, policy: Backoff) -> Unit:
    """The process died (or its start failed, code None if unknown): schedule a restart."""
    if unit.state in (State.STOPPED, State.BACKOFF):
        return unit
    stayed_up = unit.started_at is not None and now - unit.started_at >= policy.reset_after
    failures = 1 if stayed_up else unit.failures + 1
    return replace(
        unit,
        state=State.BACKOFF,
        failures=failures,
        retry_at=now + policy.delay(failures),
        last_exit=code,
    )


def due(unit: Unit, *, now: datetime) -> bool:
    """Time to start it again."""
    return unit.state is State.BACKOFF and unit.retry_at is not None and now >= unit.retry_at


def restarting(unit: Unit, *, now: datetime) -> Unit:
    """A due unit is being started again."""
    return replace(started(unit, now=now), restarts=unit.restarts + 1)


def stopped(unit: Unit) -> Unit:
    """Shut down on purpose: never restarted."""
    return replace(unit, state=State.STOPPED, retry_at=None)


def in_restart_loop(unit: Unit, policy: Backoff) -> bool:
    return unit.failures >= policy.loud_after


def describe_exit(unit: Unit, *, log_path: str, policy: Backoff, now: datetime) -> str:
    """The line the supervisor prints when `unit` (already in BACKOFF) went down."""
    code = "unknown" if unit.last_exit is None else str(unit.last_exit)
    wait = (unit.retry_at - now).total_seconds() if unit.retry_at else 0.0
    head = f"{unit.name} exited (code {code}); restarting in {wait:.0f}s"
    if in_restart_loop(unit, policy):
        head = (
            f"{unit.name} is in a restart loop: failure {unit.failures} in a row "
            f"(last exit code {code}); still retrying, next in {wait:.0f}s"
        )
    return f"{head}; see {log_path}"
