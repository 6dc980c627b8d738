"""One round of a batch: handle it, and when the handler fails, find the message at fault.

A batch mixes many messages; one bad message must not hold back, nor take down, the
others. When the handler raises:

- a TRANSIENT error (services/common/failures.py) stops the round: what was handled stays
  handled, the rest is tried again after an exponential back-off with jitter (the streak
  of transient rounds sets the exponent), for as long as the outage lasts;
- any other error narrows the batch: it is split in two and each half handled in order,
  down to the single message that fails. Poison is dead-lettered at once; an OTHER error
  blocks that message's partition for a back-off (the others go on). In the next
  rounds that partition is handled one message at a time, so the message is tried alone
  until `max_attempts`, then dead-lettered with its type, message and traceback digest.

Items are handled left to right, so within a partition nothing is handled before an
earlier message is handled or dead-lettered: per-key order holds, and the partition goes
on past a dead letter. Handlers are idempotent (at-least-once): a good message in a
failing half is handled again, which is harmless.

The bound, per message and delivery (not counting calls that failed on an outage): at most
ceil(log2(max_records)) + 1 failing calls with others, all in the one round that narrowed
its partition, and at most `max_attempts` calls alone.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from services.common.failures import (
    ErrorClass,
    RetryPolicy,
    classify,
    describe,
    traceback_digest,
)
from services.common.logging import get_logger

log = get_logger(__name__)

Position = tuple[int, int]  # (partition, offset)
MEMORY = 10_000  # positions remembered (attempts, dead letters); the oldest are forgotten


class Item(Protocol):
    @property
    def partition(self) -> int: ...

    @property
    def offset(self) -> int: ...


T = TypeVar("T", bound=Item)
V = TypeVar("V")


@dataclass(frozen=True)
class Failure:
    """Why a message goes to the DLQ."""

    error_class: ErrorClass  # POISON or OTHER: a transient error never dead-letters
    error_type: str
    message: str
    digest: str | None
    attempts: int


@dataclass(frozen=True)
class Outcome:
    done: frozenset[Position]  # handled or dead-lettered: may be committed
    pause_s: float  # an outage: before anything more is read
    blocked: Mapping[int, float]  # partition -> its back-off before its failing message again


def position(item: Item) -> Position:
    return (item.partition, item.offset)


def failure_of(exc: BaseException, error_class: ErrorClass, attempts: int) -> Failure:
    return Failure(error_class, type(exc).__name__, describe(exc), traceback_digest(exc), attempts)


class _Stop(Exception):
    """A transient error: the round ends here."""


@dataclass
class _Round:
    done: set[Position] = field(default_factory=set)
    blocked: dict[int, float] = field(default_factory=dict)  # partition -> its back-off


@dataclass
class Settler(Generic[T]):
    handler: Callable[[Sequence[T]], Awaitable[None]]
    dead_letter: Callable[[Position, Failure], Awaitable[None]]
    policy: RetryPolicy
    rand: Callable[[], float]
    on_retry: Callable[[ErrorClass], None]
    attempts: OrderedDict[Position, int] = field(default_factory=OrderedDict)  # failed alone
    suspects: OrderedDict[Position, None] = field(default_factory=OrderedDict)  # in a failed call
    dead_lettered: OrderedDict[Position, None] = field(default_factory=OrderedDict)
    transient_streak: int = 0

    async def settle(
        self, items: Sequence[T], poisoned: Sequence[tuple[Position, Failure]]
    ) -> Outcome:
        """Handle `items` (sorted by partition, offset) after dead-lettering `poisoned`."""
        state = _Round()
        state.done.update(p for p in map(position, items) if p in self.dead_lettered)
        try:
            for where, failure in poisoned:
                await self._dead_letter(state, where, failure)
            # A partition whose first message took part in a failing call is handled one
            # message at a time: its messages are never narrowed twice.
            firsts = {i.partition: i for i in reversed(items)}
            alone = {p for p, first in firsts.items() if position(first) in self.suspects}
            for item in items:
                if item.partition in alone:
                    await self._narrow(state, [item])
            await self._narrow(state, [i for i in items if i.partition not in alone])
        except _Stop:
            self.transient_streak += 1
            self.on_retry(ErrorClass.TRANSIENT)
            pause = self.policy.backoff_s(self.transient_streak, self.rand())
            return Outcome(frozenset(state.done), pause, dict(state.blocked))
        self.transient_streak = 0
        return Outcome(frozenset(state.done), 0.0, dict(state.blocked))

    async def _narrow(self, state: _Round, items: Sequence[T]) -> None:
        todo = [
            i for i in items if i.partition not in state.blocked and position(i) not in state.done
        ]
        if not todo:
            return
        try:
            await self.handler(todo)
        except Exception as exc:
            error_class = classify(exc)
            if error_class is ErrorClass.TRANSIENT:
                log.warning(
                    "batch_waits_for_dependency", why=type(exc).__name__, detail=describe(exc)
                )
                raise _Stop from exc
            if len(todo) == 1:
                await self._failed_alone(state, todo[0], exc, error_class)
                return
            log.info("batch_failed_narrowing", size=len(todo), why=type(exc).__name__)
            for item in todo:
                _remember(self.suspects, position(item), None)
            middle = len(todo) // 2
            await self._narrow(state, todo[:middle])
            await self._narrow(state, todo[middle:])
            return
        for item in todo:
            state.done.add(position(item))
            self.attempts.pop(position(item), None)
            self.suspects.pop(position(item), None)

    async def _failed_alone(
        self, state: _Round, item: T, exc: Exception, error_class: ErrorClass
    ) -> None:
        where = position(item)
        attempts = self.attempts.pop(where, 0) + 1
        if error_class is ErrorClass.OTHER and attempts < self.policy.max_attempts:
            _remember(self.attempts, where, attempts)
            _remember(self.suspects, where, None)
            state.blocked[item.partition] = self.policy.backoff_s(attempts, self.rand())
            self.on_retry(error_class)
            log.warning(
                "message_failed_will_retry",
                partition=item.partition,
                offset=item.offset,
                attempt=attempts,
                why=type(exc).__name__,
                digest=traceback_digest(exc),
            )
            return
        self.suspects.pop(where, None)
        await self._dead_letter(state, where, failure_of(exc, error_class, attempts))

    async def _dead_letter(self, state: _Round, where: Position, failure: Failure) -> None:
        if where not in self.dead_lettered:
            try:
                await self.dead_letter(where, failure)
            except Exception as exc:  # the DLQ is on the broker: it may be away too
                log.warning("dead_letter_failed_will_retry", why=type(exc).__name__)
                raise _Stop from exc
            _remember(self.dead_lettered, where, None)
        state.done.add(where)


def _remember(memory: OrderedDict[Position, V], where: Position, value: V) -> None:
    memory[where] = value
    memory.move_to_end(where)
    while len(memory) > MEMORY:
        memory.popitem(last=False)
