"""The topic step: create the registry's topics (schemas/topics.py), reconcile existing ones.

Brokers run with auto.create.topics.enable=false, so every topic a service uses is
created up front: by `make run` / the test fixtures (deploy/local/infra.py), or in a
deployment by this module as a job before the services start:

    python -m services.common.topics_admin        # settings from the environment

A missing topic is created with the registry's partitions, retention and cleanup policy
and the settings' replication factor and min.insync.replicas. An existing topic gets
partitions added when the registry asks for more; anything else that differs (replication
factor, min ISR, retention, cleanup policy, more partitions than the registry) is never
changed here, never shrunk: it is reported as drift, logged (`topic_drift`), set in the
gauge `netra_topic_drift{topic,setting}`, and the command exits 3 so a deploy job fails
visibly (docs/runbook.md, "Topics").
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewPartitions, NewTopic
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from aiokafka.errors import TopicAlreadyExistsError
from prometheus_client import REGISTRY, CollectorRegistry, Gauge

from services.common.kafka_connection import KafkaConnection
from services.common.logging import get_logger
from services.common.topic_layout import (
    Drift,
    FoundTopic,
    TopicLayout,
    TopicLike,
    compare,
    topic_config,
)

log = get_logger(__name__)
# Kafka error code 36: TOPIC_ALREADY_EXISTS (a concurrent creator won the race).
_TOPIC_ALREADY_EXISTS = 36
DRIFT_EXIT_CODE = 3


def drift_gauge(registry: CollectorRegistry) -> Gauge:
    return Gauge(
        "netra_topic_drift",
        "1 per topic setting the cluster holds differently from the registry and settings",
        ["topic", "setting"],
        registry=registry,
    )


_DRIFT = drift_gauge(REGISTRY)


@dataclass(frozen=True)
class Reconciled:
    created: tuple[str, ...]
    grown: tuple[tuple[str, int], ...]  # (topic, partitions now)
    drift: tuple[Drift, ...]


async def ensure_topics(
    connection: KafkaConnection,
    topics: Sequence[TopicLike],
    *,
    layout: TopicLayout,
    timeout_s: float = 30.0,
) -> Reconciled:
    """Create what is missing, grow what has too few partitions, report the rest.

    Waits until every requested topic shows up in the cluster metadata, so a producer
    started right after this returns finds its topic.
    """
    admin = AIOKafkaAdminClient(
        **connection.client_options(),
        client_id="netra-topics-admin",
        request_timeout_ms=int(timeout_s * 1000),
    )
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        created = await _create(
            admin, [t for t in topics if t.name not in existing], layout, timeout_s
        )
        present = [t for t in topics if t.name in existing]
        grown, drift = await _reconcile(admin, present, layout) if present else ((), ())
        await _wait_visible(admin, [t.name for t in topics], timeout_s)
    finally:
        await admin.close()
    for found in drift:
        _DRIFT.labels(topic=found.topic, setting=found.setting).set(1)
        log.warning("topic_drift", topic=found.topic, setting=found.setting, why=found.message())
    return Reconciled(tuple(created), grown, drift)


async def _create(
    admin: AIOKafkaAdminClient, missing: Sequence[TopicLike], layout: TopicLayout, timeout_s: float
) -> list[str]:
    if not missing:
        return []
    new = [
        NewTopic(
            name=t.name,
            num_partitions=t.partitions,
            replication_factor=layout.replication_factor,
            topic_configs=topic_config(t, layout),
        )
        for t in missing
    ]
    try:
        response = await admin.create_topics(new, timeout_ms=int(timeout_s * 1000))
    except TopicAlreadyExistsError:
        return []
    created: list[str] = []
    errors: list[str] = []
    for name, code, *rest in response.topic_errors:
        if code == 0:
            created.append(name)
        elif code != _TOPIC_ALREADY_EXISTS:
            errors.append(f"{name}: error {code} {rest[0] if rest else ''}")
    if errors:
        raise RuntimeError("could not create topics: " + "; ".join(errors))
    return created


async def _reconcile(
    admin: AIOKafkaAdminClient, present: Sequence[TopicLike], layout: TopicLayout
) -> tuple[tuple[tuple[str, int], ...], tuple[Drift, ...]]:
    found = await _describe(admin, [t.name for t in present])
    grown: list[tuple[str, int]] = []
    drift: list[Drift] = []
    for topic in present:
        comparison = compare(topic, layout, found[topic.name])
        drift.extend(comparison.drift)
        if comparison.grow_to is not None:
            await admin.create_partitions({topic.name: NewPartitions(comparison.grow_to)})
            log.info("topic_partitions_added", topic=topic.name, partitions=comparison.grow_to)
            grown.append((topic.name, comparison.grow_to))
    return tuple(grown), tuple(drift)


async def _describe(admin: AIOKafkaAdminClient, names: list[str]) -> dict[str, FoundTopic]:
    described = await admin.describe_topics(names)
    resources = [ConfigResource(ConfigResourceType.TOPIC, name) for name in names]
    configs: dict[str, dict[str, str]] = {}
    for response in await admin.describe_configs(resources):
        for resource in response.resources:
            # (error_code, error_message, resource_type, resource_name, config_entries);
            # each entry starts (name, value, ...).
            entries: list[Any] = resource[4]
            configs[resource[3]] = {entry[0]: entry[1] for entry in entries}
    found: dict[str, FoundTopic] = {}
    for topic in described:
        partitions = topic.get("partitions", [])
        found[topic["topic"]] = FoundTopic(
            partitions=len(partitions),
            replication_factor=min((len(p["replicas"]) for p in partitions), default=0),
            config=configs.get(topic["topic"], {}),
        )
    return found


async def _wait_visible(admin: AIOKafkaAdminClient, names: list[str], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        present = set(await admin.list_topics())
        absent = [n for n in names if n not in present]
        if not absent:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"topics not visible after {timeout_s}s: {absent}")
        await asyncio.sleep(0.2)


def main() -> int:
    from schemas.topics import TOPICS
    from services.common.settings import ServiceSettings

    settings = ServiceSettings()
    done = asyncio.run(
        ensure_topics(settings.kafka_connection, TOPICS, layout=settings.topic_layout)
    )
    grown = dict(done.grown)
    for topic in TOPICS:
        state = "created" if topic.name in done.created else "exists"
        if topic.name in grown:
            state = "grown"
        print(f"{state:8} {topic.name} (partitions={topic.partitions})")
    for found in done.drift:
        print(f"DRIFT    {found.message()}", file=sys.stderr)
    return DRIFT_EXIT_CODE if done.drift else 0


if __name__ == "__main__":
    sys.exit(main())
