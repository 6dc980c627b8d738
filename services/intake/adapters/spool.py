"""A durable local spool: reports accepted while Kafka is unreachable wait here, fsynced."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path


class Spool:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)

    def put(self, name: str, payload: bytes) -> Path:
        """Write atomically and durably: temp file, fsync, rename, fsync the directory."""
        final = self.directory / f"{name}.json"
        temp = self.directory / f".{name}.tmp"
        with temp.open("wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        temp.rename(final)
        directory_fd = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(directory_fd)
        finally:
            os.close(directory_fd)
        return final

    def pending(self) -> Iterator[Path]:
        yield from sorted(self.directory.glob("*.json"))

    def __len__(self) -> int:
        return sum(1 for _ in self.directory.glob("*.json"))
