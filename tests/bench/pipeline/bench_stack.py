"""The stack under load: Kafka, the store and the four services on free ports, own data dir.

Like tests/infra.py: `NETRA_STORE` picks the store deploy/local starts (default
ferretdb-postgresql); `KAFKA_BOOTSTRAP_SERVERS` / `MONGODB_URL` pick servers you already
run (nothing is started for those; on a given MongoDB the database is `netra_bench_<pid>`,
dropped at the end unless --keep-data); otherwise deploy/local starts them with data in
var/bench-<pid>/ (removed at the end unless --keep-data; dirs of dead runs are removed
at the next start). Notify's directory points every authority's webhook at the bench's
sink; its emails and SMS/WhatsApp go to `make run`'s dev sinks, started with the services.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from deploy.local import stack
from deploy.local.env import CONSUMERS, remove_data_dir, service_of, with_replicas
from services.common.topic_layout import TopicLayout
from tests.infra import consecutive_free_ports, free_ports, pid_alive

DATA_ROOT = stack.REPO_ROOT / "var"
FORMAT_ATTEMPTS = 3
STARTUP_TIMEOUT_S = 300.0
MAX_REPLICAS = 4  # ports are set aside for this many processes of each consumer


@dataclass
class BenchStack:
    env: dict[str, str]
    data_dir: Path
    infra: stack.Infra
    own_database: bool  # created on a server we did not start: drop it at the end
    urls: dict[str, str] = field(default_factory=dict)  # service name -> base URL, once up

    @property
    def kafka_bootstrap(self) -> str:
        return self.infra.kafka_bootstrap

    @property
    def mongodb_url(self) -> str:
        return self.infra.mongodb_url

    @property
    def database(self) -> str:
        return self.env["MONGODB_DATABASE"]

    @property
    def layout(self) -> TopicLayout:
        return TopicLayout(
            int(self.env["NETRA_KAFKA_REPLICATION_FACTOR"]),
            int(self.env["NETRA_KAFKA_MIN_INSYNC_REPLICAS"]),
        )

    def pid_files(self) -> dict[str, Path]:
        return {path.stem: path for path in sorted((self.data_dir / "run").glob("*.pid"))}


def clean_stale_runs() -> None:
    """Stop and remove what bench runs that are gone left in var/bench-<pid>/."""
    for path in DATA_ROOT.glob("bench-*") if DATA_ROOT.is_dir() else ():
        suffix = path.name.removeprefix("bench-")
        if not suffix.isdigit() or pid_alive(int(suffix)):
            continue
        env = dict(os.environ, NETRA_DATA_DIR=str(path))
        for name in ("kafka", *stack.STORE_SCRIPTS):
            subprocess.run(
                [stack.BASH, str(stack.SCRIPTS / f"{name}.sh"), "stop"],
                env=env,
                cwd=stack.REPO_ROOT,
                capture_output=True,
                check=False,
            )
        remove_data_dir(path)


def own_data_dir() -> Path:
    return DATA_ROOT / f"bench-{os.getpid()}"


def bench_env(*, sink_url: str, log_level: str, brokers: int) -> dict[str, str]:
    data_dir = own_data_dir()
    kafka, controller, ferret, ferret_debug, postgres, sinks, smtp, *services = free_ports(11)
    if brokers > 1:  # the local cluster's nodes take ports in a row (deploy/local/env.py)
        kafka = consecutive_free_ports(2 * brokers)
        controller = kafka + 1
    external_mongo = os.environ.get("MONGODB_URL", "")
    env = {
        "NETRA_DATA_DIR": str(data_dir),
        "KAFKA_PORT": str(kafka),
        "KAFKA_CONTROLLER_PORT": str(controller),
        "FERRETDB_PORT": str(ferret),
        "FERRETDB_DEBUG_PORT": str(ferret_debug),
        "POSTGRES_PORT": str(postgres),
        "MONGODB_DATABASE": f"netra_bench_{os.getpid()}" if external_mongo else "netra_bench",
        "NETRA_ENV": "test",
        "KAFKA_BOOTSTRAP_SERVERS": os.environ.get("KAFKA_BOOTSTRAP_SERVERS", ""),
        "MONGODB_URL": external_mongo,
        "NOTIFY_SINK_BASE_URL": sink_url,
        "DEV_SINKS_PORT": str(sinks),  # the dev mail sink and gateway simulator
        "DEV_SMTP_PORT": str(smtp),
        "LOG_LEVEL": log_level,
        # Every report comes from this one address: lift intake's per-client filing limit
        # (docs/runbook.md, "Intake's limits"), or all but the first 60 would get a 429.
        "FILING_RATE_PER_S": "1000000",
        "FILING_BURST": "1000000",
        "NETRA_KAFKA_BROKERS": str(brokers),
        # The one sink origin stands for every authority's endpoint, and notify caps each
        # origin at 4 attempts at once: the whole burst queued in one lane (20,000 reports
        # at 100,000 cases: 6,771 notified 120 s after the last case). Here each lane (the
        # sink, the SMTP relay, the gateway) may use 16 of the pool's 64, as the ~600 real
        # endpoints together would use more.
        "NOTIFY_ENDPOINT_CONCURRENCY": os.environ.get("NOTIFY_ENDPOINT_CONCURRENCY", "16"),
    }
    for (var, _), port in zip(stack.SERVICE_PORTS.values(), services, strict=True):
        env[var] = str(port)
    for name in with_replicas(list(CONSUMERS), MAX_REPLICAS):
        base, replica = service_of(name)
        if replica > 1:
            env[f"{stack.SERVICE_PORTS[base][0]}_{replica}"] = str(free_ports(1)[0])
    env["STATUS_BASE_URL"] = f"http://127.0.0.1:{env['CASES_PORT']}"
    return env


def start_infra(*, sink_url: str, log_level: str, brokers: int) -> BenchStack:
    """Kafka (one broker, or a local cluster) and the store (each unless given) and the
    topics; raises stack.StackError."""
    clean_stale_runs()
    env = bench_env(sink_url=sink_url, log_level=log_level, brokers=brokers)
    data_dir = Path(env["NETRA_DATA_DIR"])
    remove_data_dir(data_dir)
    data_dir.mkdir(parents=True)
    infra = _start_infra(env)
    return BenchStack(
        env=infra.env, data_dir=data_dir, infra=infra, own_database=bool(env["MONGODB_URL"])
    )


def _start_infra(env: dict[str, str]) -> stack.Infra:
    """deploy/local/kafka.sh formats storage with a random cluster id; one that begins with
    `-` is read by kafka-storage as an option and the format fails (1 start in 64). A fresh
    data dir draws a new id, so try again rather than fail the run."""
    for attempt in range(1, FORMAT_ATTEMPTS + 1):
        try:
            return stack.start_infra(env, echo=False)
        except stack.StackError as exc:
            if "--cluster-id" not in str(exc) or attempt == FORMAT_ATTEMPTS:
                raise
            shutil.rmtree(Path(env["NETRA_DATA_DIR"]) / "kafka", ignore_errors=True)
    raise AssertionError("unreachable")


def start_services(bench: BenchStack, *, replicas: int) -> None:
    """The four services (`replicas` processes of each consumer), once the store is
    seeded; raises stack.StackError."""
    # On a store whose reads scan, the cases service's start-up (its indexes over the
    # seeded cases) took 59 s at 100,000 cases: more than deploy/local's default allows.
    procs = stack.start_services(
        bench.env,
        with_replicas([stack.DEV_SINKS, *stack.SERVICES], replicas),
        timeout=STARTUP_TIMEOUT_S,
    )
    bench.urls = {p.name: p.url for p in procs}


def stop(*, keep_data: bool) -> None:
    """Services, then whatever start_infra started; then the data dir unless kept."""
    stack.stop_all()
    if not keep_data:
        remove_data_dir(own_data_dir())
