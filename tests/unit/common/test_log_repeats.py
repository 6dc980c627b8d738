"""Repeated log lines are rate-limited per cause, on a fake clock."""

from __future__ import annotations

import logging
from collections.abc import MutableMapping
from datetime import timedelta
from typing import Any

import pytest
import structlog

from services.common.log_repeats import (
    SUPPRESSED,
    RepeatedLinesFilter,
    RepeatedLinesProcessor,
    RepeatLimiter,
)
from tests.fakes.clock import FakeClock


def emit(processor: RepeatedLinesProcessor, **event: Any) -> MutableMapping[str, Any] | None:
    try:
        return processor(None, "warning", {"level": "warning", **event})
    except structlog.DropEvent:
        return None


def test_first_n_pass_then_one_summary_then_silence_then_the_count() -> None:
    clock = FakeClock()
    processor = RepeatedLinesProcessor(RepeatLimiter(per_window=3, window_s=10, clock=clock))
    lines = [emit(processor, event="report_spooled", why="KafkaTimeoutError") for _ in range(1000)]
    kept = [line for line in lines if line is not None]
    assert [line["event"] for line in kept] == ["report_spooled"] * 3 + [SUPPRESSED]
    assert kept[-1]["similar_to"] == "report_spooled" and kept[-1]["cause"] == "KafkaTimeoutError"
    clock.advance(timedelta(seconds=10))
    after = emit(processor, event="report_spooled", why="KafkaTimeoutError")
    assert after is not None and after["suppressed_before"] == 997


def test_each_cause_has_its_own_allowance() -> None:
    processor = RepeatedLinesProcessor(RepeatLimiter(per_window=1, window_s=10, clock=FakeClock()))
    assert emit(processor, event="publish_failed", why="timeout") is not None
    assert emit(processor, event="publish_failed", why="refused") is not None
    assert emit(processor, event="spool_drained") is not None
    assert emit(processor, event="publish_failed", why="timeout")["event"] == SUPPRESSED  # type: ignore[index]


def test_memory_is_bounded_to_max_groups() -> None:
    limiter = RepeatLimiter(per_window=1, window_s=10, clock=FakeClock(), max_groups=5)
    processor = RepeatedLinesProcessor(limiter)
    for n in range(100):
        emit(processor, event="distinct", why=str(n))
    assert len(limiter._windows) == 5


def test_standard_library_lines_are_limited_by_the_handler_filter(
    caplog: pytest.LogCaptureFixture,
) -> None:
    logger = logging.getLogger("test.repeats")
    logger.addFilter(
        RepeatedLinesFilter(RepeatLimiter(per_window=2, window_s=10, clock=FakeClock()))
    )
    try:
        with caplog.at_level(logging.WARNING, logger="test.repeats"):
            for n in range(500):
                logger.warning("Unable connect to node with id %d", n % 1)
    finally:
        logger.filters.clear()
    messages = [r.getMessage() for r in caplog.records if r.name == "test.repeats"]
    assert len(messages) == 3 and messages[-1].startswith(SUPPRESSED)
