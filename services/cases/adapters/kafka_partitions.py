"""A reader of every partition of a topic, in no consumer group and committing nothing.

Every replica reads the case events whole twice over: the closure feed
(kafka_closure_feed.py) and the staff view's feed (kafka_case_event_feed.py). Each assigns
the partitions itself, so it asks the cluster which there are.
"""

from __future__ import annotations

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from services.common.kafka import BATCH_FETCH_MIN_BYTES, FEED_FETCH_MAX_WAIT_MS
from services.common.kafka_connection import KafkaConnection


async def every_partition(
    connection: KafkaConnection, topic: str, *, client_id: str
) -> tuple[AIOKafkaConsumer, list[TopicPartition]]:
    """A started consumer in no group, committing nothing, assigned every partition of
    `topic` (the closure feed and the staff view's feed); the caller stops it."""
    consumer = AIOKafkaConsumer(
        **connection.client_options(),
        group_id=None,
        enable_auto_commit=False,
        client_id=client_id,
        fetch_max_wait_ms=FEED_FETCH_MAX_WAIT_MS,
        fetch_min_bytes=BATCH_FETCH_MIN_BYTES,
    )
    await consumer.start()
    try:
        partitions = await topic_partitions(connection, topic, client_id=client_id)
    except BaseException:
        await consumer.stop()
        raise
    tps = [TopicPartition(topic, p) for p in partitions]
    consumer.assign(tps)
    return consumer, tps


async def topic_partitions(connection: KafkaConnection, topic: str, *, client_id: str) -> list[int]:
    """The topic's partitions, as the cluster describes them (a consumer that assigns
    partitions itself has no metadata for the topic until it asks)."""
    admin = AIOKafkaAdminClient(**connection.client_options(), client_id=client_id)
    await admin.start()
    try:
        described = await admin.describe_topics([topic])
    finally:
        await admin.close()
    found = [
        int(p.get("partition", p.get("partition_index", -1)))
        for t in described
        if not t.get("error_code")
        for p in t.get("partitions", [])
    ]
    if not found or min(found) < 0:
        raise RuntimeError(f"topic {topic} has no partitions yet")
    return sorted(found)
