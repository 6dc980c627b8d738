"""The topic step on a real broker: an existing topic is grown to the registry's partition
count, and what it will not change (retention edited by hand, a replication factor or
min ISR below the settings', more partitions than the registry) is reported as drift,
in the result and in the `netra_topic_drift` gauge; nothing is shrunk."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from aiokafka.admin import AIOKafkaAdminClient
from prometheus_client import REGISTRY

from services.common.kafka_connection import plaintext
from services.common.topic_layout import SINGLE_BROKER, TopicLayout
from services.common.topics_admin import ensure_topics
from tests.infra import SessionInfra

HOUR_MS = 3_600_000


@dataclass(frozen=True)
class Spec:
    name: str
    partitions: int
    retention_ms: int | None = HOUR_MS
    cleanup_policy: str = "delete"


async def partitions_of(bootstrap: str, topic: str) -> int:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        [described] = await admin.describe_topics([topic])
    finally:
        await admin.close()
    return len(described["partitions"])


async def test_existing_topic_is_grown_and_its_drift_reported(infra: SessionInfra) -> None:
    name = f"test.reconcile.{uuid.uuid4().hex[:8]}"
    kafka = plaintext(infra.kafka_bootstrap)
    first = await ensure_topics(kafka, [Spec(name, 1)], layout=SINGLE_BROKER)
    assert first.created == (name,)

    # The registry now asks for 3 partitions and a day's retention; the settings for RF 3.
    wanted = Spec(name, 3, retention_ms=24 * HOUR_MS)
    cluster = TopicLayout(replication_factor=3, min_insync_replicas=2)
    done = await ensure_topics(kafka, [wanted], layout=cluster)
    assert done.created == () and done.grown == ((name, 3),)
    assert await partitions_of(infra.kafka_bootstrap, name) == 3
    assert {(d.setting, d.wanted, d.found) for d in done.drift} == {
        ("replication factor", "3", "1"),
        ("min.insync.replicas", "2", "1"),
        ("retention.ms", str(24 * HOUR_MS), str(HOUR_MS)),
    }
    gauge = REGISTRY.get_sample_value(
        "netra_topic_drift", {"topic": name, "setting": "retention.ms"}
    )
    assert gauge == 1.0

    # A registry asking for fewer partitions than the topic has: reported, never shrunk.
    fewer = await ensure_topics(kafka, [Spec(name, 2)], layout=SINGLE_BROKER)
    assert fewer.grown == ()
    assert [(d.setting, d.wanted, d.found) for d in fewer.drift] == [("partitions", "2", "3")]
    assert await partitions_of(infra.kafka_bootstrap, name) == 3
