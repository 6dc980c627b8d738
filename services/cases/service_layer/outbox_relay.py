"""Publishing what each case document carries in its outbox, then emptying it.

At-least-once: a crash between publish and clear republishes, and every consumer is
idempotent by event id. Each event is sent under the trace it was written in.

Per case: a case whose events cannot be published or whose outbox cannot be cleared is
reported and set back (`FailingItems`, its own back-off), and the pass goes on with the
other cases; it is asked for that many more, so failing cases cannot starve the rest.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry.propagate import extract

from schemas import topics
from schemas.codec import decode
from services.cases.service_layer.ports import EVERY_MARK, Document, Outbox, PendingOutbox
from services.common.item_retries import FailingItems
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


def always() -> bool:
    return True


async def relay_once(
    *,
    outbox: Outbox,
    publisher: EventPublisher,
    failing: FailingItems,
    limit: int = 50,
    marked_before: datetime = EVERY_MARK,
    keep_going: Callable[[], bool] = always,
) -> int:
    """Publish every pending entry of every case that is due and marked before
    `marked_before`, while `keep_going()` (checked before each case); returns how many."""
    found = await outbox.pending(limit + failing.waiting(), marked_before=marked_before)
    return await relay_cases(
        found, outbox=outbox, publisher=publisher, failing=failing, keep_going=keep_going
    )


async def relay_cases(
    found: list[PendingOutbox],
    *,
    outbox: Outbox,
    publisher: EventPublisher,
    failing: FailingItems,
    keep_going: Callable[[], bool],
) -> int:
    published = 0
    for pending in found:
        if not keep_going():
            break
        if not failing.due(pending.case_id):
            continue
        try:
            published += await _relay_case(outbox, publisher, pending)
        except Exception as exc:  # one case must not stop the rest
            failing.failed(pending.case_id, exc)
        else:
            failing.succeeded(pending.case_id)
    return published


class OutboxNotCleared(Exception):
    """Published, but the case could not be written to empty its outbox (a held write
    slot): set back, so its events are not published again on every wake-up meanwhile."""


async def _relay_case(outbox: Outbox, publisher: EventPublisher, pending: PendingOutbox) -> int:
    for entry in pending.entries:  # in order; a failure leaves the rest for the retry
        await publish_entry(publisher, entry)
    case_id = pending.case_id
    cleared = await outbox.clear(case_id, version=pending.version)
    if not cleared and await outbox.version_of(case_id) == pending.version:  # not a newer change
        raise OutboxNotCleared(f"{case_id}: published, outbox not emptied")
    return len(pending.entries)
