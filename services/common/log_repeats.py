"""Rate limits on repeated log lines, per cause: a structlog processor and a logging filter.

A dependency that is down makes every request, poll and retry log the same line: intake
wrote 143,266 lines (25.7 MB) in 27 s while Kafka was away. Lines are grouped by level,
logger, event and cause (structlog's `why`/`error`/`cause`/`reason` value; a standard
library line's unformatted message); the first `per_window` of a group in a window of
`window_s` pass, the next one becomes a single `log_lines_suppressed` line, and the rest
of the window is dropped. The group's first line after the window says how many were
dropped (`suppressed_before`).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import MutableMapping
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

import structlog

from services.common.clock import Clock

CAUSE_KEYS = ("why", "error", "cause", "reason")
SUPPRESSED = "log_lines_suppressed"
GroupKey = tuple[str, str, str, str]


class Verdict(Enum):
    KEEP = "keep"
    SUMMARY = "summary"  # the first line past the limit: say that the rest is dropped
    DROP = "drop"


@dataclass
class _Window:
    started: datetime
    passed: int = 0
    suppressed: int = 0


class RepeatLimiter:
    """Which lines of a group pass; bounded to `max_groups` groups (oldest forgotten)."""

    def __init__(
        self, *, per_window: int, window_s: float, clock: Clock, max_groups: int = 1_000
    ) -> None:
        self.per_window = per_window
        self.window_s = window_s
        self.clock = clock
        self.max_groups = max_groups
        self._windows: OrderedDict[GroupKey, _Window] = OrderedDict()
        self._lock = threading.Lock()  # standard library lines come from any thread

    def judge(self, key: GroupKey) -> tuple[Verdict, int]:
        """The verdict on one line, and how many of its group the last window dropped."""
        with self._lock:
            now = self.clock.now()
            window = self._windows.pop(key, None)
            dropped_before = 0
            if window is None or (now - window.started).total_seconds() >= self.window_s:
                dropped_before = window.suppressed if window is not None else 0
                window = _Window(started=now)
            self._windows[key] = window
            while len(self._windows) > self.max_groups:
                self._windows.popitem(last=False)
            if window.passed < self.per_window:
                window.passed += 1
                return Verdict.KEEP, dropped_before
            window.suppressed += 1
            return (Verdict.SUMMARY if window.suppressed == 1 else Verdict.DROP), dropped_before

    def summary(self) -> str:
        return (
            f"more than {self.per_window} similar lines in {self.window_s:g} s: "
            "the rest of the window is dropped and counted in the next one's suppressed_before"
        )


def cause_of(event: MutableMapping[str, Any]) -> str:
    for key in CAUSE_KEYS:
        if key in event:
            return str(event[key])[:200]
    return ""


class RepeatedLinesProcessor:
    """For structlog's own lines."""

    def __init__(self, limiter: RepeatLimiter) -> None:
        self.limiter = limiter

    def __call__(
        self, _: Any, __: str, event: MutableMapping[str, Any]
    ) -> MutableMapping[str, Any]:
        key: GroupKey = (
            str(event.get("level", "")),
            str(event.get("logger", "")),
            str(event.get("event", ""))[:200],
            cause_of(event),
        )
        verdict, dropped_before = self.limiter.judge(key)
        if dropped_before:
            event["suppressed_before"] = dropped_before
        if verdict is Verdict.DROP:
            raise structlog.DropEvent
        if verdict is Verdict.SUMMARY:
            kept = {k: v for k, v in event.items() if k not in ("event", *CAUSE_KEYS)}
            return {
                **kept,
                "event": SUPPRESSED,
                "similar_to": key[2],
                "cause": key[3],
                "detail": self.limiter.summary(),
            }
        return event


class RepeatedLinesFilter(logging.Filter):
    """For the standard library's lines (uvicorn, aiokafka, FastStream), on the handler."""

    def __init__(self, limiter: RepeatLimiter) -> None:
        super().__init__()
        self.limiter = limiter

    def filter(self, record: logging.LogRecord) -> bool:
        key: GroupKey = (record.levelname, record.name, str(record.msg)[:200], "")
        verdict, dropped_before = self.limiter.judge(key)
        if verdict is Verdict.DROP:
            return False
        if verdict is Verdict.SUMMARY:
            record.msg = f"{SUPPRESSED}: %s; similar to: %s"
            record.args = (self.limiter.summary(), key[2])
        elif dropped_before:
            record.msg = f"{record.msg} [suppressed_before={dropped_before}]"
        return True
