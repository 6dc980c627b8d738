"""Real infrastructure for the test session: Kafka + the store on their own ports and data dir.

A running `make run` (ports 9092/9093/27017, data in var/) never collides with the
tests: each session picks free loopback ports and uses var/test-<pid>/, wiped at
start. Set KAFKA_BOOTSTRAP_SERVERS / MONGODB_URL to test against servers you
already run (nothing is started for those); NETRA_TEST_KAFKA_PORT,
NETRA_TEST_FERRETDB_PORT pin ports if needed. NETRA_STORE picks the store the session
starts (deploy/local/stack.py STORES; default ferretdb-postgresql).
"""

from __future__ import annotations

import os
import random
import socket
import subprocess
from collections.abc import Generator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from deploy.local import stack
from deploy.local.env import remove_data_dir

REPO_ROOT = stack.REPO_ROOT
TEST_DATA_ROOT = REPO_ROOT / "var"


@dataclass
class SessionInfra:
    kafka_bootstrap: str
    mongodb_url: str
    mongodb_database: str
    env: dict[str, str]  # full environment for subprocesses (services, CLI)
    data_dir: Path
    infra: stack.Infra


# Every port handed out in this test process: a session's services bind theirs only when
# a module starts them, so a later fixture (a mail sink, a receiver) must not be given one
# of them meanwhile, as the kernel would (it only knows what is bound now).
_HANDED_OUT: set[int] = set()


def free_ports(count: int) -> list[int]:
    """Distinct free loopback ports, none handed out before by this process."""
    with ExitStack() as stack_:
        ports: list[int] = []
        while len(ports) < count:
            sock = stack_.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            sock.bind(("127.0.0.1", 0))  # held open until all are chosen, so they differ
            port = int(sock.getsockname()[1])
            if port not in _HANDED_OUT:
                ports.append(port)
        _HANDED_OUT.update(ports)
        return ports


def consecutive_free_ports(count: int) -> int:
    """The first of `count` free loopback ports in a row (a local cluster's brokers and
    controllers: deploy/local/env.py script_env)."""
    for _ in range(200):
        base = random.randrange(20_000, 60_000, 2)
        if all(_bindable(p) and p not in _HANDED_OUT for p in range(base, base + count)):
            _HANDED_OUT.update(range(base, base + count))
            return base
    raise RuntimeError(f"no {count} free loopback ports in a row")


def _bindable(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stop_scripts(data_dir: Path) -> None:
    env = dict(os.environ, NETRA_DATA_DIR=str(data_dir))
    for name in ("kafka", *stack.STORE_SCRIPTS):
        subprocess.run(
            [stack.BASH, str(REPO_ROOT / "deploy/local" / f"{name}.sh"), "stop"],
            env=env,
            cwd=REPO_ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )


def clean_stale_test_dirs() -> None:
    """Remove var/test-<pid> dirs of sessions that are gone (stopping leftovers first)."""
    if not TEST_DATA_ROOT.is_dir():
        return
    for path in TEST_DATA_ROOT.glob("test-*"):
        suffix = path.name.removeprefix("test-")
        if suffix.isdigit() and not pid_alive(int(suffix)):
            _stop_scripts(path)
            remove_data_dir(path)


def session_env() -> dict[str, str]:
    """Environment for the test stack; the process environment only decides URLs/overrides."""
    data_dir = TEST_DATA_ROOT / f"test-{os.getpid()}"
    kafka, controller, ferret, ferret_debug, postgres, *svc = free_ports(9)
    env: dict[str, str] = {
        "NETRA_DATA_DIR": str(data_dir),
        "KAFKA_PORT": os.environ.get("NETRA_TEST_KAFKA_PORT", str(kafka)),
        "KAFKA_CONTROLLER_PORT": str(controller),
        "FERRETDB_PORT": os.environ.get("NETRA_TEST_FERRETDB_PORT", str(ferret)),
        "FERRETDB_DEBUG_PORT": str(ferret_debug),
        "POSTGRES_PORT": str(postgres),
        "MONGODB_DATABASE": os.environ.get("NETRA_TEST_MONGODB_DATABASE", "netra_test"),
        "NETRA_ENV": "test",
    }
    for (var, _), port in zip(stack.SERVICE_PORTS.values(), svc, strict=True):
        env[var] = str(port)
    # Only these two pick existing servers; a KAFKA_PORT exported for `make run` must not leak in.
    for var in ("KAFKA_BOOTSTRAP_SERVERS", "MONGODB_URL"):
        env[var] = os.environ.get(var, "")
    return env


def start_test_infra() -> SessionInfra:
    """Start (or attach to) Kafka + the store for the session; raises stack.StackError."""
    clean_stale_test_dirs()
    env = session_env()
    data_dir = Path(env["NETRA_DATA_DIR"])
    remove_data_dir(data_dir)
    data_dir.mkdir(parents=True)
    infra = stack.start_infra(env, echo=False)
    return SessionInfra(
        kafka_bootstrap=infra.kafka_bootstrap,
        mongodb_url=infra.mongodb_url,
        mongodb_database=infra.env["MONGODB_DATABASE"],
        env=infra.env,
        data_dir=data_dir,
        infra=infra,
    )


def running_test_infra() -> Generator[SessionInfra, None, None]:
    """Generator for the session fixture: start, yield, stop."""
    test_infra = start_test_infra()
    try:
        yield test_infra
    finally:
        stack.stop_all()


def running_services(env: dict[str, str]) -> Generator[dict[str, str], None, None]:
    """For a fixture: the four services started on `env`, {name: base URL}, then stopped.
    A service that does not start fails the test that asked, with its log."""
    try:
        procs = stack.start_services(env, stack.SERVICES)
    except stack.StackError as exc:
        pytest.fail(f"services failed to start:\n{exc}", pytrace=False)
    try:
        yield {p.name: p.url for p in procs}
    finally:
        stack.stop_services(procs)
