"""Who serves a route code: the official directory's matching rule.

The most specific pattern wins (`BAWASLU:18.12` over `BAWASLU:18*` over `BAWASLU:*`),
measured by how much of the pattern comes before its first wildcard. A recipient's
name may say `{code}`, filled with the route's level (`BAWASLU:18.12` -> `18.12`).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass

WEBHOOK = "webhook"


@dataclass(frozen=True)
class Endpoint:
    channel: str  # a ChannelName (domain/plans.py); the case.opened notifier sends webhooks
    target: str  # the URL, for webhooks


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


def recipient_for(entries: Iterable[DirectoryEntry], route: str) -> Recipient | None:
    matches = [entry for entry in entries if fnmatch.fnmatchcase(route, entry.pattern)]
    if not matches:
        return None
    best = max(matches, key=lambda entry: entry.specificity)
    name = best.name.format(code=route.partition(":")[2] or route)
    return Recipient(route=route, name=name, endpoints=best.endpoints)
