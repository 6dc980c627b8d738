"""Closures reach every replica through `case.status_changed` on Kafka (`KafkaClosureFeed`):
from the end when no state is kept, from the journal's closure floor otherwise."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator

from faststream.kafka import KafkaBroker

from schemas import topics
from schemas.cases import CaseStatusChanged
from schemas.envelope import Envelope, utcnow
from schemas.events import CASE_STATUS_CHANGED
from services.cases.adapters.kafka_closure_feed import KafkaClosureFeed
from services.common.event_sending import publish_event
from services.common.kafka_connection import plaintext
from services.common.topic_layout import SINGLE_BROKER
from services.common.topics_admin import ensure_topics
from tests.infra import SessionInfra


def changed(case_id: str, to_status: str) -> Envelope[CaseStatusChanged]:
    data = CaseStatusChanged(
        case_id=case_id,
        from_status="received",
        to_status=to_status,
        changed_at=utcnow(),
        actor_role="bawaslu",
        reason="x",
        routes=["BAWASLU:18.12"],
    )
    return Envelope[CaseStatusChanged](
        source="test", type=CASE_STATUS_CHANGED, subject=case_id, data=data
    )


@contextlib.asynccontextmanager
async def running(
    infra: SessionInfra, floor: dict[int, int] | None, told: list[str]
) -> AsyncIterator[KafkaClosureFeed]:
    feed = KafkaClosureFeed(
        connection=plaintext(infra.kafka_bootstrap),
        topic=topics.CASES_EVENTS,
        on_closed=told.append,
        retry_s=0.5,
    )

    async def at() -> dict[int, int] | None:
        return floor

    task = asyncio.create_task(feed.run_forever(at))
    try:
        await asyncio.wait_for(feed.caught_up(), 60)
        yield feed
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_closures_are_read_from_the_end_or_from_a_floor(infra: SessionInfra) -> None:
    await ensure_topics(
        plaintext(infra.kafka_bootstrap), [topics.spec(topics.CASES_EVENTS)], layout=SINGLE_BROKER
    )
    sender = KafkaBroker(infra.kafka_bootstrap)
    await sender.start()
    run = uuid.uuid4().hex[:8]
    told: list[str] = []

    async def publish(case_id: str, status: str) -> None:
        await publish_event(
            sender, changed(case_id, status), topic=topics.CASES_EVENTS, key=case_id
        )

    try:
        await publish(f"CASE-{run}-before", "withdrawn")
        async with running(infra, None, told) as feed:
            floor = feed.positions()
            assert f"CASE-{run}-before" not in feed.closed_ids()  # started at the end
            await publish(f"CASE-{run}-open", "preliminary_review")
            await publish(f"CASE-{run}-closed", "withdrawn")
            await asyncio.wait_for(feed.caught_up(), 30)
            ours = {c for c in feed.closed_ids() if run in c}
            assert ours == {f"CASE-{run}-closed"} and f"CASE-{run}-closed" in told
        async with running(infra, floor, []) as later:  # another process, from the floor
            assert f"CASE-{run}-closed" in later.closed_ids()
            assert f"CASE-{run}-before" not in later.closed_ids()
    finally:
        await sender.stop()
