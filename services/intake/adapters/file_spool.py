"""`Spool` on local disk: one fsynced file per report, named by its report id."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import ValidationError

from schemas.codec import encode
from schemas.events import REPORT_RECEIVED
from services.intake.domain.report import ReceivedEvent
from services.intake.service_layer.ports import UnreadableSpoolItem

SET_ASIDE = "unreadable"


class FileSpool:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)

    def put(self, event: ReceivedEvent) -> None:
        """Atomically and durably: temp file, fsync, rename, fsync the directory."""
        name = event.data.report_id
        temp = self.directory / f".{name}.tmp"
        with temp.open("wb") as handle:
            handle.write(encode(event))
            handle.flush()
            os.fsync(handle.fileno())
        temp.rename(self._path(name))
        _fsync_directory(self.directory)

    def pending(self) -> list[str]:
        return sorted(path.stem for path in self.directory.glob("*.json"))

    def read(self, name: str) -> ReceivedEvent:
        try:
            event = ReceivedEvent.model_validate_json(self._path(name).read_bytes())
        except ValidationError as exc:
            raise UnreadableSpoolItem(f"{name}: {exc.error_count()} error(s)") from exc
        if event.type != REPORT_RECEIVED:
            raise UnreadableSpoolItem(f"{name}: a {event.type!r} event, not {REPORT_RECEIVED!r}")
        return event

    def remove(self, name: str) -> None:
        self._path(name).unlink()
        _fsync_directory(self.directory)

    def set_aside(self, name: str) -> None:
        aside = self.directory / SET_ASIDE
        aside.mkdir(exist_ok=True)
        self._path(name).rename(aside / f"{name}.json")
        _fsync_directory(self.directory)

    def __len__(self) -> int:
        return sum(1 for _ in self.directory.glob("*.json"))

    def _path(self, name: str) -> Path:
        return self.directory / f"{name}.json"


def _fsync_directory(directory: Path) -> None:
    directory_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(directory_fd)
    finally:
        os.close(directory_fd)
