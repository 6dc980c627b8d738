"""Where one planned delivery stands, folded from its insert-only log entries.

The log never updates a delivery: each step is a new entry numbered per notification id
(`seq` 1, 2, ...): an attempt's outcome (delivered, failed, dead) or an operator's
`requeued` (`netra deliveries retry`). Folding the entries gives the state, the attempts
made, when it is next due and the last error. A delivered id is final: nothing after a
`delivered` entry counts, so no later step can send it again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from urllib.parse import urlsplit

from services.notify.domain.plans import Addressee, ChannelName, PlannedDelivery


class EntryKind(StrEnum):
    DELIVERED = "delivered"
    FAILED = "failed"  # will be tried again at `next_due`
    DEAD = "dead"  # given up: not retryable, or out of time
    REQUEUED = "requeued"  # an operator asked for a fresh round of attempts


class DeliveryState(StrEnum):
    PENDING = "pending"  # planned, not tried yet (or requeued)
    RETRYING = "retrying"
    DELIVERED = "delivered"
    DEAD = "dead"


@dataclass(frozen=True)
class LogEntry:
    notification_id: str
    seq: int
    kind: EntryKind
    at: datetime
    detail: str = ""
    next_due: datetime | None = None  # set on FAILED


@dataclass(frozen=True)
class Progress:
    state: DeliveryState
    attempts: int  # sends tried, over every round
    seq: int  # the last entry's number (0: none yet)
    due: datetime  # when the next attempt may start (meaningless once final)
    round_started: datetime | None  # first attempt since planning or the last requeue
    round_attempts: int = 0  # attempts since planning or the last requeue: the back-off's
    last_detail: str = ""

    @property
    def final(self) -> bool:
        return self.state in (DeliveryState.DELIVERED, DeliveryState.DEAD)


def fresh(planned_at: datetime) -> Progress:
    return Progress(DeliveryState.PENDING, 0, 0, planned_at, None)


def progress_of(planned_at: datetime, entries: Iterable[LogEntry]) -> Progress:
    progress = fresh(planned_at)
    for entry in sorted(entries, key=lambda e: e.seq):
        progress = advanced(progress, entry)
    return progress


def advanced(progress: Progress, entry: LogEntry) -> Progress:
    """The state after one more entry (entries are applied in `seq` order)."""
    if progress.state is DeliveryState.DELIVERED:
        return progress
    if entry.kind is EntryKind.REQUEUED:
        return Progress(DeliveryState.PENDING, progress.attempts, entry.seq, entry.at, None)
    state = {
        EntryKind.DELIVERED: DeliveryState.DELIVERED,
        EntryKind.DEAD: DeliveryState.DEAD,
        EntryKind.FAILED: DeliveryState.RETRYING,
    }[entry.kind]
    return Progress(
        state,
        progress.attempts + 1,
        entry.seq,
        entry.next_due or entry.at,
        progress.round_started or entry.at,
        progress.round_attempts + 1,
        entry.detail,
    )


@dataclass(frozen=True)
class Backoff:
    """Exponential back-off with jitter: `first_delay_s`, doubling, at most `max_delay_s`
    between attempts; a round that would go on past `give_up_after_s` ends dead."""

    first_delay_s: float
    max_delay_s: float
    give_up_after_s: float

    def delay_s(self, attempt: int, jitter: float) -> float:
        """Delay after failed attempt number `attempt` (1-based); `jitter` in [0, 1).
        Half fixed, half random ("equal jitter"): never less than half the step, so a
        dead endpoint is not hammered, and retries of one outage spread out."""
        step: float = min(self.max_delay_s, self.first_delay_s * 2.0 ** min(attempt - 1, 60))
        return step / 2 + step / 2 * jitter

    def after_failure(
        self,
        progress: Progress,
        *,
        notification_id: str,
        now: datetime,
        retryable: bool,
        detail: str,
        jitter: float,
    ) -> LogEntry:
        """The entry recording a failed attempt: failed with its next due time, or dead."""
        seq = progress.seq + 1
        started = progress.round_started or now
        next_due = now + timedelta(seconds=self.delay_s(progress.round_attempts + 1, jitter))
        out_of_time = (next_due - started).total_seconds() > self.give_up_after_s
        if not retryable or out_of_time:
            why = "not retryable" if not retryable else "gave up after retrying"
            return LogEntry(notification_id, seq, EntryKind.DEAD, now, f"{detail} ({why})")
        return LogEntry(notification_id, seq, EntryKind.FAILED, now, detail, next_due)


def endpoint_of(addressee: Addressee) -> str:
    """What one connection goes to, the unit of concurrency caps and circuit breakers: a
    webhook's origin; the one SMTP relay for every email; the one gateway per SMS or
    WhatsApp. A slow or dead endpoint then only holds up its own deliveries."""
    if addressee.channel is ChannelName.WEBHOOK:
        parts = urlsplit(addressee.target)
        return f"webhook:{parts.scheme}://{parts.netloc}"
    return str(addressee.channel.value)


@dataclass(frozen=True)
class StoredDelivery:
    """One planned delivery as the log holds it: the plan, when, and its entries."""

    planned: PlannedDelivery
    planned_at: datetime
    entries: tuple[LogEntry, ...]
    # The partition of the case events it was planned from: the replica that owns that
    # partition sends it (services/notify/service_layer/delivering.py).
    partition: int

    @property
    def progress(self) -> Progress:
        return progress_of(self.planned_at, self.entries)
