"""The broker's own speed in this run: N messages of ~1 KB produced with acks=all and
consumed back on a scratch topic, so the pipeline's figure has a ceiling to be read against.

Producer and consumer run at once; the rate is N over the time from the first send to the
last message consumed. The topic has the registry's partition count and is deleted after.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from schemas.topics import TopicSpec
from services.common.topics_admin import ensure_topics

MESSAGE_BYTES = 1_000
PARTITIONS = 3


@dataclass(frozen=True)
class RawKafka:
    messages: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.messages / self.seconds if self.seconds > 0 else 0.0


async def measure(bootstrap: str, messages: int, *, timeout_s: float = 120.0) -> RawKafka:
    topic = f"netra.bench.raw.{os.getpid()}.{int(time.time())}"
    scratch = TopicSpec(topic, key="-", producer="bench", consumers=(), event_types=())
    await ensure_topics(bootstrap, [scratch])
    try:
        return await asyncio.wait_for(_round_trip(bootstrap, topic, messages), timeout_s)
    finally:
        await _delete(bootstrap, topic)


async def _round_trip(bootstrap: str, topic: str, messages: int) -> RawKafka:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
    await consumer.start()
    await producer.start()
    try:
        consumer.assign([TopicPartition(topic, p) for p in range(PARTITIONS)])
        await consumer.seek_to_beginning()
        started = time.monotonic()
        consume = asyncio.create_task(_consume(consumer, messages))
        payload = os.urandom(MESSAGE_BYTES // 2).hex().encode()
        sends = [await producer.send(topic, payload, key=str(i).encode()) for i in range(messages)]
        await asyncio.gather(*sends)
        await consume
        return RawKafka(messages, time.monotonic() - started)
    finally:
        await producer.stop()
        await consumer.stop()


async def _consume(consumer: AIOKafkaConsumer, messages: int) -> None:
    received = 0
    while received < messages:
        batches = await consumer.getmany(timeout_ms=500, max_records=5_000)
        received += sum(len(batch) for batch in batches.values())


async def _delete(bootstrap: str, topic: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    with contextlib.suppress(Exception):
        await admin.start()
        await admin.delete_topics([topic])
    with contextlib.suppress(Exception):
        await admin.close()
