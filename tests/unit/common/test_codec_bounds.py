"""Poison stays poison: every way bad bytes can fail the decoder is an `InvalidEvent`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schemas import topics
from schemas.codec import (
    MAX_DEPTH,
    MAX_EVENT_BYTES,
    InvalidEvent,
    decode,
    depth_of,
    may_nest_deeper,
)

EXAMPLE = Path(topics.__file__).parent / "examples" / "report.received.json"


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 10_000 + b"]" * 10_000,
        b'{"a":' * 10_000 + b"1" + b"}" * 10_000,
        b"\xff\xfe garbage",
        b"x" * (MAX_EVENT_BYTES + 1),
        b'{"type": "report.received", "data": "' + b"a" * (1024 * 1024) + b'"}',
        b'{"type": "report.received", "id": "not-a-uuid", "data": {}}',
        b"null",
    ],
    ids=["brackets", "objects", "bytes", "oversized", "huge-string", "bad-id", "null"],
)
def test_bad_bytes_are_invalid_events_never_other_errors(raw: bytes) -> None:
    with pytest.raises(InvalidEvent):
        decode(raw)


def test_nesting_just_past_the_limit_is_refused_and_a_real_event_is_not() -> None:
    document = json.loads(EXAMPLE.read_bytes())
    assert depth_of(document) <= MAX_DEPTH
    assert decode(EXAMPLE.read_bytes()).type == "report.received"
    nested: object = 1
    for _ in range(MAX_DEPTH + 1):
        nested = [nested]
    document["data"]["content"]["text"] = nested
    with pytest.raises(InvalidEvent, match="nested deeper"):
        decode(json.dumps(document).encode())


def test_brackets_inside_strings_only_send_decoding_down_the_full_walk() -> None:
    document = json.loads(EXAMPLE.read_bytes())
    document["data"]["content"]["text"] = "[" * (MAX_DEPTH + 1) + "{" * (MAX_DEPTH + 1)
    assert may_nest_deeper(raw := json.dumps(document).encode())
    assert decode(raw).type == "report.received"
    assert not may_nest_deeper(EXAMPLE.read_bytes())
