"""`make run`'s supervisor under SIGKILL: a dead service or store comes back, alone.

The stack is started exactly as `make run` starts it (`python -m deploy.local.run`, its
own Kafka, FerretDB and services on free ports, data in var/test-<pid>-supervisor/),
not on the session infra: the supervised services would share topics and consumer
groups with any session `services` fixture running beside them (topic names are not
configurable), and a report could then land in the other stack's store. So this module
opts out of the session infra, and pays one Kafka start (~20-30 s) of its own.

Kafka is supervised the same way as the store (deploy/local/supervisor.py ScriptTarget),
but not killed here: its restart alone took 36 s to over 50 s on the shared 2-core box,
past this test's budget; FerretDB exercises the same path in 2-3 s.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from deploy.local import stack
from tests.e2e.helpers import status_when, submit, wait_for
from tests.infra import TEST_DATA_ROOT, free_ports

START_TIMEOUT = 150.0  # Kafka + FerretDB + four services on a busy 2-core box
BACK_WITHIN = 30.0  # backoff 1 s + a service's start-up: 4-9 s here, at load average 6-16
REPORT = {
    "channel": "sms",
    "text": "lapor, kades di kab lombok timur bagi2 amplop 100rb ke warga td malam, dr paslon 2",
    "reporter": {"name": "Pelapor Uji", "phone": "+6281911122244", "wants_updates": False},
}


@pytest.fixture(autouse=True)
def _infra_for_marked_tests() -> None:
    """Overrides tests/conftest.py's: this module brings its own stack (see above)."""


@dataclass
class SupervisedStack:
    popen: subprocess.Popen[bytes]
    env: dict[str, str]
    data_dir: Path
    output: Path

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.env[stack.SERVICE_PORTS[service][0]]}"

    def pid(self, name: str) -> int | None:
        try:
            return int((self.data_dir / "run" / f"{name}.pid").read_text())
        except (OSError, ValueError):
            return None

    def pids(self) -> dict[str, int | None]:
        return {name: self.pid(name) for name in stack.SERVICES}

    def healthy(self, service: str) -> bool:
        try:
            return httpx.get(f"{self.url(service)}/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def supervisor_log(self) -> str:
        path = self.data_dir / "log" / "supervisor.log"
        return path.read_text() if path.exists() else ""

    def running(self) -> bool:
        if self.popen.poll() is not None:
            raise AssertionError(f"make run exited:\n{self.output.read_text()[-4000:]}")
        return True


def stack_env(data_dir: Path) -> dict[str, str]:
    kafka, controller, ferret, ferret_debug, postgres, *svc = free_ports(9)
    env = dict(
        os.environ,
        NETRA_DATA_DIR=str(data_dir),
        KAFKA_PORT=str(kafka),
        KAFKA_CONTROLLER_PORT=str(controller),
        FERRETDB_PORT=str(ferret),
        FERRETDB_DEBUG_PORT=str(ferret_debug),
        POSTGRES_PORT=str(postgres),
        MONGODB_DATABASE="netra_faults",
        NETRA_ENV="test",
        KAFKA_BOOTSTRAP_SERVERS="",
        MONGODB_URL="",
        CONSUMER_RETRY_BACKOFF_S="0.2",
    )
    for (var, _), port in zip(stack.SERVICE_PORTS.values(), svc, strict=True):
        env[var] = str(port)
    env["STATUS_BASE_URL"] = f"http://127.0.0.1:{env['CASES_PORT']}"
    return env


def leftovers(data_dir: Path) -> list[str]:
    run_dir = data_dir / "run"
    return sorted(p.name for p in run_dir.glob("*.pid")) if run_dir.is_dir() else []


@pytest.fixture(scope="module")
def supervised() -> Iterator[SupervisedStack]:
    data_dir = TEST_DATA_ROOT / f"test-{os.getpid()}-supervisor"
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    env = stack_env(data_dir)
    output = data_dir / "make-run.out"
    with output.open("wb") as out:
        popen = subprocess.Popen(
            [sys.executable, "-m", "deploy.local.run"],
            env=env,
            cwd=stack.REPO_ROOT,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = SupervisedStack(popen, env, data_dir, output)
    try:
        wait_for(
            lambda: running.running() and all(running.healthy(s) for s in stack.SERVICES),
            timeout=START_TIMEOUT,
            interval=1.0,
            what="make run to bring the stack up",
        )
        yield running
    finally:
        print(f"\n{running.supervisor_log()}", end="")
        _stop(running)
    assert leftovers(data_dir) == [], "Ctrl-C left pid files behind"
    shutil.rmtree(data_dir, ignore_errors=True)


def _stop(running: SupervisedStack) -> None:
    """Ctrl-C, as an operator would; `make down` for this data dir if that fails."""
    if running.popen.poll() is None:
        running.popen.send_signal(signal.SIGINT)
        try:
            running.popen.wait(60)
        except subprocess.TimeoutExpired:
            running.popen.kill()
            running.popen.wait(10)
    if leftovers(running.data_dir):
        subprocess.run(
            [stack.BASH, str(stack.SCRIPTS / "down.sh")],
            env=dict(running.env),
            cwd=stack.REPO_ROOT,
            check=False,
            timeout=120,
        )


@pytest.mark.parametrize("victim", ["triage", "cases"])
def test_a_killed_service_is_back_and_the_others_untouched(
    supervised: SupervisedStack, victim: str
) -> None:
    before = supervised.pids()
    old = before[victim]
    assert old is not None
    os.kill(old, signal.SIGKILL)

    def back() -> bool:
        new = supervised.pid(victim)
        return supervised.running() and new not in (None, old) and supervised.healthy(victim)

    started = time.monotonic()
    wait_for(back, timeout=BACK_WITHIN, interval=0.2, what=f"{victim} to be restarted")
    print(f"{victim} back in {time.monotonic() - started:.1f}s")
    after = supervised.pids()
    assert {k: v for k, v in after.items() if k != victim} == {
        k: v for k, v in before.items() if k != victim
    }
    assert f"{victim} exited (code -9)" in supervised.supervisor_log()


def test_a_killed_store_is_back_and_reports_still_become_cases(
    supervised: SupervisedStack,
) -> None:
    services_before = supervised.pids()
    old = supervised.pid("ferretdb")
    assert old is not None
    os.kill(old, signal.SIGKILL)
    wait_for(
        lambda: supervised.running() and "ferretdb is back" in supervised.supervisor_log(),
        timeout=BACK_WITHIN,
        interval=0.3,
        what="FerretDB to be restarted",
    )
    assert supervised.pid("ferretdb") not in (None, old)

    receipt, _ = submit(supervised.url("intake"), REPORT)
    status = status_when(
        supervised.url("cases"),
        receipt["tracking_code"],
        lambda s: s.get("case_id") is not None,
        "the report posted after the store's restart to become a case",
    )
    assert status["case_id"]
    assert supervised.pids() == services_before, "a store restart must not restart services"
