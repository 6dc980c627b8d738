"""The official directory as a versioned YAML file staff can edit, validated at start-up.

`{sink}` (or any other substitution bootstrap passes) in a target is filled at load time,
so the packaged file can point at the development webhook sink.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from services.notify.domain.directory import (
    KNOWN_CHANNELS,
    DirectoryEntry,
    Endpoint,
    Recipient,
    recipient_for,
)

PACKAGED_DIRECTORY = Path(__file__).parent / "data" / "directory.yaml"


class DirectoryError(ValueError):
    pass


class FileDirectory:
    def __init__(self, entries: tuple[DirectoryEntry, ...]) -> None:
        self.entries = entries

    @classmethod
    def parse(cls, text: str, *, substitutions: dict[str, str]) -> FileDirectory:
        document = yaml.safe_load(text) or {}
        if document.get("version") != 1:
            raise DirectoryError("directory file must declare `version: 1`")
        raw_entries = document.get("authorities") or []
        return cls(tuple(_entry(raw, i, substitutions) for i, raw in enumerate(raw_entries)))

    @classmethod
    def load(cls, path: Path, *, substitutions: dict[str, str]) -> FileDirectory:
        return cls.parse(path.read_text(encoding="utf-8"), substitutions=substitutions)

    def recipient_for(self, route: str) -> Recipient | None:
        return recipient_for(self.entries, route)


def _entry(raw: dict[str, Any], index: int, substitutions: dict[str, str]) -> DirectoryEntry:
    where = f"authorities[{index}]"
    unknown = set(raw) - {"pattern", "name", "endpoints"}
    if unknown:
        raise DirectoryError(f"{where}: unknown field(s) {sorted(unknown)}")
    endpoints = []
    for position, endpoint in enumerate(raw.get("endpoints") or []):
        channel = endpoint.get("channel")
        if channel not in KNOWN_CHANNELS:
            raise DirectoryError(f"{where}.endpoints[{position}]: unknown channel {channel!r}")
        endpoints.append(Endpoint(channel, str(endpoint["target"]).format(**substitutions)))
    if "pattern" not in raw or "name" not in raw:
        raise DirectoryError(f"{where}: `pattern` and `name` are required")
    return DirectoryEntry(str(raw["pattern"]), str(raw["name"]), tuple(endpoints))
