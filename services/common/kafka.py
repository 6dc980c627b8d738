"""Kafka plumbing: the broker factory and the consume loops' ack/DLQ discipline.

Three separate mechanisms (STYLE.md 5): offsets are committed only after a handler
finished its write; a handler failure is classified and narrowed to the message at fault
(services/common/settling.py), which is retried a bounded number of times; and a message
no retry can fix goes to the DLQ with the reason and its source offset, then is committed
so the partition moves on. Every service consumes through `subscribe_batch`.
"""

from __future__ import annotations

import base64
import random
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiokafka import ConsumerRecord
from faststream.kafka import KafkaBroker, KafkaMessage
from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from faststream.middlewares import AckPolicy
from opentelemetry.sdk.trace import TracerProvider
from prometheus_client import CollectorRegistry
from pydantic import BaseModel

from schemas import topics
from schemas.codec import decode
from schemas.dlq import DeadLetter, ReasonClass
from schemas.envelope import Envelope, utcnow
from schemas.events import DLQ_MESSAGE
from services.common.consumer_metrics import DEAD_LETTERS, RETRIES, PartitionView, watch
from services.common.consuming import BatchConsumer
from services.common.event_sending import publish_event
from services.common.failures import ErrorClass, RetryPolicy, describe
from services.common.fetch_pacing import FetchPace, IdlePacing, fetcher_of
from services.common.kafka_connection import KafkaConnection
from services.common.kafka_telemetry import ConsumeSpansMiddleware
from services.common.logging import get_logger
from services.common.offset_commits import COMMIT_INTERVAL_S, register
from services.common.partitions import PartitionGate, PartitionsHook
from services.common.settling import Failure, Position, Settler

log = get_logger(__name__)
# A letter must fit under Kafka's 1 MiB message limit, base64 and envelope included: a larger
# (poison) payload is kept truncated, or publishing the letter would fail forever.
DLQ_PAYLOAD_MAX_BYTES = 512 * 1024


def make_broker(
    *,
    connection: KafkaConnection,
    service: str,
    tracer_provider: TracerProvider,
    registry: CollectorRegistry,
    linger_ms: int,
) -> KafkaBroker:
    return KafkaBroker(
        connection.servers,
        security=connection.security(),
        client_id=f"netra-{service}",
        # Every publish waits for all in-sync replicas (min.insync.replicas of the topic,
        # 2 in production): an acknowledged event survives the loss of one broker.
        acks="all",
        # Not idempotent: aiokafka's idempotent producer never resets its producer id, so
        # after a broker restart one OutOfOrderSequenceNumber wedged every later publish of
        # the process (tests/faults, docs/decisions.md "Producers after a broker restart").
        # Order per partition holds without it (one request in flight per broker, the
        # partition muted meanwhile); a retried batch may land twice, and every consumer
        # is idempotent on the event's ids.
        enable_idempotence=False,
        linger_ms=linger_ms,
        middlewares=[
            ConsumeSpansMiddleware(tracer_provider=tracer_provider),
            KafkaPrometheusMiddleware(registry=registry, app_name=f"netra-{service}"),
        ],
        logger=None,
    )


async def dead_letter_record(
    broker: KafkaBroker, record: ConsumerRecord[Any, Any], *, consumer: str, failure: Failure
) -> None:
    """Publish one record to the DLQ with why, how often it was tried and where it came from."""
    payload: bytes = record.value or b""
    reason_class: ReasonClass = (
        "poison" if failure.error_class is ErrorClass.POISON else "retries_exhausted"
    )
    letter = DeadLetter(
        source_topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        key=record.key.decode(errors="replace") if record.key else None,
        consumer=consumer,
        reason=failure.message,
        payload_b64=base64.b64encode(payload[:DLQ_PAYLOAD_MAX_BYTES]).decode(),
        failed_at=utcnow(),
        reason_class=reason_class,
        error_type=failure.error_type,
        traceback_digest=failure.digest,
        attempts=failure.attempts,
        payload_size=len(payload),
        payload_truncated=len(payload) > DLQ_PAYLOAD_MAX_BYTES,
    )
    envelope = Envelope[DeadLetter](
        source=f"netra/{consumer}", type=DLQ_MESSAGE, subject=record.topic, data=letter
    )
    await publish_event(broker, envelope, topic=topics.DLQ, key=record.topic)
    DEAD_LETTERS.labels(consumer=consumer, topic=record.topic, reason_class=reason_class).inc()
    log.warning(
        "dead_lettered",
        topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        reason_class=reason_class,
        error_type=failure.error_type,
        digest=failure.digest,
        why=failure.message,
    )


@dataclass(frozen=True)
class Consumed:
    """One valid message of a batch, and where it was read."""

    envelope: Envelope[BaseModel]
    topic: str
    partition: int
    offset: int
    key: str | None
    # The record's headers, e.g. its trace context for `telemetry.continuing`.
    headers: Mapping[str, str] = field(default_factory=dict)


BatchHandler = Callable[[Sequence[Consumed]], Awaitable[None]]
BATCH_FETCH_MIN_BYTES = 256 * 1024  # ~150 reports: past this a fetch answers at once
# The feeds every replica reads whole (closures, the staff view's case events) fetch with
# `BATCH_FETCH_MIN_BYTES`: the broker answers when that much is there or after this long,
# not at the first event, so under a trickle of events a replica asks twice a second
# rather than once per event; a change is still seen within half a second.
FEED_FETCH_MAX_WAIT_MS = 500
# Group membership with several replicas (issue 15): aiokafka's defaults (session 10 s,
# and a rebalance timeout equal to it) dropped members of a loaded 2-core box in turns,
# each one's heartbeats or rejoin (which first finishes the batch in hand and runs
# `on_revoked`) late, so two replicas kept rebalancing instead of consuming, and a
# dropped member went on sending as a zombie. Kafka's own client default since 3.0
# (KIP-735): 45 s without heartbeats (a dead replica's partitions move after that);
# 30 s to rejoin once a rebalance starts.
SESSION_TIMEOUT_MS = 45_000
# The rebalance timeout must stay under aiokafka's request timeout (40 s): a JoinGroup is
# answered only when the rebalance completes, and one that waits for a dead member past
# 40 s times out, is sent again as a new member, and the new member's own pending entry
# then holds the next rebalance: the group never settles (seen: a restarted notify planned
# nothing for 120 s). aiokafka's own default, 30 s, keeps that order.
REBALANCE_TIMEOUT_MS = 30_000


def subscribe_batch(
    broker: KafkaBroker,
    topic: str,
    *,
    group_id: str,
    consumer: str,
    accept: frozenset[str],
    handler: BatchHandler,
    max_records: int,
    max_wait_ms: int,
    retry: RetryPolicy,
    on_assigned: PartitionsHook | None = None,
    on_revoked: PartitionsHook | None = None,
    session_timeout_ms: int = SESSION_TIMEOUT_MS,
    idle_wait_ms: int | None = None,
    commit_interval_s: float = COMMIT_INTERVAL_S,
) -> None:
    """Batches of at most `max_records`; an empty buffer is waited on for `max_wait_ms`.

    With `idle_wait_ms`, a subscriber with nothing to do fetches every `idle_wait_ms`
    instead, answered at the first record (services/common/fetch_pacing.py).

    Each record is decoded on its own: poison goes to the DLQ and is left out. The handler
    gets the valid ones grouped by partition, each partition in offset order. Offsets are
    committed, per partition, only after the handler returned, at most every
    `commit_interval_s`, and before a rebalance or a stop (services/common/offset_commits.py).
    If it raises, the error is classified (services/common/failures.py) and the batch
    narrowed to the message at fault (services/common/settling.py): transient errors are
    retried with back-off for as long as they last, poison is dead-lettered at once,
    anything else after `retry.max_attempts`. What was not done is rewound and read again
    (at-least-once: handlers are idempotent). Rebalance hooks and batches never overlap, and
    `on_assigned` completes before a batch of its partitions is handled
    (services.common.partitions).
    """
    gate = PartitionGate(
        topic,
        on_assigned=on_assigned,
        on_revoked=on_revoked,
        retry_backoff_s=retry.backoff_base_s,
        commit_interval_s=commit_interval_s,
    )
    register(broker, gate.commits)
    view = watch(PartitionView(consumer, group_id, topic, assigned=lambda: gate.ready))
    records: dict[Position, ConsumerRecord[Any, Any]] = {}

    async def dead_letter(where: Position, failure: Failure) -> None:
        await dead_letter_record(broker, records[where], consumer=consumer, failure=failure)

    def decoded(record: ConsumerRecord[Any, Any]) -> Consumed | Failure:
        records[(record.partition, record.offset)] = record
        return decode_record(record, accept)

    def on_retry(error_class: ErrorClass) -> None:
        RETRIES.labels(consumer=consumer, topic=topic, error_class=error_class.value).inc()

    settler = Settler[Consumed](handler, dead_letter, retry, random.random, on_retry)
    batches = BatchConsumer[Consumed](gate, view, settler, decoded)
    pacing = (
        None
        if idle_wait_ms is None
        else IdlePacing.around(
            busy_min_bytes=BATCH_FETCH_MIN_BYTES,
            busy_wait_ms=max_wait_ms,
            idle_wait_ms=idle_wait_ms,
        )
    )
    fetch = pacing.idle if pacing else FetchPace(BATCH_FETCH_MIN_BYTES, max_wait_ms)

    @broker.subscriber(
        topic,
        group_id=group_id,
        batch=True,
        max_records=max_records,
        batch_timeout_ms=max_wait_ms,
        ack_policy=AckPolicy.MANUAL,  # BatchConsumer commits or rewinds itself
        decoder=raw_batch_decoder,
        auto_offset_reset="earliest",
        # The broker holds a fetch until this much is there or `max_wait_ms` passed, so
        # batches fill under load instead of one record each (docs/decisions.md,
        # "Throughput, measured"): fewer inserts, publishes and commits per report.
        fetch_min_bytes=fetch.min_bytes,
        fetch_max_wait_ms=fetch.max_wait_ms,
        session_timeout_ms=session_timeout_ms,
        rebalance_timeout_ms=REBALANCE_TIMEOUT_MS,
        listener=gate,
    )
    async def on_batch(body: object, message: KafkaMessage) -> None:
        if pacing:
            pacing.batch_seen(fetcher_of(message.consumer))
        try:
            await batches.consume(message)
        finally:
            records.clear()


async def raw_batch_decoder(message: KafkaMessage) -> object:
    """The batch is read from the raw records; FastStream decodes nothing. `async`:
    FastStream runs a plain `def` decoder in a worker thread, a hop per batch."""
    return None


def decode_record(record: ConsumerRecord[Any, Any], accept: frozenset[str]) -> Consumed | Failure:
    """The record as a `Consumed`, or, if it is poison, why.

    Whatever decoding raises is the bytes' fault (the codec bounds size and depth first),
    so every exception here is poison: none may reach the loop and wedge the partition.
    """
    try:
        envelope = decode(record.value or b"", accept=accept)
        key = record.key.decode(errors="replace") if record.key else None
        headers = {name: (value or b"").decode(errors="replace") for name, value in record.headers}
    except Exception as exc:
        return Failure(ErrorClass.POISON, type(exc).__name__, describe(exc), None, 0)
    return Consumed(envelope, record.topic, record.partition, record.offset, key, headers)
