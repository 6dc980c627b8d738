"""The four services as processes: start and wait for /health, restart one, stop them.

Logs go to <NETRA_DATA_DIR>/log/<name>.log, pids to <NETRA_DATA_DIR>/run/<name>.pid.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from deploy.local.env import (
    DEV_SINKS,
    REPLICA_PORT_STEP,
    SERVICE_PORTS,
    SERVICES,
    StackError,
    infra_env,
    service_of,
)
from deploy.local.procs import Proc, healthy, kill_leftovers, log_tail, port_in_use, spawn_service

_procs: list[Proc] = []


def _port(name: str, full: Mapping[str, str]) -> tuple[str, int]:
    service, replica = service_of(name)
    if name == DEV_SINKS:
        return "DEV_SINKS_PORT", int(full["DEV_SINKS_PORT"])
    if service not in SERVICE_PORTS:
        raise StackError(f"unknown service {name!r}; known: {sorted(SERVICE_PORTS)}")
    var, _ = SERVICE_PORTS[service]
    if replica == 1:
        return var, int(full[var])
    own = f"{var}_{replica}"
    return own, int(full.get(own) or int(full[var]) + REPLICA_PORT_STEP * (replica - 1))


def _launch(name: str, full: Mapping[str, str], log_dir: Path, run_dir: Path) -> Proc:
    var, port = _port(name, full)
    if port_in_use(port):
        raise StackError(
            f"{name}: port 127.0.0.1:{port} is already in use "
            f"(another `make run`? try `make down`, or set {var})"
        )
    log_path = log_dir / f"{name}.log"
    if log_path.exists() and log_path.stat().st_size:
        log_path.replace(log_dir / f"{name}.log.1")
    # A replica listens on its own port: the service reads <SERVICE>_PORT (cases-2: CASES_PORT).
    service, _ = service_of(name)
    own = {SERVICE_PORTS[service][0]: str(port)} if service in SERVICE_PORTS else {}
    env = dict(full, HTTP_PORT=str(port), **own)
    pid_path = run_dir / f"{name}.pid"
    return Proc(name, port, spawn_service(name, env, log_path, pid_path), log_path, pid_path, env)


def start_services(
    env: Mapping[str, str],
    names: Sequence[str] = SERVICES,
    *,
    timeout: float = 60.0,
) -> list[Proc]:
    """Launch `python -m services.<name>` for each name and wait for GET /health == 200.

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
            proc = _launch(name, full, log_dir, run_dir)
            started.append(proc)
            _procs.append(proc)
        _wait_healthy(started, timeout)
    except BaseException:
        for proc in reversed(started):
            proc.stop()
            _procs.remove(proc)
        raise
    return started


def restart_service(proc: Proc, note: str) -> None:
    """Spawn the (dead) service again in place: same port, env, pid file; its log gets
    `note` and then the new run's output (appended, so the crash stays readable above)."""
    kill_leftovers(proc.popen)
    with proc.log_path.open("a") as log:
        log.write(f"\n----- {note} -----\n")
    proc.popen = spawn_service(proc.name, proc.env, proc.log_path, proc.pid_path)


def _wait_healthy(procs: Sequence[Proc], timeout: float) -> None:
    pending = list(procs)
    deadline = time.monotonic() + timeout
    while pending:
        for proc in list(pending):
            code = proc.popen.poll()
            if code is not None:
                raise StackError(
                    f"service {proc.name} exited with code {code} during startup; "
                    f"last lines of {proc.log_path}:\n{log_tail(proc.log_path)}"
                )
            if healthy(f"{proc.url}/health"):
                pending.remove(proc)
        if not pending:
            return
        if time.monotonic() > deadline:
            names = ", ".join(p.name for p in pending)
            tails = "\n".join(f"--- {p.log_path}:\n{log_tail(p.log_path)}" for p in pending)
            raise StackError(f"no 200 from /health after {timeout}s: {names}\n{tails}")
        time.sleep(0.25)


def stop_services(procs: Sequence[Proc] | None = None) -> None:
    targets = list(_procs if procs is None else procs)
    for proc in reversed(targets):
        proc.stop()
        if proc in _procs:
            _procs.remove(proc)
