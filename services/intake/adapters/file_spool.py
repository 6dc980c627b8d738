"""`Spool` on local disk: one fsynced file per report, named by its report id.

Bounded: at `max_reports` files or `max_bytes` bytes `put` raises `SpoolFull` before
writing anything. The sizes are kept in memory (a scan at start, then every put and
removal) and reconciled with the directory on each `pending`, so files an operator
removes or restores by hand are counted right by the next drain pass.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import ValidationError

from schemas.codec import encode
from schemas.events import REPORT_RECEIVED
from services.intake.domain.report import ReceivedEvent
from services.intake.service_layer.ports import SpoolFull, UnreadableSpoolItem

SET_ASIDE = "unreadable"


class FileSpool:
    def __init__(self, directory: Path, *, max_reports: int, max_bytes: int) -> None:
        self.directory = directory
        self.max_reports = max_reports
        self.max_bytes = max_bytes
        directory.mkdir(parents=True, exist_ok=True)
        self._sizes: dict[str, int] = {}
        self.pending()

    def put(self, event: ReceivedEvent) -> None:
        """Atomically and durably: temp file, fsync, rename, fsync the directory."""
        name = event.data.report_id
        raw = encode(event)
        if self._at_capacity(adding=len(raw)):
            raise SpoolFull(f"{len(self._sizes)} reports, {sum(self._sizes.values())} bytes")
        temp = self.directory / f".{name}.tmp"
        with temp.open("wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        temp.rename(self._path(name))
        _fsync_directory(self.directory)
        self._sizes[name] = len(raw)

    def is_full(self) -> bool:
        return self._at_capacity(adding=1)

    def pending(self) -> list[str]:
        names = sorted(path.stem for path in self.directory.glob("*.json"))
        on_disk = set(names)
        for gone in set(self._sizes) - on_disk:
            del self._sizes[gone]
        for name in on_disk - set(self._sizes):
            self._sizes[name] = self._size_of(name)
        return names

    def read(self, name: str) -> ReceivedEvent:
        raw = self._path(name).read_bytes()
        try:
            event = ReceivedEvent.model_validate_json(raw)
        except ValidationError as exc:
            raise UnreadableSpoolItem(f"{name}: {exc.error_count()} error(s)") from exc
        except (ValueError, RecursionError) as exc:  # whatever else bad bytes can raise
            raise UnreadableSpoolItem(f"{name}: {type(exc).__name__}") from exc
        if event.type != REPORT_RECEIVED:
            raise UnreadableSpoolItem(f"{name}: a {event.type!r} event, not {REPORT_RECEIVED!r}")
        return event

    def remove(self, name: str) -> None:
        self._path(name).unlink()
        _fsync_directory(self.directory)
        self._sizes.pop(name, None)

    def set_aside(self, name: str, *, reason: str) -> None:
        """Into `unreadable/`, beside a `<name>.reason` file saying why."""
        aside = self.directory / SET_ASIDE
        aside.mkdir(exist_ok=True)
        (aside / f"{name}.reason").write_text(reason + "\n", encoding="utf-8")
        self._path(name).rename(aside / f"{name}.json")
        _fsync_directory(self.directory)
        self._sizes.pop(name, None)

    def __len__(self) -> int:
        return len(self._sizes)

    def _at_capacity(self, *, adding: int) -> bool:
        return (
            len(self._sizes) >= self.max_reports
            or sum(self._sizes.values()) + adding > self.max_bytes
        )

    def _size_of(self, name: str) -> int:
        try:
            return self._path(name).stat().st_size
        except FileNotFoundError:
            return 0

    def _path(self, name: str) -> Path:
        return self.directory / f"{name}.json"


def _fsync_directory(directory: Path) -> None:
    directory_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(directory_fd)
    finally:
        os.close(directory_fd)
