"""Bytes <-> envelopes. Unknown types and invalid payloads raise `InvalidEvent`."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ValidationError

from schemas.envelope import Envelope
from schemas.events import PAYLOADS


class InvalidEvent(ValueError):
    """A message that no retry will fix: it belongs in the DLQ."""


def encode(envelope: Envelope[Any]) -> bytes:
    return envelope.model_dump_json(serialize_as_any=True).encode()


def decode(raw: bytes, *, accept: frozenset[str] | None = None) -> Envelope[BaseModel]:
    try:
        document = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidEvent(f"not JSON: {exc}") from exc
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


def _describe(exc: ValidationError) -> str:
    problems = [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:5]]
    return "invalid payload: " + "; ".join(problems)
