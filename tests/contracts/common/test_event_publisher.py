"""Contract of `EventPublisher`: the recording fake and the Kafka adapter behave alike.

What every use case relies on: a published event comes back out byte-for-byte the same
envelope, under the key it was given, in publish order for one key; `publish_all`
returns once all of a batch is durable, in the given order for each key.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer
from faststream.kafka import KafkaBroker

from schemas.cases import CaseReportLinked
from schemas.codec import decode
from schemas.envelope import Envelope, utcnow
from schemas.events import CASE_REPORT_LINKED
from services.common.publishing import EventPublisher, KafkaEventPublisher, Outgoing
from tests.contracts.conftest import scratch_topic
from tests.fakes.events import RecordingPublisher
from tests.infra import SessionInfra


@dataclass
class Subject:
    publisher: EventPublisher
    topic: str
    read_back: Any  # async (count) -> list[(key, Envelope)]


@pytest.fixture
async def subject(real_infra: SessionInfra | None) -> AsyncIterator[Subject]:
    if real_infra is None:
        fake = RecordingPublisher()

        async def read_fake(count: int) -> list[tuple[str, Envelope[Any]]]:
            return [(p.key, p.envelope) for p in fake.published[:count]]

        yield Subject(fake, "any.topic", read_fake)
        return
    infra = real_infra
    topic = await scratch_topic(infra)
    broker = KafkaBroker(infra.kafka_bootstrap, acks="all", enable_idempotence=True, logger=None)
    await broker.connect()

    async def read_kafka(count: int) -> list[tuple[str, Envelope[Any]]]:
        consumer = AIOKafkaConsumer(
            topic, bootstrap_servers=infra.kafka_bootstrap, auto_offset_reset="earliest"
        )
        await consumer.start()
        try:
            found: list[tuple[str, Envelope[Any]]] = []
            async with asyncio.timeout(30):
                while len(found) < count:
                    record = await consumer.getone()
                    found.append((record.key.decode(), decode(record.value)))
            return found
        finally:
            await consumer.stop()

    try:
        yield Subject(KafkaEventPublisher(broker), topic, read_kafka)
    finally:
        await broker.stop()


def linked(n: int) -> Envelope[CaseReportLinked]:
    data = CaseReportLinked(
        case_id="CASE-1", report_id=f"RPT-{n}", linked_at=utcnow(), linked_reports=n
    )
    return Envelope[CaseReportLinked](
        source="netra/test", type=CASE_REPORT_LINKED, subject="CASE-1", data=data
    )


async def test_a_published_event_reads_back_unchanged_under_its_key(subject: Subject) -> None:
    event = linked(1)
    await subject.publisher.publish(event, topic=subject.topic, key="CASE-1")
    [(key, envelope)] = await subject.read_back(1)
    assert key == "CASE-1"
    assert envelope == event


async def test_events_of_one_key_keep_their_order(subject: Subject) -> None:
    events = [linked(n) for n in range(1, 6)]
    for event in events:
        await subject.publisher.publish(event, topic=subject.topic, key="CASE-1")
    got = await subject.read_back(5)
    assert [e.id for _, e in got] == [e.id for e in events]


async def test_publish_all_reads_back_every_event_in_order_per_key(subject: Subject) -> None:
    events = [linked(n) for n in range(1, 41)]
    await subject.publisher.publish_all(
        [Outgoing(e, subject.topic, f"CASE-{n % 2}") for n, e in enumerate(events)]
    )
    got = await subject.read_back(40)
    for key in ("CASE-0", "CASE-1"):
        expected = [e.id for n, e in enumerate(events) if f"CASE-{n % 2}" == key]
        assert [e.id for k, e in got if k == key] == expected
    assert {e.id: e for _, e in got} == {e.id: e for e in events}


async def test_publish_all_of_nothing_publishes_nothing(subject: Subject) -> None:
    await subject.publisher.publish_all([])
    await subject.publisher.publish(linked(1), topic=subject.topic, key="CASE-1")
    [(_, only)] = await subject.read_back(1)
    assert only.data.report_id == "RPT-1"
