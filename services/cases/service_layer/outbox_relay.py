"""Publishing what each case document carries in its outbox, then emptying it.

At-least-once: a crash between publish and clear republishes, and every consumer is
idempotent by event id. Each event is sent under the trace it was written in.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry.propagate import extract

from schemas import topics
from schemas.codec import decode
from services.cases.service_layer.ports import Document, Outbox
from services.common.publishing import EventPublisher


@contextlib.contextmanager
def under_trace(traceparent: str | None) -> Iterator[None]:
    token = otel_context.attach(extract({"traceparent": traceparent})) if traceparent else None
    try:
        yield
    finally:
        if token is not None:
            otel_context.detach(token)


async def publish_entry(publisher: EventPublisher, entry: Document) -> None:
    envelope: Any = decode(json.dumps(entry["envelope"]).encode())
    with under_trace(entry.get("traceparent")):
        await publisher.publish(envelope, topic=topics.CASES_EVENTS, key=entry["key"])


async def relay_once(*, outbox: Outbox, publisher: EventPublisher, limit: int = 50) -> int:
    """Publish every pending entry; returns how many were published."""
    published = 0
    for pending in await outbox.pending(limit):
        for entry in pending.entries:
            await publish_entry(publisher, entry)
            published += 1
        await outbox.clear(pending.case_id, version=pending.version)
    return published
