"""Bytes <-> envelopes. Unknown types and invalid payloads raise `InvalidEvent`.

Decoding is bounded before it is trusted: a message over `MAX_EVENT_BYTES` or nested
deeper than `MAX_DEPTH` is poison, and so is anything the JSON parser or the models
raise on bad bytes (10,000 nested brackets included). Poison must never look transient:
a consumer would redeliver it forever.

Parsed with orjson: every consumer decodes every message, and the standard library's
parser plus a walk over every node cost ~8x more CPU per event (docs/decisions.md,
"Throughput, measured").
"""

from __future__ import annotations

from typing import Any

import orjson
from pydantic import BaseModel, ValidationError

from schemas.envelope import Envelope
from schemas.events import PAYLOADS

MAX_EVENT_BYTES = 2 * 1024 * 1024  # Kafka's default message limit is 1 MiB; reports are smaller
MAX_DEPTH = 32  # the deepest event Netra writes nests about 6 levels


class InvalidEvent(ValueError):
    """A message that no retry will fix: it belongs in the DLQ."""


def encode(envelope: Envelope[Any]) -> bytes:
    return envelope.model_dump_json(serialize_as_any=True).encode()


def decode(raw: bytes, *, accept: frozenset[str] | None = None) -> Envelope[BaseModel]:
    if len(raw) > MAX_EVENT_BYTES:
        raise InvalidEvent(f"event of {len(raw)} bytes exceeds {MAX_EVENT_BYTES}")
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if str(exc).startswith("depth limit exceeded"):  # orjson stops at 1,024 levels
            raise InvalidEvent(f"JSON nested deeper than {MAX_DEPTH} levels") from exc
        raise InvalidEvent(f"not JSON: {exc}") from exc
    if may_nest_deeper(raw) and depth_of(document) > MAX_DEPTH:
        raise InvalidEvent(f"JSON nested deeper than {MAX_DEPTH} levels")
    if not isinstance(document, dict):
        raise InvalidEvent("event is not a JSON object")
    event_type = document.get("type")
    if not isinstance(event_type, str) or event_type not in PAYLOADS:
        raise InvalidEvent(f"unknown event type {event_type!r}")
    if accept is not None and event_type not in accept:
        raise InvalidEvent(f"event type {event_type!r} does not belong on this topic")
    try:
        payload = PAYLOADS[event_type].model_validate(document.get("data"))
        return Envelope[BaseModel](**{**document, "data": payload})
    except ValidationError as exc:
        raise InvalidEvent(_describe(exc)) from exc
    except (ValueError, TypeError, RecursionError) as exc:
        raise InvalidEvent(f"invalid envelope: {type(exc).__name__}: {exc}") from exc


def depth_of(document: Any) -> int:
    """Nesting depth of parsed JSON, iteratively (a recursive walk is what poison exploits)."""
    deepest, stack = 0, [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                return depth
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children)
    return deepest


def may_nest_deeper(raw: bytes) -> bool:
    """Every object or array opens with `{` or `[`: with no more of them than MAX_DEPTH
    (brackets inside strings counted too) the document cannot nest deeper, and the walk
    over every node (most of decoding's CPU after orjson) is skipped."""
    return raw.count(b"{") + raw.count(b"[") > MAX_DEPTH


def _describe(exc: ValidationError) -> str:
    problems = [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:5]]
    return "invalid payload: " + "; ".join(problems)
