"""Create the Kafka topics named in the topic registry (schemas/topics.py).

Brokers run with auto.create.topics.enable=false, so every topic a service uses
must be created up front: by `make run` / the test fixtures (deploy/local/stack.py)
or by hand with

    KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092 python -m services.common.topics_admin

Only missing topics are created; existing ones are left as they are (their
partition count and configuration are not changed).
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Sequence
from typing import Protocol

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

# Kafka error code 36: TOPIC_ALREADY_EXISTS (a concurrent creator won the race).
_TOPIC_ALREADY_EXISTS = 36


class TopicLike(Protocol):
    """What topic creation needs from schemas.topics.TopicSpec."""

    @property
    def name(self) -> str: ...
    @property
    def partitions(self) -> int: ...
    @property
    def retention_ms(self) -> int | None: ...
    @property
    def cleanup_policy(self) -> str: ...


def topic_config(topic: TopicLike) -> dict[str, str]:
    config = {"cleanup.policy": topic.cleanup_policy}
    if topic.retention_ms is not None:
        config["retention.ms"] = str(topic.retention_ms)
    return config


async def ensure_topics(
    bootstrap_servers: str,
    topics: Sequence[TopicLike],
    *,
    replication_factor: int = 1,
    timeout_s: float = 30.0,
) -> list[str]:
    """Create the topics that do not exist yet; return the names created.

    Waits until every requested topic shows up in the cluster metadata, so a
    producer started right after this returns finds its topic.
    """
    admin = AIOKafkaAdminClient(
        bootstrap_servers=bootstrap_servers,
        client_id="netra-topics-admin",
        request_timeout_ms=int(timeout_s * 1000),
    )
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in topics if t.name not in existing]
        created: list[str] = []
        if missing:
            new = [
                NewTopic(
                    name=t.name,
                    num_partitions=t.partitions,
                    replication_factor=replication_factor,
                    topic_configs=topic_config(t),
                )
                for t in missing
            ]
            try:
                response = await admin.create_topics(new, timeout_ms=int(timeout_s * 1000))
            except TopicAlreadyExistsError:
                response = None
            errors: list[str] = []
            if response is not None:
                for name, code, *rest in response.topic_errors:
                    if code == 0:
                        created.append(name)
                    elif code != _TOPIC_ALREADY_EXISTS:
                        message = rest[0] if rest else ""
                        errors.append(f"{name}: error {code} {message}")
            if errors:
                raise RuntimeError("could not create topics: " + "; ".join(errors))
        await _wait_visible(admin, [t.name for t in topics], timeout_s)
        return created
    finally:
        await admin.close()


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

    bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
    created = asyncio.run(ensure_topics(bootstrap, TOPICS))
    for topic in TOPICS:
        state = "created" if topic.name in created else "exists"
        print(f"{state:8} {topic.name} (partitions={topic.partitions})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
