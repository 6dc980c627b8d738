"""A clock that only moves when a test moves it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.common.clock import to_millis

DEFAULT_START = datetime(2024, 11, 4, 9, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self, start: datetime = DEFAULT_START) -> None:
        self.current = to_millis(start)

    def now(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> datetime:
        self.current = to_millis(self.current + delta)
        return self.current

    def set(self, moment: datetime) -> None:
        self.current = to_millis(moment)
