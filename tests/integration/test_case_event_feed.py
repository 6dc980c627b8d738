"""The staff view's feed on real Kafka (`KafkaCaseEventFeed`): it starts at the moment
given (events published before it are skipped, those after it, while the view loaded,
are handed over), and, restarted after retention deleted where it stopped, it says so
and reads on from the oldest event left."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

from aiokafka import TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, RecordsToDelete
from faststream.kafka import KafkaBroker
from structlog.testing import capture_logs

from schemas import topics
from schemas.codec import decode
from services.cases.adapters.kafka_case_event_feed import KafkaCaseEventFeed
from services.cases.adapters.kafka_partitions import topic_partitions
from services.common.event_sending import publish_event
from services.common.kafka_connection import plaintext
from services.common.topic_layout import SINGLE_BROKER
from services.common.topics_admin import ensure_topics
from tests.infra import SessionInfra
from tests.integration.test_case_closures import changed

WAIT_S = 30


class Heard:
    """The case ids of the events the feed handed over, in order, with their kinds."""

    def __init__(self) -> None:
        self.cases: list[str] = []
        self.kinds: set[str | None] = set()

    def __call__(self, kind: str | None, body: bytes) -> None:
        self.kinds.add(kind)
        self.cases.append(str(getattr(decode(body).data, "case_id", "")))

    async def until(self, case_id: str) -> None:
        for _ in range(WAIT_S * 10):
            if case_id in self.cases:
                return
            await asyncio.sleep(0.1)
        raise AssertionError(f"the feed never handed over {case_id}")


@contextlib.asynccontextmanager
async def following(feed: KafkaCaseEventFeed, since: datetime, heard: Heard) -> AsyncIterator[None]:
    task = asyncio.create_task(feed.run_forever(since, heard))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def delete_everything_before_the_end(bootstrap: str) -> None:
    """What retention does to old segments, done now: the log starts at its end."""
    connection = plaintext(bootstrap)
    partitions = await topic_partitions(connection, topics.CASES_EVENTS, client_id="test")
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        ends = {TopicPartition(topics.CASES_EVENTS, p): RecordsToDelete(-1) for p in partitions}
        await admin.delete_records(ends)
    finally:
        await admin.close()


async def test_the_feed_starts_at_its_moment_and_after_retention_at_the_oldest_left(
    infra: SessionInfra,
) -> None:
    connection = plaintext(infra.kafka_bootstrap)
    await ensure_topics(connection, [topics.spec(topics.CASES_EVENTS)], layout=SINGLE_BROKER)
    sender = KafkaBroker(infra.kafka_bootstrap)
    await sender.start()
    run = uuid.uuid4().hex[:8]

    async def publish(name: str) -> str:
        case_id = f"CASE-{run}-{name}"
        event = changed(case_id, "preliminary_review")
        await publish_event(sender, event, topic=topics.CASES_EVENTS, key=case_id)
        return case_id

    feed = KafkaCaseEventFeed(connection=connection, topic=topics.CASES_EVENTS, retry_s=0.5)
    heard = Heard()
    try:
        before = await publish("before")
        await asyncio.sleep(1.0)  # the broker dates events to the millisecond
        since = datetime.now(UTC)  # taken as the view's load starts
        during = [await publish(f"during-{n}") for n in range(3)]  # while the view loads
        async with following(feed, since, heard):
            after = await publish("after")
            await heard.until(after)
        ours = [c for c in heard.cases if run in c]
        assert sorted(ours) == sorted([*during, after]) and before not in ours  # each once
        assert heard.kinds >= {"case.status_changed"}
        lost = await publish("lost")  # published while the feed was down ...
        await delete_everything_before_the_end(infra.kafka_bootstrap)  # ... and expired
        left = await publish("left")
        stopped = feed.positions()
        with capture_logs() as logs:
            async with following(feed, since, heard):  # the same process: resumes
                await heard.until(left)
        assert lost not in heard.cases and heard.cases.count(after) == 1
        deleted = [e for e in logs if e["event"] == "case_event_feed_start_deleted"]
        assert deleted and all(e["wanted"] == stopped[e["partition"]] < e["first"] for e in deleted)
    finally:
        await sender.stop()
