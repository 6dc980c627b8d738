"""Topic registry: the one place that names every topic, its key, owner and readers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

DAY_MS: Final = 24 * 60 * 60 * 1000

REPORTS_RECEIVED: Final = "netra.reports.received.v1"
REPORTS_TRIAGED: Final = "netra.reports.triaged.v1"
CASES_EVENTS: Final = "netra.cases.events.v1"
NOTIFICATIONS_DELIVERED: Final = "netra.notifications.delivered.v1"
DLQ: Final = "netra.dlq.v1"


@dataclass(frozen=True)
class TopicSpec:
    name: str
    key: str
    producer: str
    consumers: tuple[str, ...]
    event_types: tuple[str, ...]
    schema_version: int = 1
    partitions: int = 3
    retention_ms: int | None = 30 * DAY_MS
    cleanup_policy: str = "delete"
    dlq: str | None = DLQ
    ordering: str = ""
    examples: tuple[str, ...] = field(default=())

    def config(self) -> dict[str, str]:
        settings = {"cleanup.policy": self.cleanup_policy}
        if self.retention_ms is not None:
            settings["retention.ms"] = str(self.retention_ms)
        return settings


TOPICS: Final[tuple[TopicSpec, ...]] = (
    TopicSpec(
        name=REPORTS_RECEIVED,
        key="report_id",
        producer="intake",
        consumers=("triage", "cases"),
        event_types=("report.received",),
        ordering="none needed: each report is independent",
        examples=("report.received.json",),
    ),
    TopicSpec(
        name=REPORTS_TRIAGED,
        key="dedup key (duplicates of one incident share a partition, in order)",
        producer="triage",
        consumers=("cases",),
        event_types=("report.triaged",),
        ordering="per dedup key, so linked reports join their case in arrival order",
        examples=("report.triaged.json",),
    ),
    TopicSpec(
        name=CASES_EVENTS,
        key="case_id",
        producer="cases",
        consumers=("notify",),
        event_types=(
            "case.opened",
            "case.report_linked",
            "case.status_changed",
            "case.deadline_approaching",
            "case.deadline_missed",
            "case.registered",
            "case.forwarded",
            "case.assigned",
            "case.escalated",
            "case.closed",
            "case.report_unlinked",
            "case.triage_corrected",
        ),
        ordering="per case: status changes are applied in the order they happened",
        examples=(
            "case.opened.json",
            "case.report_linked.json",
            "case.status_changed.json",
            "case.deadline_missed.json",
            "case.registered.json",
            "case.forwarded.json",
            "case.assigned.json",
            "case.escalated.json",
            "case.closed.json",
            "case.report_unlinked.json",
            "case.triage_corrected.json",
        ),
    ),
    TopicSpec(
        name=NOTIFICATIONS_DELIVERED,
        key="case_id",
        producer="notify",
        consumers=("cases",),
        event_types=("notification.delivered",),
        examples=("notification.delivered.json",),
    ),
    TopicSpec(
        name=DLQ,
        key="source topic",
        producer="every consumer",
        consumers=("operators (netra dlq replay)",),
        event_types=("dlq.message",),
        retention_ms=90 * DAY_MS,
        dlq=None,
        ordering="none",
    ),
)


def spec(name: str) -> TopicSpec:
    for topic in TOPICS:
        if topic.name == name:
            return topic
    raise KeyError(f"unknown topic {name!r}")
