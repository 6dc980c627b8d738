"""Supervise the local no-Docker stack: Kafka, FerretDB and the four services.

Used by `make run` (deploy/local/run.py) and by the test fixtures (tests/infra.py):

    infra = start_infra(env)            # Kafka + FerretDB (unless given URLs), topics
    procs = start_services(infra.env, SERVICES)
    ...
    stop_all()                          # services first, then what start_infra started

Environment honoured (see infra_env): NETRA_DATA_DIR, NETRA_CACHE_DIR, KAFKA_PORT,
KAFKA_CONTROLLER_PORT, FERRETDB_PORT (the Mongo-wire port, whichever store serves it),
FERRETDB_DEBUG_PORT, POSTGRES_PORT, INTAKE_PORT, CASES_PORT, NOTIFY_PORT, TRIAGE_PORT,
MONGODB_DATABASE, NETRA_ENV, NETRA_STORE (see STORES), and KAFKA_BOOTSTRAP_SERVERS /
MONGODB_URL: when set, that server is used and nothing is started for it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = Path(__file__).resolve().parent
BASH = shutil.which("bash") or "/bin/bash"

# name -> (port variable, default port)
SERVICE_PORTS: dict[str, tuple[str, int]] = {
    "intake": ("INTAKE_PORT", 8000),
    "cases": ("CASES_PORT", 8001),
    "notify": ("NOTIFY_PORT", 8002),
    "triage": ("TRIAGE_PORT", 8003),
}
SERVICES: tuple[str, ...] = ("intake", "triage", "cases", "notify")

# NETRA_STORE -> the deploy/local scripts that serve the Mongo wire, started in this
# order (and stopped in the reverse one). docs/decisions.md, "The local store, measured".
STORES: dict[str, tuple[str, ...]] = {
    "ferretdb-sqlite": ("ferretdb",),
    "ferretdb-postgresql": ("postgres", "ferretdb"),
    "mongo-java-server": ("mongo-java-server",),
}
DEFAULT_STORE = "ferretdb-sqlite"
# Every script that may hold a store process, for clean-ups that do not know which ran.
STORE_SCRIPTS: tuple[str, ...] = ("ferretdb", "postgres", "mongo-java-server")

T = TypeVar("T")


class StackError(RuntimeError):
    """Infrastructure or a service failed to start; the message carries the log tail."""


@dataclass
class Infra:
    kafka_bootstrap: str
    mongodb_url: str
    env: dict[str, str]
    data_dir: Path
    started: list[str] = field(default_factory=list)  # scripts we started, in start order
    topics_created: list[str] = field(default_factory=list)
    echo: bool = False

    def stop(self) -> None:
        for name in reversed(self.started):
            result = _script(name, "stop", self.env, check=False)
            if self.echo and result.stdout:
                sys.stderr.write(result.stdout)
        self.started.clear()


@dataclass
class Proc:
    name: str
    port: int
    popen: subprocess.Popen[bytes]
    log_path: Path
    pid_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def alive(self) -> bool:
        return self.popen.poll() is None

    def stop(self, timeout: float = 15.0) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(5)
        self.pid_path.unlink(missing_ok=True)


_procs: list[Proc] = []
_infras: list[Infra] = []


def infra_env(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The process environment plus `base`, with every stack default filled in."""
    env = dict(os.environ)
    if base is not None:
        env.update(base)
    data_dir = Path(env.get("NETRA_DATA_DIR") or REPO_ROOT / "var")
    if not data_dir.is_absolute():
        data_dir = REPO_ROOT / data_dir
    env["NETRA_DATA_DIR"] = str(data_dir)
    env.setdefault("KAFKA_PORT", "9092")
    env.setdefault("KAFKA_CONTROLLER_PORT", str(int(env["KAFKA_PORT"]) + 1))
    env.setdefault("FERRETDB_PORT", "27017")
    env.setdefault("FERRETDB_DEBUG_PORT", str(int(env["FERRETDB_PORT"]) + 1))
    env.setdefault("POSTGRES_PORT", "5433")
    env["NETRA_STORE"] = env.get("NETRA_STORE") or DEFAULT_STORE
    store_scripts(env["NETRA_STORE"])  # fail early on an unknown store
    env.setdefault("MONGODB_DATABASE", "netra")
    env.setdefault("NETRA_ENV", "development")
    for var, default in SERVICE_PORTS.values():
        env.setdefault(var, str(default))
    # The services default these to paths under ./var; keep them in this stack's data
    # dir so a test session never shares a spool or dev keys with `make run`.
    env.setdefault("SPOOL_DIR", str(data_dir / "spool" / "intake"))
    env.setdefault("PII_DEV_KEY_FILE", str(data_dir / "secrets" / "pii-keys"))
    env.setdefault("STAFF_JWT_DEV_KEY_FILE", str(data_dir / "secrets" / "staff-jwt-key"))
    env.setdefault("WEBHOOK_DEV_SECRET_FILE", str(data_dir / "secrets" / "webhook-secret"))
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _script(
    name: str, action: str, env: Mapping[str, str], *, check: bool = True
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(  # noqa: S603 - our own scripts, fixed arguments
        [BASH, str(SCRIPTS / f"{name}.sh"), action],
        env=dict(env),
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    if check and result.returncode != 0:
        raise StackError(
            f"deploy/local/{name}.sh {action} failed (exit {result.returncode}):\n{result.stdout}"
        )
    return result


def store_scripts(store: str) -> tuple[str, ...]:
    """The scripts that serve NETRA_STORE=`store`, in start order; StackError if unknown."""
    try:
        return STORES[store]
    except KeyError:
        raise StackError(
            f"NETRA_STORE={store!r} is not a known store; known: {', '.join(STORES)}"
        ) from None


def _chain(
    env: Mapping[str, str], names: Sequence[str], action: str
) -> list[tuple[str, subprocess.CompletedProcess[str]]]:
    """Run `<name>.sh <action>` for each name in order, stopping at the first failure."""
    results = []
    for name in names:
        result = _script(name, action, env, check=False)
        results.append((name, result))
        if result.returncode != 0:
            break
    return results


def _parallel(
    env: Mapping[str, str], chains: Sequence[Sequence[str]], action: str, echo: bool
) -> None:
    """Run each chain of `<name>.sh <action>` in order, the chains at once (Kafka beside
    PostgreSQL -> FerretDB); raise with every failure's output."""
    chains = [c for c in chains if c]
    if not chains:
        return
    with concurrent.futures.ThreadPoolExecutor(len(chains)) as pool:
        runs = list(pool.map(lambda c: _chain(env, c, action), chains))
    failures = []
    for name, result in (item for run in runs for item in run):
        if echo and result.stdout:
            sys.stderr.write(result.stdout)
        if result.returncode != 0:
            failures.append(
                f"deploy/local/{name}.sh {action} failed (exit {result.returncode}):\n"
                f"{result.stdout}"
            )
    if failures:
        raise StackError("\n".join(failures))


def install(env: Mapping[str, str] | None = None, *, echo: bool = True) -> None:
    """Kafka jars and the store's binaries into .cache/ (seconds when already there)."""
    full = infra_env(env)
    _parallel(full, [["kafka"], list(store_scripts(full["NETRA_STORE"]))], "install", echo)


def _run_coro(coro: Coroutine[Any, Any, T]) -> T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    # Called from inside an event loop (e.g. an async test): use a fresh loop in a thread.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def ensure_registry_topics(bootstrap: str) -> list[str]:
    from schemas.topics import TOPICS
    from services.common.topics_admin import ensure_topics

    return _run_coro(ensure_topics(bootstrap, TOPICS))


def start_infra(
    env: Mapping[str, str] | None = None, *, echo: bool = True, with_kafka: bool = True
) -> Infra:
    """Start Kafka and the store NETRA_STORE names (each unless its URL is already in env),
    wait, create topics.

    with_kafka=False starts the store alone (tests/bench/bench_store.py); no topics then.

    Raises StackError, with the failing script's output and log tail, if anything fails;
    whatever was started is stopped again before raising.
    """
    full = infra_env(env)
    kafka: list[str] = []
    store: list[str] = []
    if with_kafka and not full.get("KAFKA_BOOTSTRAP_SERVERS"):
        kafka.append("kafka")
        full["KAFKA_BOOTSTRAP_SERVERS"] = f"127.0.0.1:{full['KAFKA_PORT']}"
    if not full.get("MONGODB_URL"):
        store.extend(store_scripts(full["NETRA_STORE"]))
        full["MONGODB_URL"] = f"mongodb://127.0.0.1:{full['FERRETDB_PORT']}/"
    to_start = kafka + store
    infra = Infra(
        kafka_bootstrap=full["KAFKA_BOOTSTRAP_SERVERS"],
        mongodb_url=full["MONGODB_URL"],
        env=full,
        data_dir=Path(full["NETRA_DATA_DIR"]),
        started=list(to_start),
        echo=echo,
    )
    _infras.append(infra)
    try:
        _parallel(full, [kafka, store], "start", echo)
        if with_kafka:
            infra.topics_created = ensure_registry_topics(infra.kafka_bootstrap)
    except BaseException:
        infra.stop()
        _infras.remove(infra)
        raise
    return infra


def _log_tail(path: Path, lines: int = 60) -> str:
    try:
        text = path.read_text(errors="replace").splitlines()
    except OSError:
        return f"(no log at {path})"
    return "\n".join("    | " + line for line in text[-lines:])


def _health(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback URL
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _port_in_use(port: int) -> bool:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def start_services(
    env: Mapping[str, str],
    names: Sequence[str] = SERVICES,
    *,
    timeout: float = 60.0,
) -> list[Proc]:
    """Launch `python -m services.<name>` for each name and wait for GET /health == 200.

    Logs go to <NETRA_DATA_DIR>/log/<name>.log, pids to <NETRA_DATA_DIR>/run/<name>.pid.
    On any failure every service started here is stopped and StackError is raised with
    the failing service's log tail.
    """
    full = infra_env(env)
    data_dir = Path(full["NETRA_DATA_DIR"])
    log_dir, run_dir = data_dir / "log", data_dir / "run"
    log_dir.mkdir(parents=True, exist_ok=True)
    run_dir.mkdir(parents=True, exist_ok=True)
    started: list[Proc] = []
    try:
        for name in names:
            if name not in SERVICE_PORTS:
                raise StackError(f"unknown service {name!r}; known: {sorted(SERVICE_PORTS)}")
            var, _ = SERVICE_PORTS[name]
            port = int(full[var])
            if _port_in_use(port):
                raise StackError(
                    f"{name}: port 127.0.0.1:{port} is already in use "
                    f"(another `make run`? try `make down`, or set {var})"
                )
            log_path = log_dir / f"{name}.log"
            if log_path.exists() and log_path.stat().st_size:
                log_path.replace(log_dir / f"{name}.log.1")
            svc_env = dict(full)
            svc_env["SERVICE_NAME"] = name
            svc_env["HTTP_PORT"] = str(port)
            with log_path.open("ab") as log:
                popen = subprocess.Popen(  # noqa: S603 - our own interpreter and module
                    [sys.executable, "-m", f"services.{name}"],
                    env=svc_env,
                    cwd=REPO_ROOT,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            pid_path = run_dir / f"{name}.pid"
            pid_path.write_text(f"{popen.pid}\n")
            proc = Proc(name, port, popen, log_path, pid_path)
            started.append(proc)
            _procs.append(proc)
        _wait_healthy(started, timeout)
    except BaseException:
        for proc in reversed(started):
            proc.stop()
            _procs.remove(proc)
        raise
    return started


def _wait_healthy(procs: Sequence[Proc], timeout: float) -> None:
    pending = list(procs)
    deadline = time.monotonic() + timeout
    while pending:
        for proc in list(pending):
            code = proc.popen.poll()
            if code is not None:
                raise StackError(
                    f"service {proc.name} exited with code {code} during startup; "
                    f"last lines of {proc.log_path}:\n{_log_tail(proc.log_path)}"
                )
            if _health(f"{proc.url}/health"):
                pending.remove(proc)
        if not pending:
            return
        if time.monotonic() > deadline:
            names = ", ".join(p.name for p in pending)
            tails = "\n".join(f"--- {p.log_path}:\n{_log_tail(p.log_path)}" for p in pending)
            raise StackError(f"no 200 from /health after {timeout}s: {names}\n{tails}")
        time.sleep(0.25)


def stop_services(procs: Sequence[Proc] | None = None) -> None:
    targets = list(_procs if procs is None else procs)
    for proc in reversed(targets):
        proc.stop()
        if proc in _procs:
            _procs.remove(proc)


def stop_all() -> None:
    """Stop every service started by start_services, then every infra started by start_infra."""
    stop_services()
    while _infras:
        _infras.pop().stop()
