"""`OffsetCommits`: done offsets committed at a pace, and never lost at a rebalance or stop."""

from __future__ import annotations

import asyncio
from typing import Any

from aiokafka import ConsumerRecord, TopicPartition
from aiokafka.errors import CommitFailedError

from services.common.offset_commits import OffsetCommits
from services.common.partitions import PartitionGate

TOPIC = "t"


class FakeKafka:
    """What `OffsetCommits` uses of a consumer: `commit`, recorded in order."""

    def __init__(self, *, failing: bool = False, takes_s: float = 0.0) -> None:
        self.commits: list[dict[int, int]] = []
        self.failing = failing
        self.takes_s = takes_s

    async def commit(self, offsets: dict[TopicPartition, int]) -> None:
        if self.failing:
            raise CommitFailedError("group rebalanced")
        await asyncio.sleep(self.takes_s)
        self.commits.append({tp.partition: offset for tp, offset in offsets.items()})


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def records(*positions: tuple[int, int]) -> list[ConsumerRecord[Any, Any]]:
    return [ConsumerRecord(TOPIC, p, o, 0, 0, None, b"", None, 0, 0, []) for p, o in positions]


async def commits_made(kafka: FakeKafka, count: int) -> None:
    """Until `kafka` has been asked to commit `count` times (1 s at most)."""
    for _ in range(100):
        if len(kafka.commits) >= count:
            return
        await asyncio.sleep(0.01)


def paced(interval_s: float = 0.5) -> tuple[OffsetCommits, Clock]:
    clock = Clock()
    return OffsetCommits(interval_s, asyncio.Lock(), clock=clock), clock


async def test_the_first_batch_commits_at_once_and_one_inside_the_interval_waits() -> None:
    commits, clock = paced()
    kafka: Any = FakeKafka()
    await commits.done(kafka, records((0, 0), (0, 1), (1, 0)))
    clock.now += 0.1
    await commits.done(kafka, records((0, 2)))
    assert kafka.commits == [{0: 2, 1: 1}]
    assert commits.pending == {TopicPartition(TOPIC, 0): 3}
    clock.now += 0.4  # due: the next batch commits its own and what waited
    await commits.done(kafka, records((1, 1)))
    assert kafka.commits == [{0: 2, 1: 1}, {0: 3, 1: 2}]
    assert commits.pending == {}


async def test_what_waits_is_committed_by_the_timer_when_no_batch_comes() -> None:
    commits = OffsetCommits(0.05, asyncio.Lock())
    kafka: Any = FakeKafka()
    await commits.done(kafka, records((0, 0)))
    await commits.done(kafka, records((0, 1), (0, 2)))
    assert kafka.commits == [{0: 1}]
    await commits_made(kafka, 2)
    assert kafka.commits == [{0: 1}, {0: 3}]
    assert commits.pending == {}


async def test_the_timer_waits_for_the_batch_in_hand() -> None:
    commits = OffsetCommits(0.02, asyncio.Lock())
    kafka: Any = FakeKafka()
    await commits.done(kafka, records((0, 0)))
    async with commits.lock:  # a batch (or a rebalance hook) holds the gate
        await commits.done(kafka, records((0, 1)))
        await asyncio.sleep(0.1)
        assert kafka.commits == [{0: 1}]
    await commits_made(kafka, 2)
    assert kafka.commits == [{0: 1}, {0: 2}]


async def test_settle_commits_what_waits_and_then_every_batch_at_once() -> None:
    commits, _ = paced(interval_s=60)
    kafka: Any = FakeKafka()
    await commits.done(kafka, records((0, 0)))
    await commits.done(kafka, records((0, 1)))
    await commits.settle()
    assert kafka.commits == [{0: 1}, {0: 2}]
    await commits.done(kafka, records((0, 2)))  # in hand at the stop
    assert kafka.commits == [{0: 1}, {0: 2}, {0: 3}]


async def test_settle_lets_a_commit_the_timer_has_in_flight_finish() -> None:
    commits = OffsetCommits(0.02, asyncio.Lock())
    kafka: Any = FakeKafka()
    await commits.done(kafka, records((0, 0)))  # commits at once
    kafka.takes_s = 0.2
    await commits.done(kafka, records((0, 1)))  # waits for the timer
    await asyncio.sleep(0.1)  # the timer's flush: (0, 1) taken out of pending, in flight
    assert commits.pending == {}
    await commits.settle()
    assert kafka.commits == [{0: 1}, {0: 2}]


async def test_a_restarted_consumer_does_not_commit_what_the_old_one_read() -> None:
    commits, _ = paced(interval_s=60)
    old: Any = FakeKafka()
    new: Any = FakeKafka()
    await commits.done(old, records((0, 0)))
    await commits.done(old, records((0, 1)))  # waits
    await commits.done(new, records((1, 5)))
    await commits.settle()
    assert old.commits == [{0: 1}]
    assert new.commits == [{1: 6}]


async def test_a_failed_commit_is_logged_and_dropped() -> None:
    commits, _ = paced()
    kafka: Any = FakeKafka(failing=True)
    await commits.done(kafka, records((0, 0)))
    assert kafka.commits == [] and commits.pending == {}


async def test_the_gate_commits_what_waits_before_its_on_revoked_hook() -> None:
    seen_at_revoke: list[list[dict[int, int]]] = []
    kafka: Any = FakeKafka()

    async def on_revoked(partitions: frozenset[int]) -> None:
        seen_at_revoke.append(list(kafka.commits))

    gate = PartitionGate(
        TOPIC, on_assigned=None, on_revoked=on_revoked, retry_backoff_s=0.1, commit_interval_s=60
    )
    await gate.commits.done(kafka, records((0, 0)))
    await gate.commits.done(kafka, records((0, 1), (2, 7)))
    await gate.on_partitions_revoked([TopicPartition(TOPIC, 0), TopicPartition(TOPIC, 2)])
    assert seen_at_revoke == [[{0: 1}, {0: 2, 2: 8}]]
