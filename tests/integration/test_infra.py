"""The local infrastructure really works: Kafka (idempotent producer) and the Mongo wire."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from pymongo import AsyncMongoClient
from pymongo.errors import DuplicateKeyError

from schemas.topics import TOPICS
from services.common.kafka_connection import plaintext
from services.common.topic_layout import SINGLE_BROKER
from services.common.topics_admin import ensure_topics
from tests.infra import SessionInfra

pytestmark = pytest.mark.integration


@dataclass(frozen=True)
class Spec:
    name: str
    partitions: int = 3
    retention_ms: int | None = 60_000
    cleanup_policy: str = "delete"


async def test_registry_topics_exist_and_ensure_is_idempotent(infra: SessionInfra) -> None:
    done = await ensure_topics(plaintext(infra.kafka_bootstrap), TOPICS, layout=SINGLE_BROKER)
    assert (done.created, done.grown, done.drift) == ((), (), ())  # the fixture made them


async def test_kafka_round_trip_with_idempotent_producer(infra: SessionInfra) -> None:
    topic = f"test.infra.{uuid.uuid4().hex[:8]}"
    done = await ensure_topics(
        plaintext(infra.kafka_bootstrap), [Spec(topic)], layout=SINGLE_BROKER
    )
    assert done.created == (topic,)

    producer = AIOKafkaProducer(
        bootstrap_servers=infra.kafka_bootstrap, enable_idempotence=True, acks="all"
    )
    await producer.start()
    try:
        sent = [f"message-{i}".encode() for i in range(10)]
        for value in sent:
            await producer.send_and_wait(topic, value, key=b"same-key")
    finally:
        await producer.stop()

    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=infra.kafka_bootstrap,
        group_id=f"test-{topic}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        received: list[bytes] = []
        async with asyncio.timeout(30):
            while len(received) < len(sent):
                msg = await consumer.getone()
                assert msg.key == b"same-key"
                assert msg.value is not None
                received.append(msg.value)
        await consumer.commit()
    finally:
        await consumer.stop()
    # One key, one partition: order is kept and nothing is duplicated.
    assert received == sent


async def test_mongo_wire_insert_find_and_unique_index(infra: SessionInfra) -> None:
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(
        infra.mongodb_url, serverSelectionTimeoutMS=10_000
    )
    try:
        db = client[infra.mongodb_database]
        coll = db[f"infra_{uuid.uuid4().hex[:8]}"]
        await coll.create_index("tracking_code", unique=True)
        await coll.insert_one({"tracking_code": "NTR-0001", "status": "received"})
        found = await coll.find_one({"tracking_code": "NTR-0001"}, {"_id": 0})
        assert found == {"tracking_code": "NTR-0001", "status": "received"}
        with pytest.raises(DuplicateKeyError):
            await coll.insert_one({"tracking_code": "NTR-0001", "status": "again"})
        assert await coll.count_documents({}) == 1
        await coll.drop()
    finally:
        await client.close()
