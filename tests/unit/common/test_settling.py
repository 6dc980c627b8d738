"""The retry/narrowing policy on fakes: the culprit alone is dead-lettered, order holds,
transient errors wait without dead-lettering, and no message is tried past the bound."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pymongo.errors import ServerSelectionTimeoutError

from schemas.codec import InvalidEvent
from services.common.consuming import split
from services.common.failures import ErrorClass, RetryPolicy
from services.common.settling import Failure, Outcome, Position, Settler

POLICY = RetryPolicy(max_attempts=3, backoff_base_s=0.1, backoff_max_s=1.0)


@dataclass(frozen=True)
class Msg:
    partition: int
    offset: int


@dataclass
class Scene:
    """A fake handler and DLQ; `fails(msg)` returns the exception a message raises, or None."""

    fails: Callable[[Msg], BaseException | None]
    calls: list[list[Msg]] = field(default_factory=list)
    handled: list[Msg] = field(default_factory=list)  # in the order of successful calls
    letters: list[tuple[Position, Failure]] = field(default_factory=list)
    retries: list[ErrorClass] = field(default_factory=list)
    dlq_down: int = 0  # the next n dead-letter publishes fail

    async def handle(self, batch: Sequence[Msg]) -> None:
        self.calls.append(list(batch))
        for msg in batch:
            if (exc := self.fails(msg)) is not None:
                raise exc
        self.handled.extend(batch)

    async def dead_letter(self, where: Position, failure: Failure) -> None:
        if self.dlq_down:
            self.dlq_down -= 1
            raise ConnectionRefusedError("broker away")
        self.letters.append((where, failure))

    def settler(self) -> Settler[Msg]:
        return Settler[Msg](self.handle, self.dead_letter, POLICY, lambda: 0.5, self.retries.append)


def batch(partitions: int, per_partition: int) -> list[Msg]:
    return [Msg(p, o) for p in range(partitions) for o in range(per_partition)]


async def until_done(settler: Settler[Msg], items: list[Msg], rounds: int = 20) -> list[Outcome]:
    """What the consumer loop does: settle, keep each partition's done prefix, re-read the rest."""
    outcomes = []
    for _ in range(rounds):
        outcome = await settler.settle(items, [])
        outcomes.append(outcome)
        by_position = {(m.partition, m.offset): m for m in items}
        _, rest = split_msgs(items, outcome.done)
        items = [by_position[(m.partition, m.offset)] for m in rest]
        if not items:
            return outcomes
    raise AssertionError(f"not done after {rounds} rounds: {items}")


def split_msgs(items: list[Msg], done: frozenset[Position]) -> tuple[list[Msg], list[Msg]]:
    prefix, rest = split(items, done)  # a Msg has a record's shape
    return list(prefix), list(rest)


def in_order_per_partition(handled: list[Msg]) -> bool:
    last: dict[int, int] = {}
    for msg in handled:
        if msg.offset < last.get(msg.partition, -1):
            return False
        last[msg.partition] = msg.offset
    return True


async def test_a_good_batch_is_one_call_and_all_done() -> None:
    scene = Scene(fails=lambda m: None)
    items = batch(3, 10)
    outcome = await scene.settler().settle(items, [])
    assert len(scene.calls) == 1 and outcome.pause_s == 0
    assert outcome.done == {(m.partition, m.offset) for m in items}


async def test_one_bad_message_is_retried_to_the_bound_then_only_it_is_dead_lettered() -> None:
    culprit = Msg(1, 4)
    scene = Scene(fails=lambda m: RuntimeError("bug") if m == culprit else None)
    items = batch(3, 10)
    settler = scene.settler()
    outcomes = await until_done(settler, items)

    assert [where for where, _ in scene.letters] == [(1, 4)]
    failure = scene.letters[0][1]
    assert failure.error_class is ErrorClass.OTHER and failure.error_type == "RuntimeError"
    assert failure.attempts == POLICY.max_attempts and failure.digest
    assert sorted(set(scene.handled), key=lambda m: (m.partition, m.offset)) == [
        m for m in items if m != culprit
    ]
    assert in_order_per_partition(scene.handled)
    alone = [c for c in scene.calls if c == [culprit]]
    containing = [c for c in scene.calls if culprit in c]
    assert len(alone) == POLICY.max_attempts
    assert len(containing) <= POLICY.max_attempts + math.ceil(math.log2(len(items))) + 1
    # the first round already handled everything of the other partitions and before it
    assert outcomes[0].done >= {(p, o) for p in (0, 2) for o in range(10)} | {(1, 0), (1, 3)}
    assert (1, 5) not in outcomes[0].done and outcomes[0].pause_s == 0
    assert list(outcomes[0].blocked) == [1] and outcomes[0].blocked[1] > 0
    assert scene.retries == [ErrorClass.OTHER] * (POLICY.max_attempts - 1)


async def test_poison_raised_by_the_handler_is_dead_lettered_at_once() -> None:
    culprits = {Msg(0, 2), Msg(0, 7)}
    scene = Scene(fails=lambda m: InvalidEvent("bad payload") if m in culprits else None)
    outcome = await scene.settler().settle(batch(1, 10), [])
    assert {where for where, _ in scene.letters} == {(0, 2), (0, 7)}
    assert all(f.error_class is ErrorClass.POISON and f.attempts == 1 for _, f in scene.letters)
    assert len(outcome.done) == 10 and outcome.pause_s == 0
    assert in_order_per_partition(scene.handled) and len(set(scene.handled)) == 8


async def test_a_transient_error_waits_longer_each_time_and_never_dead_letters() -> None:
    outage = {"left": 4}

    def fails(msg: Msg) -> BaseException | None:
        if outage["left"]:
            outage["left"] -= 1
            return ServerSelectionTimeoutError("store down")
        return None

    scene = Scene(fails=fails)
    settler = scene.settler()
    items = batch(2, 5)
    outcomes = await until_done(settler, items)
    assert scene.letters == []
    pauses = [o.pause_s for o in outcomes[:-1]]
    assert len(pauses) == 4 and pauses == sorted(pauses) and pauses[0] < pauses[-1]
    assert max(pauses) <= POLICY.backoff_max_s
    assert outcomes[-1].done == {(m.partition, m.offset) for m in items}
    assert settler.transient_streak == 0 and scene.retries == [ErrorClass.TRANSIENT] * 4


async def test_an_outage_while_narrowing_keeps_what_was_done() -> None:
    seen = {"culprit": 0}

    def fails(msg: Msg) -> BaseException | None:  # a bug, then while narrowing, an outage
        if msg != Msg(0, 6):
            return None
        seen["culprit"] += 1
        return KeyError("missing") if seen["culprit"] <= 2 else ServerSelectionTimeoutError("x")

    scene = Scene(fails=fails)
    settler = scene.settler()
    outcome = await settler.settle(batch(1, 8), [])
    assert settler.transient_streak == 1 and outcome.done == {(0, o) for o in range(6)}
    prefix, rest = split_msgs(batch(1, 8), outcome.done)
    assert [m.offset for m in prefix] == list(range(6)) and [m.offset for m in rest] == [6, 7]


async def test_a_dlq_that_is_down_stops_the_round_and_the_letter_is_sent_once_later() -> None:
    scene = Scene(fails=lambda m: InvalidEvent("bad") if m == Msg(0, 1) else None, dlq_down=1)
    settler = scene.settler()
    first = await settler.settle(batch(1, 3), [])
    assert settler.transient_streak == 1 and first.done == {(0, 0)}
    outcomes = await until_done(settler, batch(1, 3)[1:])
    assert [where for where, _ in scene.letters] == [(0, 1)]
    assert outcomes[-1].done == {(0, 1), (0, 2)}


async def test_decode_poison_is_dead_lettered_once_even_when_read_again() -> None:
    scene = Scene(fails=lambda m: None)
    settler = scene.settler()
    poison = Failure(ErrorClass.POISON, "InvalidEvent", "not JSON", None, 0)
    for _ in range(3):
        outcome = await settler.settle([Msg(0, 0)], [((0, 1), poison)])
        assert outcome.done == {(0, 0), (0, 1)}
    assert scene.letters == [((0, 1), poison)]


async def test_a_handler_that_always_fails_tries_no_message_past_the_bound() -> None:
    scene = Scene(fails=lambda m: RuntimeError("always"))
    items = batch(2, 16)
    await until_done(scene.settler(), items, rounds=200)
    assert sorted(where for where, _ in scene.letters) == [(m.partition, m.offset) for m in items]
    assert all(f.attempts == POLICY.max_attempts for _, f in scene.letters)
    bound = POLICY.max_attempts + math.ceil(math.log2(len(items))) + 1
    for msg in items:
        assert sum(msg in call for call in scene.calls) <= bound
        assert sum(call == [msg] for call in scene.calls) == POLICY.max_attempts
