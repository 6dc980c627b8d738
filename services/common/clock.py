"""The clock port every service takes explicitly: use cases never call `datetime.now`.

Bootstrap passes `SystemClock()`; tests pass a fake that they move by hand
(`tests/fakes/clock.py`). Times are UTC and truncated to milliseconds, the
precision a MongoDB-wire store keeps, so what is written reads back equal.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol


def to_millis(moment: datetime) -> datetime:
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def from_iso(text: str) -> datetime:
    """A moment kept as ISO 8601 text (a JSON field), aware: one without an offset is UTC."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return to_millis(datetime.now(UTC))


__all__ = ["Clock", "SystemClock", "from_iso", "to_millis"]
