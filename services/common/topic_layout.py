"""What a topic should look like on the cluster, and how an existing one differs (pure).

The registry (schemas/topics.py) gives partitions, retention and cleanup policy per
topic; the deployment gives the replication factor and `min.insync.replicas` (settings:
RF 3 and min ISR 2 in production, so a write acknowledged with acks=all survives the loss
of one broker and a second loss stops writes instead of losing them; 1 and 1 locally).
`compare` tells the topic step what to do with a topic that exists: add partitions when
the registry asks for more (keys move to other partitions for new messages: ordering per
key holds from then on), and report everything else it will not change by itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

MIN_INSYNC = "min.insync.replicas"


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


class TopicLayoutError(ValueError):
    pass


@dataclass(frozen=True)
class TopicLayout:
    replication_factor: int
    min_insync_replicas: int

    def __post_init__(self) -> None:
        if not 1 <= self.min_insync_replicas <= self.replication_factor:
            raise TopicLayoutError(
                f"NETRA_KAFKA_MIN_INSYNC_REPLICAS={self.min_insync_replicas} must be between 1 "
                f"and NETRA_KAFKA_REPLICATION_FACTOR={self.replication_factor}"
            )


# make run and the test sessions: one broker.
SINGLE_BROKER = TopicLayout(replication_factor=1, min_insync_replicas=1)


def topic_config(topic: TopicLike, layout: TopicLayout) -> dict[str, str]:
    config = {"cleanup.policy": topic.cleanup_policy, MIN_INSYNC: str(layout.min_insync_replicas)}
    if topic.retention_ms is not None:
        config["retention.ms"] = str(topic.retention_ms)
    return config


@dataclass(frozen=True)
class FoundTopic:
    """An existing topic as the cluster describes it."""

    partitions: int
    replication_factor: int  # the smallest replica set among its partitions
    config: Mapping[str, str]


@dataclass(frozen=True)
class Drift:
    topic: str
    setting: str
    wanted: str
    found: str

    def message(self) -> str:
        wanted = f"the registry/settings want {self.wanted}"
        return f"{self.topic}: {self.setting} is {self.found}, {wanted}"


@dataclass(frozen=True)
class Comparison:
    grow_to: int | None  # add partitions up to this count
    drift: tuple[Drift, ...]  # what the step leaves for an operator


def compare(topic: TopicLike, layout: TopicLayout, found: FoundTopic) -> Comparison:
    drift: list[Drift] = []

    def differs(setting: str, wanted: str, actual: str) -> None:
        if wanted != actual:
            drift.append(Drift(topic.name, setting, wanted, actual))

    grow_to = topic.partitions if found.partitions < topic.partitions else None
    if found.partitions > topic.partitions:  # never shrunk: Kafka cannot, and keys would move
        differs("partitions", str(topic.partitions), str(found.partitions))
    differs("replication factor", str(layout.replication_factor), str(found.replication_factor))
    for setting, wanted in topic_config(topic, layout).items():
        differs(setting, wanted, found.config.get(setting, "(unset)"))
    return Comparison(grow_to, tuple(drift))
