"""Consumer metrics: retries, dead letters, published events, the oldest message in flight, and lag.

Counters are counted as things happen. The two gauges are read on scrape from each live
subscriber's view (`PartitionView`), so they are never stale: the age of the oldest
message of a partition not yet handled (Kafka's record timestamp to now), and the lag
(the partition's high watermark, as the last fetch saw it, minus the next offset this
group will commit). `netra lag` (services/common/cli/lag.py) asks the broker instead.
"""

from __future__ import annotations

import functools
import time
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from aiokafka import TopicPartition
from prometheus_client import REGISTRY, Counter
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

RETRIES = Counter(
    "netra_consumer_retries_total",
    "Handler failures that will be tried again, by error class (transient, other)",
    ["consumer", "topic", "error_class"],
)
PUBLISHED = Counter(
    "netra_events_published_total",
    "Events handed to the Kafka producer, by topic (services/common/event_sending.py)",
    ["topic"],
)
DEAD_LETTERS = Counter(
    "netra_dead_letters_total",
    "Messages sent to the DLQ, by reason class (poison, retries_exhausted)",
    ["consumer", "topic", "reason_class"],
)


@functools.cache
def published(topic: str) -> Counter:
    """The topic's child of PUBLISHED, looked up once: `labels` per event was a cost."""
    return PUBLISHED.labels(topic=topic)


class Highwater(Protocol):
    def highwater(self, tp: Any) -> int | None: ...


@dataclass(eq=False)  # held in a WeakSet: identity, not value
class PartitionView:
    """What one subscriber knows of its partitions, kept up to date after every round."""

    consumer: str
    group_id: str
    topic: str
    assigned: Callable[[], frozenset[int]]  # the partitions ready now (the rebalance gate)
    oldest_at: dict[int, float] = field(default_factory=dict)  # partition -> epoch seconds
    next_offset: dict[int, int] = field(default_factory=dict)
    kafka: Highwater | None = None  # aiokafka's consumer, once a batch came

    def in_flight(self, partition: int, timestamp_ms: int) -> None:
        self.oldest_at[partition] = timestamp_ms / 1000

    def settled(self, partition: int, next_offset: int) -> None:
        self.oldest_at.pop(partition, None)
        self.next_offset[partition] = next_offset

    def ages(self, now: float) -> Iterator[tuple[int, float]]:
        for partition in sorted(self.assigned()):
            since = self.oldest_at.get(partition)
            yield partition, 0.0 if since is None else max(0.0, now - since)

    def lags(self) -> Iterator[tuple[int, int]]:
        if self.kafka is None:
            return
        for partition in sorted(self.assigned()):
            end = self.kafka.highwater(TopicPartition(self.topic, partition))
            next_offset = self.next_offset.get(partition)
            if end is not None and next_offset is not None:
                yield partition, max(0, end - next_offset)


class _ViewCollector(Collector):
    def __init__(self) -> None:
        self.views: weakref.WeakSet[PartitionView] = weakref.WeakSet()

    def collect(self) -> Iterable[GaugeMetricFamily]:
        oldest = GaugeMetricFamily(
            "netra_consumer_oldest_in_flight_seconds",
            "Age of the oldest message of the partition not yet handled (0: none waiting)",
            labels=["consumer", "topic", "partition"],
        )
        lag = GaugeMetricFamily(
            "netra_consumer_lag",
            "Messages of the partition this group has not committed yet",
            labels=["group", "topic", "partition"],
        )
        now = time.time()
        for view in list(self.views):
            for partition, age in view.ages(now):
                oldest.add_metric([view.consumer, view.topic, str(partition)], age)
            for partition, behind in view.lags():
                lag.add_metric([view.group_id, view.topic, str(partition)], behind)
        return [oldest, lag]


_COLLECTOR = _ViewCollector()
REGISTRY.register(_COLLECTOR)


def watch(view: PartitionView) -> PartitionView:
    _COLLECTOR.views.add(view)
    return view
