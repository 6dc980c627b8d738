"""`make run`'s supervisor: restarts whatever dies, with backoff, and leaves the rest be.

The decisions are supervision.py's (pure); this module only probes processes and
starts them again. Services are our children (`python -m services.<name>`): a restart
is a new process on the same port, pid file and log. Kafka and the store belong to
their deploy/local scripts: `status` says whether they live (asked every
`SCRIPT_PROBE_EVERY`), `start` brings them back (in a worker thread, since it waits
for readiness, so a service crash meanwhile is still handled on time).

Every decision is printed and appended to <NETRA_DATA_DIR>/log/supervisor.log.
"""

from __future__ import annotations

import concurrent.futures
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Literal, Protocol

from deploy.local import supervision as sv
from deploy.local.procs import Proc, healthy
from deploy.local.scripts import run_script
from deploy.local.services import restart_service
from services.common.clock import Clock

SCRIPT_PROBE_EVERY = timedelta(seconds=2)


@dataclass(frozen=True)
class Down:
    code: int | None  # None when the process was not our child (a script's daemon)


Probe = Down | Literal["up", "pending"]


class Target(Protocol):
    name: str
    log_path: Path

    def probe(self, *, starting: bool) -> Probe: ...
    def start_again(self, note: str) -> None: ...


class ServiceTarget:
    def __init__(self, proc: Proc) -> None:
        self.proc = proc
        self.name = proc.name
        self.log_path = proc.log_path

    def probe(self, *, starting: bool) -> Probe:
        code = self.proc.popen.poll()
        if code is not None:
            return Down(code)
        if not starting or healthy(f"{self.proc.url}/health"):
            return "up"
        return "pending"

    def start_again(self, note: str) -> None:
        restart_service(self.proc, note)


class ScriptTarget:
    """Kafka or a store process, run by deploy/local/<name>.sh."""

    def __init__(
        self, name: str, env: Mapping[str, str], clock: Clock, pool: concurrent.futures.Executor
    ) -> None:
        self.name = name
        self.env = dict(env)
        self.log_path = Path(env["NETRA_DATA_DIR"]) / "log" / f"{name}.log"
        self._clock = clock
        self._pool = pool
        self._start: concurrent.futures.Future[subprocess.CompletedProcess[str]] | None = None
        self._next_probe = clock.now()

    def probe(self, *, starting: bool) -> Probe:
        if self._start is not None:
            if not self._start.done():
                return "pending"
            result, self._start = self._start.result(), None
            return "up" if result.returncode == 0 else Down(result.returncode)
        now = self._clock.now()
        if now < self._next_probe:
            return "up"
        self._next_probe = now + SCRIPT_PROBE_EVERY
        alive = run_script(self.name, "status", self.env, check=False).returncode == 0
        return "up" if alive else Down(None)

    def start_again(self, note: str) -> None:
        # Closes the crashed run's log (which `start` may rotate to <name>.log.1).
        with self.log_path.open("a") as log:
            log.write(f"\n----- {note} -----\n")
        self._start = self._pool.submit(run_script, self.name, "start", self.env, check=False)


class Supervisor:
    def __init__(
        self, targets: Sequence[Target], *, clock: Clock, policy: sv.Backoff, log_file: Path
    ) -> None:
        self.targets = {t.name: t for t in targets}
        self.clock = clock
        self.policy = policy
        self.log_file = log_file
        log_file.parent.mkdir(parents=True, exist_ok=True)
        now = clock.now()
        self.units = {t.name: sv.Unit(t.name, sv.State.RUNNING, started_at=now) for t in targets}

    def say(self, message: str) -> None:
        line = f"[supervisor {self.clock.now():%H:%M:%S}] {message}"
        print(line, file=sys.stderr, flush=True)
        with self.log_file.open("a") as log:
            log.write(line + "\n")

    def tick(self) -> None:
        for name, target in self.targets.items():
            self.units[name] = self._step(self.units[name], target)

    def _step(self, unit: sv.Unit, target: Target) -> sv.Unit:
        now = self.clock.now()
        if sv.due(unit, now=now):
            unit = sv.restarting(unit, now=now)
            self.say(f"restarting {unit.name} (restart {unit.restarts})")
            target.start_again(f"restarted by the supervisor at {now:%Y-%m-%d %H:%M:%S}Z")
            return unit
        if unit.state not in (sv.State.STARTING, sv.State.RUNNING):
            return unit
        probe = target.probe(starting=unit.state is sv.State.STARTING)
        if isinstance(probe, Down):
            unit = sv.exited(unit, code=probe.code, now=now, policy=self.policy)
            log = str(target.log_path)
            self.say(sv.describe_exit(unit, log_path=log, policy=self.policy, now=now))
        elif probe == "up" and unit.state is sv.State.STARTING:
            unit = sv.became_healthy(unit)
            self.say(f"{unit.name} is back (restart {unit.restarts})")
        return unit

    def run_until_interrupted(self, every: float = 0.5) -> None:
        while True:
            self.tick()
            time.sleep(every)

    def stop(self) -> None:
        """No more restarts: the caller stops the processes (services, then store, Kafka)."""
        self.units = {name: sv.stopped(unit) for name, unit in self.units.items()}
