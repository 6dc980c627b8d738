"""`subscribe_batch` with an idle pace on a real broker: a record that comes to an idle
subscriber is fetched at once though the idle fetch waits 10 s, and aiokafka's fetcher
takes the batching pace at a batch and the idle one after a quiet spell."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

import pytest
from faststream.kafka import KafkaBroker

from schemas.codec import encode
from services.common.fetch_pacing import FetchPace, fetcher_of
from services.common.kafka import BATCH_FETCH_MIN_BYTES, Consumed
from tests.infra import SessionInfra
from tests.integration.test_kafka_batches import consuming, linked, produce, scene, until

pytestmark = pytest.mark.integration
BUSY_WAIT_MS = 100  # idle again 200 ms after the last batch
IDLE_WAIT_MS = 10_000


def pace_of(broker: KafkaBroker) -> FetchPace:
    fetcher = fetcher_of(broker.subscribers[0].consumer)  # type: ignore[attr-defined]
    return FetchPace(fetcher._fetch_min_bytes, fetcher._fetch_max_wait_ms)


async def test_an_idle_subscriber_fetches_a_record_at_once_and_paces_by_batches(
    infra: SessionInfra,
) -> None:
    s = await scene(infra, partitions=1)
    arrived: list[float] = []

    async def handler(batch: Sequence[Consumed]) -> None:
        arrived.extend(time.monotonic() for _ in batch)

    async with consuming(s, handler, max_wait_ms=BUSY_WAIT_MS, idle_wait_ms=IDLE_WAIT_MS) as broker:
        await asyncio.sleep(3)  # assigned, its first (idle) fetch held by the broker
        assert pace_of(broker) == FetchPace(1, IDLE_WAIT_MS)
        for n in range(2):
            sent = time.monotonic()
            await produce(s, [(0, encode(linked(n)))])
            await until(lambda n=n: len(arrived) == n + 1, timeout_s=5)  # type: ignore[misc]
            assert arrived[n] - sent < 1.0  # not the 10 s a batching fetch would wait
            assert pace_of(broker) == FetchPace(BATCH_FETCH_MIN_BYTES, BUSY_WAIT_MS)
            await until(lambda: pace_of(broker) == FetchPace(1, IDLE_WAIT_MS), timeout_s=2)
            await asyncio.sleep(0.5)  # the batching fetch in flight has ended
