"""Watching the pipeline from outside: Kafka consumers of its output topics, no store scans.

`case.opened` (netra.cases.events.v1) carries the report id and the routes; each
`notification.delivered` (netra.notifications.delivered.v1) names the case, the route and
the channel. A report is a case when its `case.opened` is seen; it is notified when every
route of that case has a delivered notification on every channel the matrix tells routed
authorities of a new case on (webhook and email: a channel whose sends stall is seen).
An event's time is its record's timestamp: when the service handed it to its producer,
after the case was written or the delivery answered, put on this process's monotonic clock
(the one the poster stamps requests with). It does not depend on when this observer
fetched the record, so the observer fetches only every `OBSERVER_FETCH_WAIT_MS`: at 20 ms
its fetches alone cost the broker about 8% of a core (14.8% at rest against 7.4%).

The consumers use no group and start at the topics' end offsets taken before the first
post, so an earlier run's events on a long-lived broker are never counted.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from schemas import topics
from schemas.events import CASE_OPENED, CASE_REPORT_LINKED, NOTIFICATION_DELIVERED
from services.notify.adapters.matrix_file import PACKAGED_MATRIX, load_matrix
from services.notify.domain.matrix import Party

DELIVERED = "delivered"
OBSERVER_FETCH_WAIT_MS = 200
# Asked of every fetch: with the default (1 byte) a busy pipeline answered each fetch at
# once, and the observer fetched as fast as the broker replied (Kafka's and this process's
# CPU, taken from the services measured). Never reached at these rates: a fetch returns
# after the wait, at most 5 per second; the times taken do not depend on it.
OBSERVER_FETCH_MIN_BYTES = 1024 * 1024


def record_time(timestamp_ms: int, *, seen: float, wall_minus_monotonic: float) -> float:
    """The record's timestamp on the monotonic clock; never later than when it was seen
    (a wall clock stepped during the run)."""
    return min(seen, timestamp_ms / 1000 - wall_minus_monotonic)


@dataclass(frozen=True)
class Opened:
    case_id: str
    at: float
    event_id: str


def route_channels() -> tuple[str, ...]:
    """The channels the packaged matrix tells each route of a new case on."""
    matrix = load_matrix(PACKAGED_MATRIX)
    return tuple(
        channel.value
        for tell in matrix.tells(CASE_OPENED, None, frozenset())
        if tell.party == Party.ROUTED_AUTHORITIES
        for channel in tell.channels
    )


@dataclass
class Observations:
    opened: dict[str, list[Opened]] = field(default_factory=lambda: defaultdict(list))
    routes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    linked: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # case -> (route, channel) -> when delivered
    delivered: dict[str, dict[tuple[str, str], float]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    failed: dict[str, set[tuple[str, str]]] = field(default_factory=lambda: defaultdict(set))
    messages: int = 0
    channels: tuple[str, ...] = ("webhook",)  # what every route must get

    def case_of(self, report_id: str) -> Opened | None:
        seen = self.opened.get(report_id)
        return seen[0] if seen else None

    def cases_of(self, report_id: str) -> set[str]:
        """Every case the report is on: the one it opened and any it was linked to."""
        opened = {o.case_id for o in self.opened.get(report_id, ())}
        return opened | self.linked.get(report_id, set())

    def notified_at(self, case_id: str) -> float | None:
        """When the last route of the case got its last channel's delivery; None until all
        have."""
        done = [self.channel_done_at(case_id, channel) for channel in self.channels]
        if not done or None in done:
            return None
        return max(t for t in done if t is not None)

    def channel_done_at(self, case_id: str, channel: str) -> float | None:
        """When the last route of the case got `channel`; None until all have."""
        routes = self.routes.get(case_id)
        times = self.delivered.get(case_id, {})
        if not routes or any((route, channel) not in times for route in routes):
            return None
        return max(times[(route, channel)] for route in routes)

    def take(self, value: bytes, at: float) -> None:
        self.messages += 1
        try:
            event: dict[str, Any] = orjson.loads(value)
            kind, data = event["type"], event["data"]
        except (ValueError, KeyError, TypeError):
            return
        if kind == CASE_OPENED:
            case_id = str(data["case_id"])
            self.opened[str(data["report_id"])].append(Opened(case_id, at, str(event["id"])))
            self.routes[case_id] = tuple(data.get("routes") or ())
        elif kind == CASE_REPORT_LINKED:
            self.linked[str(data["report_id"])].add(str(data["case_id"]))
        elif kind == NOTIFICATION_DELIVERED and data.get("source_event_type") == CASE_OPENED:
            case_id = str(data["case_id"])
            key = (str(data["recipient"]), str(data.get("channel", "webhook")))
            if data.get("status") == DELIVERED:
                self.delivered[case_id].setdefault(key, at)
            else:
                self.failed[case_id].add(key)


async def partitions_of(bootstrap: str, names: tuple[str, ...]) -> list[TopicPartition]:
    """Every partition of the topics, from the cluster (a consumer without a group only
    knows the metadata of topics it already fetched from)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        described = await admin.describe_topics(list(names))
    finally:
        await admin.close()
    found = [
        TopicPartition(str(topic["topic"]), int(partition["partition"]))
        for topic in described
        for partition in topic["partitions"]
    ]
    missing = set(names) - {p.topic for p in found}
    if missing:
        raise RuntimeError(f"topics without partitions: {sorted(missing)}")
    return sorted(found)


class PipelineObserver:
    """Consumes the pipeline's output topics into `Observations` until stopped."""

    TOPICS = (topics.CASES_EVENTS, topics.NOTIFICATIONS_DELIVERED)

    def __init__(self, bootstrap: str, *, fetch_wait_ms: int = OBSERVER_FETCH_WAIT_MS) -> None:
        """`fetch_wait_ms`: how late it may see an event; the times taken do not depend on
        it, but a caller that acts on what it has seen so far (tests/faults, which injects
        a fault while cases are in flight) wants it short."""
        self.seen = Observations(channels=route_channels())
        self._bootstrap = bootstrap
        self._consumer = AIOKafkaConsumer(
            bootstrap_servers=bootstrap,
            group_id=None,
            enable_auto_commit=False,
            max_partition_fetch_bytes=4 * 1024 * 1024,
            fetch_max_wait_ms=fetch_wait_ms,
            fetch_min_bytes=OBSERVER_FETCH_MIN_BYTES,
        )
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        consumer = self._consumer
        await consumer.start()
        partitions = await partitions_of(self._bootstrap, self.TOPICS)
        consumer.assign(partitions)
        for partition, offset in (await consumer.end_offsets(partitions)).items():
            consumer.seek(partition, offset)
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        wall_minus_monotonic = time.time() - time.monotonic()
        while True:
            batches = await self._consumer.getmany(timeout_ms=200, max_records=5_000)
            now = time.monotonic()
            for messages in batches.values():
                for message in messages:
                    if message.value is not None:
                        at = record_time(
                            message.timestamp, seen=now, wall_minus_monotonic=wall_minus_monotonic
                        )
                        self.seen.take(message.value, at)

    def check(self) -> None:
        """Raise what ended the consumer loop, if it ended."""
        if self._task is not None and self._task.done() and not self._task.cancelled():
            self._task.result()

    async def stop(self) -> None:
        """Idempotent."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._consumer.stop()
