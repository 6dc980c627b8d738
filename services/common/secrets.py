"""Secrets from settings; in development a per-machine random file made on first use."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path


class MissingSecret(RuntimeError):
    pass


def dev_secret_file(path: Path, make: Callable[[], str]) -> str:
    """Read the file, creating it exclusively first, so racing services agree on one value."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(descriptor, "w") as handle:
            handle.write(make())
    for _ in range(50):
        value = path.read_text().strip()
        if value:
            return value
        os.sched_yield()
    raise MissingSecret(f"{path} is empty")


def load_secret(*, value: str | None, dev_file: Path, development: bool, name: str) -> str:
    if value:
        return value
    if not development:
        raise MissingSecret(f"{name} is required outside development")
    return dev_secret_file(dev_file, lambda: secrets.token_urlsafe(32))
