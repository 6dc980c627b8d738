"""The official directory: which recipients and channels serve each route code.

A data file staff can edit; the most specific pattern wins (`BAWASLU:18.12` over
`BAWASLU:18*` over `BAWASLU:*`).
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


class DirectoryError(ValueError):
    pass


@dataclass(frozen=True)
class Endpoint:
    channel: str  # "webhook"
    target: str  # URL for webhooks


@dataclass(frozen=True)
class Recipient:
    route: str
    name: str
    endpoints: tuple[Endpoint, ...]


@dataclass(frozen=True)
class DirectoryEntry:
    pattern: str
    name: str
    endpoints: tuple[Endpoint, ...]

    @property
    def specificity(self) -> int:
        return len(self.pattern.split("*", 1)[0])


@dataclass(frozen=True)
class Directory:
    entries: tuple[DirectoryEntry, ...]

    def recipient_for(self, route: str) -> Recipient | None:
        matches = [e for e in self.entries if fnmatch.fnmatchcase(route, e.pattern)]
        if not matches:
            return None
        best = max(matches, key=lambda entry: entry.specificity)
        name = best.name.format(code=route.partition(":")[2] or route)
        return Recipient(route=route, name=name, endpoints=best.endpoints)


KNOWN_CHANNELS = frozenset({"webhook"})


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


def parse_directory(text: str, *, substitutions: dict[str, str]) -> Directory:
    document = yaml.safe_load(text) or {}
    if document.get("version") != 1:
        raise DirectoryError("directory file must declare `version: 1`")
    raw_entries = document.get("authorities") or []
    return Directory(tuple(_entry(raw, i, substitutions) for i, raw in enumerate(raw_entries)))


def load_directory(path: Path, *, substitutions: dict[str, str]) -> Directory:
    return parse_directory(path.read_text(encoding="utf-8"), substitutions=substitutions)
