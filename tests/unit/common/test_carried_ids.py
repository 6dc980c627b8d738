"""`carried_ids` reads a W3C traceparent as entering its context and reading it back does."""

from __future__ import annotations

import pytest

from services.common.telemetry import (
    TraceCarrier,
    carried_ids,
    continuing,
    current_trace_id,
    current_traceparent,
)

TRACE, SPAN = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
VALID = [
    f"00-{TRACE}-{SPAN}-01",
    f"00-{TRACE}-{SPAN}-00",
    f" 00-{TRACE}-{SPAN}-01 ",  # blanks around are read past
    f"01-{TRACE}-{SPAN}-03-future-field",  # a later version may add fields
]
INVALID = [
    f"ff-{TRACE}-{SPAN}-01",  # version ff is forbidden
    f"00-{TRACE}-{SPAN}-01-extra",  # version 00 has exactly four fields
    f"00-{'0' * 32}-{SPAN}-01",
    f"00-{TRACE}-{'0' * 16}-01",
    f"00-{TRACE.upper()}-{SPAN}-01",  # lower-case hex only
    f"00-{TRACE[:-1]}-{SPAN}-01",
    "",
    "garbage",
]


def through_the_context(carrier: TraceCarrier) -> tuple[str | None, str | None]:
    with continuing(carrier):
        return current_trace_id(), current_traceparent()


@pytest.mark.parametrize("header", VALID)
def test_a_valid_traceparent_gives_the_ids_entering_its_context_gives(header: str) -> None:
    carrier = {"traceparent": header, "ce_type": "x"}
    found = carried_ids(carrier)
    assert found is not None and found[0] == TRACE
    assert found == through_the_context(carrier)


@pytest.mark.parametrize("header", INVALID)
def test_an_invalid_traceparent_is_left_to_the_propagator(header: str) -> None:
    assert carried_ids({"traceparent": header}) is None
    assert through_the_context({"traceparent": header})[0] != TRACE  # it refuses it too


def test_no_traceparent_is_left_to_the_propagator() -> None:
    assert carried_ids({}) is None
    assert carried_ids({"tracestate": "a=b"}) is None
