"""Process plumbing for the services: spawn one, ask /health, stop it, read its log."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from deploy.local.env import MODULES, REPO_ROOT, service_of


@dataclass
class Proc:
    name: str
    port: int
    popen: subprocess.Popen[bytes]
    log_path: Path
    pid_path: Path
    env: dict[str, str] = field(default_factory=dict)  # what it was started with

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


def spawn_service(
    name: str, env: Mapping[str, str], log_path: Path, pid_path: Path
) -> subprocess.Popen[bytes]:
    """`python -m services.<name>` (or its MODULES entry) in its own session (a Ctrl-C
    reaches the supervisor only, which stops the services in order), output appended to
    log_path."""
    service, _ = service_of(name)  # a replica runs its service's module
    with log_path.open("ab") as log:
        popen = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", MODULES.get(service, f"services.{service}")],
            env=dict(env),
            cwd=REPO_ROOT,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    pid_path.write_text(f"{popen.pid}\n")
    return popen


def kill_leftovers(popen: subprocess.Popen[bytes]) -> None:
    """SIGKILL whatever the dead service's process group still holds (it led its own
    session), so a restart finds its port free."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(popen.pid, signal.SIGKILL)


def log_tail(path: Path, lines: int = 60) -> str:
    try:
        text = path.read_text(errors="replace").splitlines()
    except OSError:
        return f"(no log at {path})"
    return "\n".join("    | " + line for line in text[-lines:])


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback URL
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError, ValueError):
        return False


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0
