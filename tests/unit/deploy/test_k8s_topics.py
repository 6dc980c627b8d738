"""The Strimzi and KEDA resources generated from the topic registry (deploy/k8s_topics.py)
are the ones in git, and their consumer groups are the ones the services subscribe with."""

from __future__ import annotations

import dataclasses
import re

import pytest
import yaml

from deploy import k8s_topics
from schemas.topics import DLQ, TOPICS
from services.notify.settings import NotifySettings
from tests.unit.deploy.manifests import ROOT


def test_the_generated_files_in_git_are_what_the_registry_gives() -> None:
    assert k8s_topics.stale() == [], "run `python -m deploy.k8s_topics` (make k8s-topics)"


def test_a_registry_change_shows_as_drift(monkeypatch: pytest.MonkeyPatch) -> None:
    """More partitions in the registry: the topics file and the scaler's maximum are stale."""
    more = (dataclasses.replace(TOPICS[0], partitions=6), *TOPICS[1:])
    monkeypatch.setattr(k8s_topics, "TOPICS", more)
    assert set(k8s_topics.stale()) == {
        k8s_topics.BASE / "kafka" / "topics.yaml",
        k8s_topics.BASE / "autoscaling" / "scaledobjects.yaml",
    }


def test_every_registered_topic_is_a_kafka_topic_with_its_partitions_and_retention() -> None:
    docs = list(yaml.safe_load_all((k8s_topics.BASE / "kafka" / "topics.yaml").read_text()))
    by_name = {doc["spec"]["topicName"]: doc for doc in docs if doc}
    assert set(by_name) == {topic.name for topic in TOPICS}
    for topic in TOPICS:
        spec = by_name[topic.name]["spec"]
        assert spec["partitions"] == topic.partitions
        assert spec["replicas"] == 3
        assert spec["config"]["min.insync.replicas"] == 2
        assert spec["config"].get("retention.ms") == (
            None if topic.retention_ms is None else str(topic.retention_ms)
        )


def test_each_topics_consumer_services_have_a_group_on_it_and_no_other() -> None:
    registry = {
        (service, topic.name)
        for topic in TOPICS
        for service in topic.consumers
        if service in k8s_topics.SERVICES
    }
    generated = {
        (service, group.topic)
        for service, groups in k8s_topics.CONSUMER_GROUPS.items()
        for group in groups
    }
    assert generated == registry


def test_the_group_names_are_the_ones_the_consumers_subscribe_with() -> None:
    """Read from services/<svc>/entrypoints/consumer.py: a literal group id, or cases'
    `netra-cases-{event_type}` for each event type it files."""
    for service, groups in k8s_topics.CONSUMER_GROUPS.items():
        source = (ROOT / "services" / service / "entrypoints" / "consumer.py").read_text()
        literal = re.findall(r'group_id=f?"([^"]+)"', source)
        # notify takes its group from a setting (default the production name)
        (pattern,) = literal or [NotifySettings.model_fields["notify_consumer_group"].default]
        pattern = re.sub(r"\{[\w.]*event_type\}", "{event_type}", pattern)  # {sub.event_type}
        if "{event_type}" in pattern:
            expected = {
                pattern.replace("{event_type}", spec.event_types[0])
                for spec in TOPICS
                if spec.name in {g.topic for g in groups}
            }
        else:
            expected = {pattern}
        assert {g.name for g in groups} == expected, service


def _acls(user: str) -> set[tuple[str, str, str]]:
    docs = yaml.safe_load_all((k8s_topics.BASE / "kafka" / "users.yaml").read_text())
    (doc,) = [d for d in docs if d and d["metadata"]["name"] == user]
    return {
        (acl["resource"]["type"], acl["resource"]["name"], op)
        for acl in doc["spec"]["authorization"]["acls"]
        for op in acl["operations"]
    }


def test_each_service_user_writes_what_it_produces_and_reads_what_it_consumes() -> None:
    for service in k8s_topics.SERVICES:
        acls = _acls(f"netra-{service}")
        writes = {name for kind, name, op in acls if kind == "topic" and op == "Write"}
        reads = {name for kind, name, op in acls if kind == "topic" and op == "Read"}
        produced = {t.name for t in TOPICS if t.producer == service}
        consumed = {g.topic for g in k8s_topics.CONSUMER_GROUPS.get(service, ())}
        dlq = {DLQ} if consumed else set()
        assert writes == produced | dlq, service
        assert reads == consumed | set(k8s_topics.GROUPLESS_READS.get(service, ())), service
    assert not any(op == "Read" for _, _, op in _acls("netra-intake"))
    assert {op for _, _, op in _acls("netra-keda")} == {"Describe"}
