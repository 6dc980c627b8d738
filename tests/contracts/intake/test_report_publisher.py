"""Contract of `ReportPublisher`: the fake and the Kafka adapter behave alike.

What intake relies on: a report that publish returned for reads back unchanged, keyed
by its report id, in publish order; a broker that is not there makes publish raise
(promptly, or at least within the use case's timeout), never return as if acked.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import pytest
from aiokafka import AIOKafkaConsumer
from faststream.kafka import KafkaBroker

from services.common.circuit import BrokerCircuit
from services.common.crypto import new_key_spec, parse_keyring
from services.common.publishing import KafkaEventPublisher
from services.intake.adapters.kafka_publisher import KafkaReportPublisher
from services.intake.domain.report import ReceivedEvent, receive
from services.intake.domain.submission import validate_submission
from services.intake.service_layer.ports import ReportPublisher
from tests.contracts.conftest import scratch_topic
from tests.fakes.clock import FakeClock
from tests.fakes.intake import FakeReportPublisher
from tests.infra import SessionInfra

KEYRING = parse_keyring(new_key_spec())
PUBLISH_TIMEOUT_S = 5.0


@dataclass
class Subject:
    publisher: ReportPublisher
    unreachable: ReportPublisher
    read_back: Callable[[int], Awaitable[list[tuple[str, ReceivedEvent]]]]


@pytest.fixture
async def subject(real_infra: SessionInfra | None) -> AsyncIterator[Subject]:
    if real_infra is None:
        fake = FakeReportPublisher()

        async def read_fake(count: int) -> list[tuple[str, ReceivedEvent]]:
            return [(e.data.report_id, e) for e in fake.published[:count]]

        yield Subject(fake, FakeReportPublisher(unreachable=True), read_fake)
        return
    infra = real_infra
    topic = await scratch_topic(infra)
    broker = KafkaBroker(infra.kafka_bootstrap, acks="all", enable_idempotence=True, logger=None)
    await broker.connect()
    # A broker that was never reached: what intake holds while Kafka is down.
    absent = KafkaBroker("127.0.0.1:1", acks="all", enable_idempotence=True, logger=None)

    async def read_kafka(count: int) -> list[tuple[str, ReceivedEvent]]:
        consumer = AIOKafkaConsumer(
            topic, bootstrap_servers=infra.kafka_bootstrap, auto_offset_reset="earliest"
        )
        await consumer.start()
        try:
            found: list[tuple[str, ReceivedEvent]] = []
            async with asyncio.timeout(30):
                while len(found) < count:
                    record = await consumer.getone()
                    event = ReceivedEvent.model_validate_json(record.value)
                    found.append((record.key.decode(), event))
            return found
        finally:
            await consumer.stop()

    try:
        yield Subject(
            KafkaReportPublisher(KafkaEventPublisher(broker), topic=topic, circuit=closed()),
            KafkaReportPublisher(KafkaEventPublisher(absent), topic=topic, circuit=closed()),
            read_kafka,
        )
    finally:
        await broker.stop()


def closed() -> BrokerCircuit:
    async def never_back() -> bool:
        return False

    return BrokerCircuit(probe=never_back, clock=FakeClock(), probe_every_s=1.0)


def reports(count: int) -> list[ReceivedEvent]:
    submission = validate_submission(
        {"channel": "web", "text": "Sekdes memasang baliho paslon.", "reporter": {"name": "Ani"}}
    )
    return [receive(submission, keyring=KEYRING, now=FakeClock().now()) for _ in range(count)]


async def test_a_published_report_reads_back_unchanged_under_its_report_id(
    subject: Subject,
) -> None:
    [event] = reports(1)
    await subject.publisher.publish(event)
    [(key, got)] = await subject.read_back(1)
    assert key == event.data.report_id
    assert got == event


async def test_reports_keep_their_publish_order(subject: Subject) -> None:
    events = reports(4)
    for event in events:
        await subject.publisher.publish(event)
    got = await subject.read_back(4)
    assert [e.id for _, e in got] == [e.id for e in events]


async def test_an_unreachable_broker_raises_instead_of_acking(subject: Subject) -> None:
    [event] = reports(1)
    with pytest.raises(Exception):  # noqa: B017 (any failure will do; never a return)
        await asyncio.wait_for(subject.unreachable.publish(event), timeout=PUBLISH_TIMEOUT_S)
