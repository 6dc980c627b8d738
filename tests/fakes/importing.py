"""In-memory fakes of `netra import`'s ports (services/intake/service_layer/import_ports.py).

`tests/contracts/intake/test_import_state.py` runs the same tests on these and on the
file adapters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from services.intake.domain.export_mapping import Reject
from services.intake.service_layer.import_ports import (
    Checkpoint,
    FeedPage,
    FeedSink,
    FeedUnavailable,
    ItemAnswer,
)


@dataclass
class MemoryCheckpoints:
    saved: list[Checkpoint] = field(default_factory=list)

    def load(self) -> Checkpoint | None:
        return self.saved[-1] if self.saved else None

    def save(self, checkpoint: Checkpoint) -> None:
        self.saved.append(checkpoint)


@dataclass
class MemoryRejects:
    lines: list[str] = field(default_factory=list)

    def size(self) -> int:
        return sum(len(line) for line in self.lines)

    def truncate(self, size: int) -> None:
        kept, total = [], 0
        for line in self.lines:
            if total + len(line) > size:
                break
            kept.append(line)
            total += len(line)
        self.lines = kept

    def write(self, rejects: Sequence[Reject]) -> None:
        self.lines.extend(f"{r.line},{r.source_id or ''},{r.field},{r.reason}\n" for r in rejects)


@dataclass
class CountingProgress:
    done: int = 0

    def advance(self, rows: int) -> None:
        self.done += rows


class ProcessKilled(BaseException):
    """Stands for SIGKILL: nothing after it runs (not even `except Exception`)."""


@dataclass
class DyingSink:
    """Passes batches to `sink`; dies once `die_after` batches were acknowledged, before
    the importer could save its checkpoint. `away` batches first answer unavailable."""

    sink: FeedSink
    die_after: int | None = None
    away: int = 0
    batches: int = 0

    async def send(self, items: Sequence[dict[str, Any]]) -> list[ItemAnswer]:
        if self.away:
            self.away -= 1
            raise FeedUnavailable("intake restarting")
        answers = await self.sink.send(items)
        self.batches += 1
        if self.die_after is not None and self.batches >= self.die_after:
            raise ProcessKilled
        return answers


@dataclass
class FakeFeedPages:
    """A cursor feed over a list of items: the cursor is the index of the next item."""

    items: list[dict[str, Any]]
    page_size: int
    asked: list[str | None] = field(default_factory=list)

    async def fetch(self, cursor: str | None) -> FeedPage:
        self.asked.append(cursor)
        start = int(cursor or 0)
        page = self.items[start : start + self.page_size]
        return FeedPage(page, str(start + len(page)))
