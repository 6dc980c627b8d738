"""Handler failures on a real broker: bounded retries, the culprit alone dead-lettered,
a replay after the fix handled once, and `netra lag` / the lag gauge at zero afterwards."""

from __future__ import annotations

import asyncio
import base64
import math
import time
from collections import Counter
from collections.abc import Sequence

from prometheus_client import REGISTRY
from typer.testing import CliRunner

from schemas.codec import encode
from schemas.dlq import DeadLetter
from services.cli import app as netra
from services.common.cli import dlq
from services.common.failures import RetryPolicy
from services.common.kafka import Consumed
from tests.infra import SessionInfra
from tests.integration.test_kafka_batches import (
    FAST_RETRY,
    consuming,
    dead_letters_of,
    linked,
    produce,
    scene,
    until,
    until_committed,
)

MAX_ATTEMPTS = FAST_RETRY.max_attempts


async def test_a_handler_that_always_fails_tries_each_message_at_most_the_bound(
    infra: SessionInfra,
) -> None:
    s = await scene(infra, partitions=2)
    events = [linked(n) for n in range(8)]
    await produce(s, [(n % 2, encode(e)) for n, e in enumerate(events)])
    calls: Counter[str] = Counter()

    async def handler(batch: Sequence[Consumed]) -> None:
        calls.update(str(c.envelope.id) for c in batch)
        raise RuntimeError("case kept changing while linking")

    async with consuming(s, handler):
        await until_committed(s, {0: 4, 1: 4})
    letters = await dead_letters_of(infra, s.topic)
    assert sorted((x["partition"], x["offset"]) for x in letters) == [
        (p, o) for p in range(2) for o in range(4)
    ]
    assert {x["reason_class"] for x in letters} == {"retries_exhausted"}
    assert {x["error_type"] for x in letters} == {"RuntimeError"}
    assert {x["attempts"] for x in letters} == {MAX_ATTEMPTS}
    assert len({x["traceback_digest"] for x in letters}) == 1  # one bug, one digest
    bound = MAX_ATTEMPTS + math.ceil(math.log2(len(events))) + 1
    assert len(calls) == 8 and max(calls.values()) <= bound, calls


async def test_a_dead_letter_replayed_after_the_fix_is_handled_once(infra: SessionInfra) -> None:
    s = await scene(infra, partitions=1)
    events = [linked(n) for n in range(6)]
    culprit = events[3].id
    await produce(s, [(0, encode(e)) for e in events])
    fixed = asyncio.Event()
    handled: list[str] = []

    async def handler(batch: Sequence[Consumed]) -> None:
        if not fixed.is_set() and any(c.envelope.id == culprit for c in batch):
            raise KeyError("a bug, fixed later")
        handled.extend(str(c.envelope.id) for c in batch)

    async with consuming(s, handler):
        await until_committed(s, {0: 6})
        assert str(culprit) not in handled
        assert set(handled) == {str(e.id) for e in events if e.id != culprit}
        stored = await _letter_of(infra, s.topic)
        assert stored.letter.reason_class == "retries_exhausted"
        assert stored.letter.error_type == "KeyError" and stored.letter.attempts == MAX_ATTEMPTS

        fixed.set()  # the fix is deployed: every letter of that bug goes back
        digest = str(stored.letter.traceback_digest)
        runner = CliRunner()
        replayed = await asyncio.to_thread(
            runner.invoke,
            dlq.app,
            ["replay", "--digest", digest, "--bootstrap", infra.kafka_bootstrap],
        )
        assert replayed.exit_code == 0, replayed.output
        await until(lambda: str(culprit) in handled)
        await until_committed(s, {0: 7})
        await asyncio.sleep(0.5)  # nothing else arrives
        assert handled.count(str(culprit)) == 1

        lag_gauge = REGISTRY.get_sample_value(
            "netra_consumer_lag", {"group": s.group_id, "topic": s.topic, "partition": "0"}
        )
        assert lag_gauge == 0
    lag = await asyncio.to_thread(
        runner.invoke,
        netra,
        ["lag", "--bootstrap", infra.kafka_bootstrap, "--group-prefix", s.group_id],
    )
    assert lag.exit_code == 0, lag.output
    assert f"{s.group_id}: 0 behind" in lag.output and s.topic in lag.output, lag.output


async def _letter_of(infra: SessionInfra, topic: str) -> dlq.Stored:
    letters = await dead_letters_of(infra, topic)
    assert len(letters) == 1, letters
    payload = base64.b64decode(letters[0]["payload_b64"])
    for stored in await dlq._read_all(infra.kafka_bootstrap):
        if (
            stored.letter.source_topic == topic
            and base64.b64decode(stored.letter.payload_b64) == payload
        ):
            assert isinstance(stored.letter, DeadLetter)
            return stored
    raise AssertionError("the dead letter is not on the DLQ")


async def test_while_one_partition_retries_its_message_the_others_flow(
    infra: SessionInfra,
) -> None:
    s = await scene(infra, partitions=2)
    culprit, after = linked(0), linked(1)
    await produce(s, [(0, encode(culprit)), (0, encode(after))])
    failed_at: list[float] = []
    handled_at: dict[str, float] = {}

    async def handler(batch: Sequence[Consumed]) -> None:
        if any(c.envelope.id == culprit.id for c in batch):
            failed_at.append(time.monotonic())
            raise RuntimeError("a bug in one message's path")
        handled_at.update((str(c.envelope.id), time.monotonic()) for c in batch)

    slow = RetryPolicy(max_attempts=MAX_ATTEMPTS, backoff_base_s=3.0, backoff_max_s=3.0)
    others = [linked(10 + n) for n in range(5)]
    async with consuming(s, handler, retry=slow):
        await until(lambda: len(failed_at) >= 1)
        await produce(s, [(1, encode(e)) for e in others])
        produced = time.monotonic()
        await until_committed(s, {0: 2, 1: 5})
    assert len(failed_at) >= MAX_ATTEMPTS
    last_attempt = failed_at[-1]
    # p1 did not wait for p0's back-off (1.5-3 s): only p0 was paused
    assert all(handled_at[str(e.id)] - produced < 1.0 for e in others), [
        handled_at[str(e.id)] - produced for e in others
    ]
    assert all(handled_at[str(e.id)] < last_attempt for e in others)
    assert handled_at[str(after.id)] > last_attempt  # p0 kept its order
