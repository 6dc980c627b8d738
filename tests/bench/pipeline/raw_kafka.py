"""The broker's own speed in this run: N messages of ~1 KB produced with acks=all and
consumed back on a scratch topic, so the pipeline's figure has a ceiling to be read against.

Producer and consumer run at once; the rate is N over the time from the first send to the
last message consumed. Messages go out in batches of up to 256 KB over the registry's
three partitions. The topic is deleted after.
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
from services.common.kafka_connection import plaintext
from services.common.topic_layout import TopicLayout
from services.common.topics_admin import ensure_topics

MESSAGE_BYTES = 1_000
PARTITIONS = 3
BATCH_BYTES = 256 * 1024


@dataclass(frozen=True)
class RawKafka:
    messages: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.messages / self.seconds if self.seconds > 0 else 0.0


async def measure(
    bootstrap: str, messages: int, *, layout: TopicLayout, timeout_s: float = 120.0
) -> RawKafka:
    """On a topic replicated as the stack's topics are (`layout`), so the ratio compares
    like with like: on the local cluster every acks=all write waits for two replicas."""
    topic = f"netra.bench.raw.{os.getpid()}.{int(time.time())}"
    scratch = TopicSpec(topic, key="-", producer="bench", consumers=(), event_types=())
    await ensure_topics(plaintext(bootstrap), [scratch], layout=layout)
    try:
        return await asyncio.wait_for(_round_trip(bootstrap, topic, messages), timeout_s)
    finally:
        await _delete(bootstrap, topic)


async def _round_trip(bootstrap: str, topic: str, messages: int) -> RawKafka:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None)
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, acks="all", linger_ms=5, max_batch_size=BATCH_BYTES
    )
    await consumer.start()
    await producer.start()
    try:
        consumer.assign([TopicPartition(topic, p) for p in range(PARTITIONS)])
        await consumer.seek_to_beginning()
        started = time.monotonic()
        consume = asyncio.create_task(_consume(consumer, messages))
        await asyncio.gather(*(await _produce(producer, topic, messages)))
        await consume
        return RawKafka(messages, time.monotonic() - started)
    finally:
        await producer.stop()
        await consumer.stop()


async def _produce(
    producer: AIOKafkaProducer, topic: str, messages: int
) -> list[asyncio.Future[object]]:
    """Batches filled by hand and spread over the partitions: the broker's pace, not the
    per-call overhead of `send` (batching consumers and producers is issue 9's item 2)."""
    payload = os.urandom(MESSAGE_BYTES // 2).hex().encode()
    sent: list[asyncio.Future[object]] = []
    batch, partition = producer.create_batch(), 0
    for i in range(messages):
        if batch.append(key=str(i).encode(), value=payload, timestamp=None) is None:
            sent.append(await producer.send_batch(batch, topic, partition=partition))
            batch, partition = producer.create_batch(), (partition + 1) % PARTITIONS
            batch.append(key=str(i).encode(), value=payload, timestamp=None)
    if batch.record_count():
        sent.append(await producer.send_batch(batch, topic, partition=partition))
    return sent


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
