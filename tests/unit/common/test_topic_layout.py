"""The topic step's comparison: grow partitions the registry asks for, report the rest,
never shrink (services/common/topic_layout.py)."""

from __future__ import annotations

from schemas import topics
from services.common.topic_layout import (
    SINGLE_BROKER,
    FoundTopic,
    TopicLayout,
    compare,
    topic_config,
)

CLUSTER = TopicLayout(replication_factor=3, min_insync_replicas=2)
TRIAGED = topics.spec(topics.REPORTS_TRIAGED)


def as_created(layout: TopicLayout, partitions: int = TRIAGED.partitions) -> FoundTopic:
    return FoundTopic(partitions, layout.replication_factor, topic_config(TRIAGED, layout))


def test_a_topic_as_the_step_creates_it_has_no_drift() -> None:
    for layout in (CLUSTER, SINGLE_BROKER):
        comparison = compare(TRIAGED, layout, as_created(layout))
        assert (comparison.grow_to, comparison.drift) == (None, ())


def test_fewer_partitions_than_the_registry_are_grown_not_reported() -> None:
    comparison = compare(TRIAGED, CLUSTER, as_created(CLUSTER, partitions=1))
    assert comparison.grow_to == TRIAGED.partitions and comparison.drift == ()


def test_more_partitions_than_the_registry_are_reported_never_shrunk() -> None:
    comparison = compare(TRIAGED, CLUSTER, as_created(CLUSTER, partitions=12))
    assert comparison.grow_to is None
    [drift] = comparison.drift
    assert (drift.setting, drift.wanted, drift.found) == ("partitions", "3", "12")


def test_a_single_broker_topic_on_a_cluster_reports_rf_and_min_isr() -> None:
    comparison = compare(TRIAGED, CLUSTER, as_created(SINGLE_BROKER))
    assert {(d.setting, d.wanted, d.found) for d in comparison.drift} == {
        ("replication factor", "3", "1"),
        ("min.insync.replicas", "2", "1"),
    }
    assert all(d.topic == TRIAGED.name for d in comparison.drift)
    assert "replication factor is 1, the registry/settings want 3" in comparison.drift[0].message()


def test_retention_changed_by_hand_is_reported() -> None:
    found = as_created(CLUSTER)
    config = {**found.config, "retention.ms": "3600000"}
    comparison = compare(TRIAGED, CLUSTER, FoundTopic(found.partitions, 3, config))
    [drift] = comparison.drift
    assert (drift.setting, drift.found) == ("retention.ms", "3600000")
    assert drift.wanted == str(TRIAGED.retention_ms)
