"""What `netra import` needs from the outside world, as Protocols.

Real adapters: adapters/feed_client.py (intake's feed route over HTTP),
adapters/import_checkpoint.py, adapters/rejects_file.py, adapters/progress_bar.py,
adapters/json_feed.py; in-memory fakes: tests/fakes/importing.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from services.intake.domain.export_mapping import Reject


class FeedUnavailable(Exception):
    """Intake (or the pulled feed) did not answer, or answered 5xx: worth retrying."""


class FeedRefused(Exception):
    """Intake refused the feed itself (token, batch shape): retrying cannot help."""


@dataclass(frozen=True)
class ItemAnswer:
    """Intake's answer for one report of a batch: a tracking code, or field errors."""

    source_id: str
    tracking_code: str | None
    errors: list[dict[str, str]]


@dataclass(frozen=True)
class Checkpoint:
    """How far an import got: rows before `position` are done (filed or in the rejects
    file, which was `rejects_bytes` long then); a pulled feed's `cursor`."""

    position: int
    rejects_bytes: int
    filed: int
    rejected: int
    cursor: str | None = None


@dataclass(frozen=True)
class FeedPage:
    items: list[dict[str, Any]]
    next_cursor: str | None


class FeedSink(Protocol):
    async def send(self, items: Sequence[dict[str, Any]]) -> list[ItemAnswer]:
        """File a batch as the feed; one answer per item, in order. Raise
        `FeedUnavailable` (send it again: safe) or `FeedRefused`."""
        ...


class Checkpoints(Protocol):
    def load(self) -> Checkpoint | None: ...

    def save(self, checkpoint: Checkpoint) -> None:
        """Return only once it is durable: it must survive a SIGKILL right after."""
        ...


class RejectsLog(Protocol):
    def size(self) -> int: ...

    def truncate(self, size: int) -> None:
        """Back to what the checkpoint counted: a killed run's later lines go."""
        ...

    def write(self, rejects: Sequence[Reject]) -> None:
        """Durably, before the checkpoint that counts them is saved."""
        ...


class Progress(Protocol):
    def advance(self, rows: int) -> None: ...


class FeedPages(Protocol):
    async def fetch(self, cursor: str | None) -> FeedPage:
        """The items after `cursor` (None: from the start); raise `FeedUnavailable`."""
        ...
