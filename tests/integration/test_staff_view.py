"""The staff view on FerretDB and Kafka: one replica acts (opens, links, transitions,
closes), a second replica's view, loaded from the store and fed by the case events on
Kafka, ends up answering the queue, statistics and status look-up exactly as the first."""

from __future__ import annotations

import asyncio
import contextlib
import functools
from datetime import UTC, datetime, timedelta

from faststream.kafka import KafkaBroker

from schemas import topics
from services.cases.adapters.kafka_case_event_feed import KafkaCaseEventFeed
from services.cases.adapters.mongo_case_reads import MongoCaseReads
from services.cases.domain.model import Actor
from services.cases.domain.vocabulary import Role
from services.cases.entrypoints.view_feed import CLOCK_MARGIN, on_case_event
from services.cases.read_models.models import CaseFilters
from services.cases.read_models.queue import list_cases
from services.cases.read_models.staff_view import StaffView
from services.cases.read_models.stats import case_stats
from services.cases.read_models.status_lookup import status_of
from services.cases.read_models.view_upkeep import load, refresh
from services.cases.service_layer.outbox_relay import relay_once
from services.common.item_retries import FailingItems
from services.common.kafka_connection import plaintext
from services.common.publishing import KafkaEventPublisher
from services.common.topic_layout import SINGLE_BROKER
from services.common.topics_admin import ensure_topics
from tests.infra import SessionInfra
from tests.integration.staff_support import mongo_store_of, staff_world
from tests.service.cases.staff_support import StaffWorld, token

BAWASLU = token("bawaslu", "RI", name="Bawaslu RI")
OPS = Actor(name="Ops", role=Role.OPS, region="RI")
REGIONAL = Actor(name="Siti", role=Role.BAWASLU, region="18.12")


async def act(world: StaffWorld, case_id: str, version: int, **body: object) -> None:
    response = await world.transition(case_id, version, headers=BAWASLU, **body)
    assert response.status_code == 200, response.text


def same_answers(one: StaffView, other: StaffView, now: datetime) -> None:
    for actor in (OPS, REGIONAL):
        for filters in (CaseFilters(), CaseFilters(status="closed"), CaseFilters(region="35")):
            pages = [
                list_cases(view=v, actor=actor, filters=filters, cursor=None, limit=50, now=now)
                for v in (one, other)
            ]
            assert pages[0] == pages[1]
        assert case_stats(view=one, actor=actor, now=now) == case_stats(
            view=other, actor=actor, now=now
        )


async def test_a_second_replica_follows_the_first_through_kafka(infra: SessionInfra) -> None:
    await ensure_topics(
        plaintext(infra.kafka_bootstrap), [topics.spec(topics.CASES_EVENTS)], layout=SINGLE_BROKER
    )
    sender = KafkaBroker(infra.kafka_bootstrap)
    feed = KafkaCaseEventFeed(
        connection=plaintext(infra.kafka_bootstrap), topic=topics.CASES_EVENTS, retry_s=0.5
    )
    async with staff_world(infra) as world:
        kept, _ = await world.seed(region="18.12", dedup_key="dk-kept")
        closing, _ = await world.seed(region="35.08", routes=["BAWASLU:35.08"])
        store = mongo_store_of(world)
        reads = MongoCaseReads(store.db)
        second = StaffView()
        await sender.start()
        since = datetime.now(UTC) - CLOCK_MARGIN
        assert await load(second, reads) == 2
        following = asyncio.create_task(
            feed.run_forever(since, functools.partial(on_case_event, second))
        )
        try:
            sent = len(world.published.published)
            # The first replica: a duplicate joins, a new case opens, staff act and close.
            joined, duplicate = await world.seed(region="18.12", dedup_key="dk-kept")
            fresh, _ = await world.seed(region="18.12")
            await act(world, kept, 1, command="start_review")
            await act(world, kept, 2, command="register", reason="lengkap")
            await act(world, closing, 1, command="withdraw", reason="dicabut pelapor")
            kafka = KafkaEventPublisher(sender)
            for event in world.published.published[sent:]:  # the hot path's own events
                await kafka.publish(event.envelope, topic=event.topic, key=event.key)
            await relay_once(
                outbox=store, publisher=kafka, failing=FailingItems("t", base_s=60, max_s=60)
            )  # the staff writes' events
            for _ in range(60):
                if {fresh, kept, closing} <= set(second.rows) and second.dirty >= {kept}:
                    break
                await asyncio.sleep(0.5)
            assert joined == kept and second.rows[fresh].status == "received"
            assert second.rows[closing].status == "withdrawn"
            while await refresh(second, reads, limit=100):
                pass
            now = datetime.now(UTC) + timedelta(days=40)
            same_answers(world.view, second, now)
            assert second.rows[kept].report_ids == world.view.rows[kept].report_ids
            [code] = [c for c, r in second.report_codes.items() if r == duplicate]
            found = await status_of(view=second, reads=reads, tracking_code=code)
            assert found is not None and found.case_id == kept and found.status == "registered"
            reloaded = StaffView()
            await load(reloaded, reads)
            assert reloaded.rows == second.rows == world.view.rows
        finally:
            following.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await following
            await sender.stop()
