"""The stack as `make run` runs it, for the fault tests: `python -m deploy.local.run`.

Its own Kafka, FerretDB and four services on free ports, data in
var/test-<pid>-supervisor/, under deploy/local's supervisor (a dead service, Kafka or
store is started again with backoff). Not the session infra: the supervised services
would share topics and consumer groups with any session `services` fixture running
beside them (topic names are not configurable), and a report could then land in the
other stack's store. Notify's webhooks all go to a `WebhookSink` served on a thread of
the test process (tests/bench/pipeline/sink.py), which counts them by webhook id.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx

from deploy.local import stack
from deploy.local.env import (
    CONSUMERS,
    infra_env,
    kafka_bootstrap,
    remove_data_dir,
    service_of,
    with_replicas,
)
from tests.bench.pipeline.sink import WebhookSink
from tests.e2e.helpers import wait_for
from tests.infra import TEST_DATA_ROOT, consecutive_free_ports, free_ports

T = TypeVar("T")
START_TIMEOUT = 150.0  # Kafka + FerretDB + four services on a busy 2-core box


class SinkThread:
    """The bench's webhook sink, served by an event loop on its own thread, so it answers
    whatever the test's own loop (or a blocking call) is doing."""

    def __init__(self) -> None:
        self.sink = WebhookSink()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._serve, name="webhook-sink", daemon=True)
        self._thread.start()
        self._call(self.sink.start())

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_forever()

    def _call(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(30)

    @property
    def base_url(self) -> str:
        return self.sink.base_url

    def webhooks(self) -> tuple[dict[str, list[float]], dict[str, set[str]]]:
        """Arrival times per webhook id, and the webhook ids per case: copies made on the
        sink's loop (monotonic clock, the test's own)."""

        async def copy() -> tuple[dict[str, list[float]], dict[str, set[str]]]:
            ids = {case: set(found) for case, found in self.sink.webhook_ids.items()}
            return {w: list(t) for w, t in self.sink.by_webhook_id.items()}, ids

        return self._call(copy())

    def stop(self) -> None:
        self._call(self.sink.stop())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()


@dataclass
class SupervisedStack:
    popen: subprocess.Popen[bytes]
    env: dict[str, str]
    data_dir: Path
    output: Path
    sink: SinkThread

    @property
    def kafka_bootstrap(self) -> str:
        return kafka_bootstrap(infra_env(self.env))  # every node of a cluster

    @property
    def mongodb_url(self) -> str:
        return f"mongodb://127.0.0.1:{self.env['FERRETDB_PORT']}/"

    @property
    def database(self) -> str:
        return self.env["MONGODB_DATABASE"]

    @property
    def spool_dir(self) -> Path:
        return Path(self.env["SPOOL_DIR"])

    def url(self, service: str) -> str:
        """`cases`, or a replica: `cases-2`."""
        base, replica = service_of(service)
        var = stack.SERVICE_PORTS[base][0]
        return f"http://127.0.0.1:{self.env[var if replica == 1 else f'{var}_{replica}']}"

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


def stack_env(
    data_dir: Path, sink_url: str, *, brokers: int = 1, replicas: int = 1
) -> dict[str, str]:
    kafka, controller, ferret, ferret_debug, postgres, sinks, smtp, *svc = free_ports(11)
    if brokers > 1:
        kafka = consecutive_free_ports(2 * brokers)
        controller = kafka + 1
    env = dict(
        os.environ,
        NETRA_DATA_DIR=str(data_dir),
        KAFKA_PORT=str(kafka),
        KAFKA_CONTROLLER_PORT=str(controller),
        FERRETDB_PORT=str(ferret),
        FERRETDB_DEBUG_PORT=str(ferret_debug),
        POSTGRES_PORT=str(postgres),
        DEV_SINKS_PORT=str(sinks),  # make run's dev mail sink and gateway simulator
        DEV_SMTP_PORT=str(smtp),
        MONGODB_DATABASE="netra_faults",
        NETRA_ENV="test",
        KAFKA_BOOTSTRAP_SERVERS="",
        MONGODB_URL="",
        SPOOL_DIR=str(data_dir / "spool" / "intake"),
        CONSUMER_RETRY_BACKOFF_S="0.2",
        NOTIFY_SINK_BASE_URL=sink_url,
        NOTIFY_RETRY_FIRST_DELAY_S="0.2",
        # Every report comes from this one address: lift intake's per-client filing limit.
        FILING_RATE_PER_S="1000000",
        FILING_BURST="1000000",
        NETRA_KAFKA_BROKERS=str(brokers),
    )
    for (var, _), port in zip(stack.SERVICE_PORTS.values(), svc, strict=True):
        env[var] = str(port)
    for name in with_replicas(list(CONSUMERS), replicas):
        base, replica = service_of(name)
        if replica > 1:
            env[f"{stack.SERVICE_PORTS[base][0]}_{replica}"] = str(free_ports(1)[0])
    env["STATUS_BASE_URL"] = f"http://127.0.0.1:{env['CASES_PORT']}"
    return env


def leftovers(data_dir: Path) -> list[str]:
    run_dir = data_dir / "run"
    return sorted(p.name for p in run_dir.glob("*.pid")) if run_dir.is_dir() else []


def start_supervised(*, brokers: int = 1, replicas: int = 1) -> SupervisedStack:
    """`make run` (or with brokers=3, replicas=2: `make cluster`) on its own ports."""
    what = "supervisor" if brokers == 1 else "cluster"
    data_dir = TEST_DATA_ROOT / f"test-{os.getpid()}-{what}"
    remove_data_dir(data_dir)
    data_dir.mkdir(parents=True)
    sink = SinkThread()
    env = stack_env(data_dir, sink.base_url, brokers=brokers, replicas=replicas)
    output = data_dir / "make-run.out"
    names = with_replicas(list(stack.SERVICES), replicas)
    with output.open("wb") as out:
        popen = subprocess.Popen(
            [sys.executable, "-m", "deploy.local.run", "--replicas", str(replicas)],
            env=env,
            cwd=stack.REPO_ROOT,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = SupervisedStack(popen, env, data_dir, output, sink)
    try:
        wait_for(
            lambda: running.running() and all(running.healthy(s) for s in names),
            timeout=START_TIMEOUT if brokers == 1 else 2 * START_TIMEOUT,
            interval=1.0,
            what="make run to bring the stack up",
        )
    except BaseException:
        stop_supervised(running)
        raise
    return running


def stop_supervised(running: SupervisedStack) -> None:
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
    running.sink.stop()
