"""`subscribe_batch` on a real broker: order, poison, redelivery, assignment, batch size."""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from faststream.kafka import KafkaBroker
from pymongo.errors import AutoReconnect

from schemas import topics
from schemas.cases import CaseReportLinked
from schemas.codec import encode
from schemas.envelope import Envelope, utcnow
from schemas.events import CASE_REPORT_LINKED
from services.common.failures import RetryPolicy
from services.common.kafka import SESSION_TIMEOUT_MS, BatchHandler, Consumed, subscribe_batch
from services.common.kafka_connection import plaintext
from services.common.offset_commits import COMMIT_INTERVAL_S, settle_commits
from services.common.partitions import PartitionsHook
from services.common.topic_layout import SINGLE_BROKER
from services.common.topics_admin import ensure_topics
from tests.infra import SessionInfra

pytestmark = pytest.mark.integration
ACCEPT = frozenset({CASE_REPORT_LINKED})
POISON = b"{not an envelope"
FAST_RETRY = RetryPolicy(max_attempts=3, backoff_base_s=0.1, backoff_max_s=0.5)


@dataclass(frozen=True)
class Spec:
    name: str
    partitions: int
    retention_ms: int | None = 3_600_000
    cleanup_policy: str = "delete"


@dataclass
class Scene:
    infra: SessionInfra
    topic: str
    group_id: str = field(default_factory=lambda: f"test-batch-{uuid.uuid4().hex[:8]}")


async def scene(infra: SessionInfra, partitions: int) -> Scene:
    topic = f"test.batch.{uuid.uuid4().hex[:10]}"
    await ensure_topics(
        plaintext(infra.kafka_bootstrap), [Spec(topic, partitions)], layout=SINGLE_BROKER
    )
    return Scene(infra, topic)


def linked(n: int) -> Envelope[CaseReportLinked]:
    data = CaseReportLinked(
        case_id="CASE-1", report_id=f"RPT-{n}", linked_at=utcnow(), linked_reports=n
    )
    return Envelope[CaseReportLinked](
        source="netra/test", type=CASE_REPORT_LINKED, subject="CASE-1", data=data
    )


async def produce(scene: Scene, values: Sequence[tuple[int, bytes]]) -> None:
    """(partition, value) pairs, sent in order and acknowledged."""
    producer = AIOKafkaProducer(bootstrap_servers=scene.infra.kafka_bootstrap, acks="all")
    await producer.start()
    try:
        for partition, value in values:
            await producer.send_and_wait(scene.topic, value, key=b"k", partition=partition)
    finally:
        await producer.stop()


@contextlib.asynccontextmanager
async def consuming(
    scene: Scene,
    handler: BatchHandler,
    *,
    max_records: int = 100,
    on_assigned: PartitionsHook | None = None,
    on_revoked: PartitionsHook | None = None,
    retry: RetryPolicy = FAST_RETRY,
    session_timeout_ms: int = SESSION_TIMEOUT_MS,
    commit_interval_s: float = COMMIT_INTERVAL_S,
    max_wait_ms: int = 20,
    idle_wait_ms: int | None = None,
) -> AsyncIterator[KafkaBroker]:
    """A broker with one batch subscriber on the scene's topic, started and, at the end,
    stopped as services.common.runtime stops a service."""
    broker = KafkaBroker(scene.infra.kafka_bootstrap, logger=None)
    subscribe_batch(
        broker,
        scene.topic,
        group_id=scene.group_id,
        consumer="test",
        accept=ACCEPT,
        handler=handler,
        max_records=max_records,
        max_wait_ms=max_wait_ms,
        retry=retry,
        on_assigned=on_assigned,
        on_revoked=on_revoked,
        session_timeout_ms=session_timeout_ms,
        commit_interval_s=commit_interval_s,
        idle_wait_ms=idle_wait_ms,
    )
    await broker.start()
    try:
        yield broker
    finally:
        await settle_commits(broker)
        await broker.stop()


async def until(condition: Callable[[], bool], timeout_s: float = 30.0) -> None:
    for _ in range(int(timeout_s / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not met in time")


async def until_committed(scene: Scene, expected: dict[int, int]) -> None:
    for _ in range(300):
        if await committed(scene) == expected:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"committed {await committed(scene)}, expected {expected}")


async def committed(scene: Scene) -> dict[int, int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=scene.infra.kafka_bootstrap)
    await admin.start()
    try:
        offsets = await admin.list_consumer_group_offsets(scene.group_id)
    finally:
        await admin.close()
    return {tp.partition: meta.offset for tp, meta in offsets.items() if tp.topic == scene.topic}


async def test_a_batch_arrives_in_partition_order_and_max_records_is_honoured(
    infra: SessionInfra,
) -> None:
    s = await scene(infra, partitions=3)
    sent = {p: [linked(p * 100 + n) for n in range(20)] for p in range(3)}
    await produce(s, [(p, encode(sent[p][n])) for n in range(20) for p in range(3)])
    batches: list[list[Consumed]] = []

    async def handler(batch: Sequence[Consumed]) -> None:
        batches.append(list(batch))

    async with consuming(s, handler, max_records=7):
        await until(lambda: sum(map(len, batches)) == 60)
        await until_committed(s, {0: 20, 1: 20, 2: 20})
    assert all(1 <= len(b) <= 7 for b in batches)
    for batch in batches:  # within a batch, each partition's records stay in offset order
        for p in range(3):
            offsets = [c.offset for c in batch if c.partition == p]
            assert offsets == sorted(offsets)
    for p, events in sent.items():
        got = [c for b in batches for c in b if c.partition == p]
        assert [c.offset for c in got] == list(range(20))
        assert [c.envelope.id for c in got] == [e.id for e in events]
        assert {c.topic for c in got} == {s.topic} and {c.key for c in got} == {"k"}


async def test_poison_in_a_batch_is_dead_lettered_and_the_rest_handled(
    infra: SessionInfra,
) -> None:
    s = await scene(infra, partitions=1)
    good = [linked(1), linked(2)]
    await produce(s, [(0, encode(good[0])), (0, POISON), (0, encode(good[1]))])
    handled: list[Consumed] = []

    async def handler(batch: Sequence[Consumed]) -> None:
        handled.extend(batch)

    async with consuming(s, handler):
        await until(lambda: len(handled) == 2)
        await until_committed(s, {0: 3})
    assert [c.envelope.id for c in handled] == [e.id for e in good]
    letters = await dead_letters_of(infra, s.topic)
    assert [(letter["offset"], letter["consumer"]) for letter in letters] == [(1, "test")]


async def test_a_failing_handler_gets_the_batch_again_and_nothing_is_committed_before(
    infra: SessionInfra,
) -> None:
    s = await scene(infra, partitions=1)
    events = [linked(n) for n in range(5)]
    await produce(s, [(0, encode(e)) for e in events])
    calls: list[list[uuid.UUID]] = []
    committed_during: list[dict[int, int]] = []

    async def handler(batch: Sequence[Consumed]) -> None:
        calls.append([c.envelope.id for c in batch])
        committed_during.append(await committed(s))
        if len(calls) <= 2:
            raise AutoReconnect("store unavailable")  # transient: the whole batch waits

    everything = [e.id for e in events]
    async with consuming(s, handler):
        await until(lambda: [i for call in calls[2:] for i in call] == everything)
        await until_committed(s, {0: 5})
    assert calls[0] == calls[1] == everything[: len(calls[0])]
    assert committed_during[:2] == [{}, {}]


async def test_on_assigned_completes_before_the_first_batch_of_its_partitions(
    infra: SessionInfra,
) -> None:
    s = await scene(infra, partitions=3)
    await produce(s, [(p, encode(linked(p))) for p in range(3)])
    loaded: set[int] = set()
    seen_before_loaded: list[int] = []
    handled: list[Consumed] = []

    async def on_assigned(partitions: frozenset[int]) -> None:
        await asyncio.sleep(1.0)  # e.g. rebuilding state from the store
        loaded.update(partitions)

    async def handler(batch: Sequence[Consumed]) -> None:
        seen_before_loaded.extend(c.partition for c in batch if c.partition not in loaded)
        handled.extend(batch)

    async with consuming(s, handler, on_assigned=on_assigned):
        await until(lambda: len(handled) == 3)
    assert loaded == {0, 1, 2}
    assert seen_before_loaded == []


@dataclass
class Member:
    """One consumer of the group: what its hooks were told and what it handled."""

    owned: set[int] = field(default_factory=set)
    hooks: list[tuple[str, frozenset[int]]] = field(default_factory=list)
    handled: list[Consumed] = field(default_factory=list)
    foreign: list[int] = field(default_factory=list)  # handled while not owned

    async def assigned(self, partitions: frozenset[int]) -> None:
        self.hooks.append(("assigned", partitions))
        self.owned = set(partitions)

    async def revoked(self, partitions: frozenset[int]) -> None:
        self.hooks.append(("revoked", partitions))
        self.owned = set()

    async def handle(self, batch: Sequence[Consumed]) -> None:
        self.foreign.extend(c.partition for c in batch if c.partition not in self.owned)
        self.handled.extend(batch)


async def test_a_rebalance_revokes_then_assigns_and_no_batch_crosses_it(
    infra: SessionInfra,
) -> None:
    s = await scene(infra, partitions=3)
    first = [linked(n) for n in range(30)]
    await produce(s, [(n % 3, encode(e)) for n, e in enumerate(first)])
    a, b = Member(), Member()
    async with consuming(s, a.handle, on_assigned=a.assigned, on_revoked=a.revoked):
        await until(lambda: len(a.handled) == 30)
        async with consuming(s, b.handle, on_assigned=b.assigned, on_revoked=b.revoked):
            await until(lambda: bool(a.owned) and bool(b.owned) and a.owned | b.owned == {0, 1, 2})
            second = [linked(100 + n) for n in range(30)]
            await produce(s, [(n % 3, encode(e)) for n, e in enumerate(second)])
            everything = {e.id for e in first + second}
            await until(lambda: {c.envelope.id for c in a.handled + b.handled} >= everything)
            assert not a.owned & b.owned
    assert a.hooks[:3] == [
        ("assigned", frozenset({0, 1, 2})),
        ("revoked", frozenset({0, 1, 2})),
        ("assigned", frozenset(a.hooks[2][1])),
    ]
    assert b.hooks[0][0] == "assigned"
    assert a.foreign == [] and b.foreign == []


async def test_offsets_held_back_by_the_pace_are_committed_at_a_graceful_stop(
    infra: SessionInfra,
) -> None:
    s = await scene(infra, partitions=1)
    handled: list[Consumed] = []

    async def handler(batch: Sequence[Consumed]) -> None:
        handled.extend(batch)

    async with consuming(s, handler, commit_interval_s=60):
        await produce(s, [(0, encode(linked(n))) for n in range(2)])
        await until(lambda: len(handled) == 2)
        await until_committed(s, {0: 2})  # the first batch commits at once
        await produce(s, [(0, encode(linked(n))) for n in range(2, 5)])
        await until(lambda: len(handled) == 5)
        await asyncio.sleep(0.5)
        assert await committed(s) == {0: 2}  # held back: the next commit is not due
    assert await committed(s) == {0: 5}


async def test_offsets_held_back_by_the_pace_are_committed_before_a_rebalance_moves_them(
    infra: SessionInfra,
) -> None:
    s = await scene(infra, partitions=2)
    a, b = Member(), Member()
    first = [linked(n) for n in range(2)]
    later = [linked(10 + n) for n in range(6)]
    async with consuming(
        s, a.handle, on_assigned=a.assigned, on_revoked=a.revoked, commit_interval_s=60
    ):
        await produce(s, [(n % 2, encode(e)) for n, e in enumerate(first)])
        await until(lambda: len(a.handled) == 2)
        await until_committed(s, {0: 1, 1: 1})
        await produce(s, [(n % 2, encode(e)) for n, e in enumerate(later)])
        await until(lambda: len(a.handled) == 8)
        assert await committed(s) == {0: 1, 1: 1}
        async with consuming(
            s, b.handle, on_assigned=b.assigned, on_revoked=b.revoked, commit_interval_s=60
        ):
            await until(lambda: bool(a.owned) and bool(b.owned))
            assert await committed(s) == {0: 4, 1: 4}  # a's revocation committed them
            await asyncio.sleep(1.0)
    assert b.handled == []  # nothing a had done was read again by b
    assert a.foreign == []


async def dead_letters_of(infra: SessionInfra, source_topic: str) -> list[dict[str, Any]]:
    """The DLQ's letters from `source_topic`, read until one came and the topic went quiet."""
    consumer = AIOKafkaConsumer(
        topics.DLQ,
        bootstrap_servers=infra.kafka_bootstrap,
        auto_offset_reset="earliest",
        group_id=f"test-dlq-{uuid.uuid4().hex}",
        enable_auto_commit=False,
    )
    await consumer.start()
    letters: list[dict[str, Any]] = []
    try:
        for _ in range(120):
            fetched = await consumer.getmany(timeout_ms=500)
            for record in (r for records in fetched.values() for r in records):
                letter = json.loads(record.value)["data"]
                if letter["source_topic"] == source_topic:
                    letters.append(letter)
            if letters and not fetched:
                break
        return letters
    finally:
        await consumer.stop()


async def test_an_on_assigned_longer_than_the_session_timeout_runs_once_and_keeps_the_member(
    infra: SessionInfra,
) -> None:
    # aiokafka stops heartbeating while its listener runs: a rebuild longer than the
    # session timeout used to get the member expelled, reassigned and rebuilt for ever.
    # The broker's smallest session timeout (6 s) keeps the test short.
    s = await scene(infra, partitions=2)
    await produce(s, [(p, encode(linked(p))) for p in range(2)])
    calls: list[frozenset[int]] = []
    handled: list[Consumed] = []

    async def on_assigned(partitions: frozenset[int]) -> None:
        calls.append(partitions)
        await asyncio.sleep(8.0)  # past the 6 s session timeout

    async def handler(batch: Sequence[Consumed]) -> None:
        handled.extend(batch)

    async with consuming(s, handler, on_assigned=on_assigned, session_timeout_ms=6_000):
        await until(lambda: len(handled) == 2, timeout_s=60.0)
        await asyncio.sleep(4.0)  # an expelled member would have been told by now
    assert calls == [frozenset({0, 1})]
