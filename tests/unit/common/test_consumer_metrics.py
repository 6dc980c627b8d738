"""The oldest-in-flight and lag gauges are read from each subscriber's view on scrape."""

from __future__ import annotations

import time
from typing import Any

from prometheus_client import REGISTRY

from services.common.consumer_metrics import PartitionView, watch


class FakeKafka:
    def __init__(self, ends: dict[int, int]) -> None:
        self.ends = ends

    def highwater(self, tp: Any) -> int | None:
        return self.ends.get(tp.partition)


def sample(name: str, labels: dict[str, str]) -> float | None:
    return REGISTRY.get_sample_value(name, labels)


def test_age_and_lag_per_assigned_partition() -> None:
    assigned = {0, 1}
    view = watch(
        PartitionView("unit", "netra-unit", "t.unit", assigned=lambda: frozenset(assigned))
    )
    view.kafka = FakeKafka({0: 10, 1: 7})
    view.in_flight(0, int((time.time() - 30) * 1000))  # waiting for 30 s
    view.next_offset[0] = 4
    view.settled(1, 7)

    age = sample(
        "netra_consumer_oldest_in_flight_seconds",
        {"consumer": "unit", "topic": "t.unit", "partition": "0"},
    )
    assert age is not None and 29 <= age <= 60
    idle = {"consumer": "unit", "topic": "t.unit", "partition": "1"}
    assert sample("netra_consumer_oldest_in_flight_seconds", idle) == 0
    lag = {"group": "netra-unit", "topic": "t.unit"}
    assert sample("netra_consumer_lag", {**lag, "partition": "0"}) == 6
    assert sample("netra_consumer_lag", {**lag, "partition": "1"}) == 0

    view.settled(0, 10)
    assigned.discard(1)  # revoked: no longer reported
    assert sample("netra_consumer_lag", {**lag, "partition": "0"}) == 0
    assert sample("netra_consumer_lag", {**lag, "partition": "1"}) is None
    assert sample("netra_consumer_oldest_in_flight_seconds", idle) is None
