"""CPU per published event: FastStream's publish against `send_event` (issue 9).

    .venv/bin/python tests/bench/bench_publish.py [--events 20000] [--rounds 5]

Starts Kafka (and the store, unused) on free ports as bench_pipeline.py does, then, in
alternating rounds, hands `--events` events of a report's size to the producer one after
the other and awaits their acknowledgements together (what `publish_all` does), once
through FastStream's `KafkaBroker.publish` (the path every service took before; the
broker built as the services build it, with their middlewares) and once through
`services.common.event_sending.send_event`. Prints the process CPU per event of each round and
the medians. The broker's own CPU is not counted: both paths send the same records.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

TOPIC = "bench.publish"


class Body(BaseModel):
    report: str


def _main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from tests.bench.pipeline import bench_stack

    bench = bench_stack.start_infra(sink_url="http://127.0.0.1:9", log_level="WARNING", brokers=1)
    try:
        return asyncio.run(run(bench.kafka_bootstrap, args.events, args.rounds))
    finally:
        bench_stack.stop(keep_data=False)


async def run(bootstrap: str, events: int, rounds: int) -> int:
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic
    from opentelemetry.sdk.trace import TracerProvider
    from prometheus_client import CollectorRegistry

    from schemas.codec import encode
    from schemas.envelope import Envelope
    from services.common.event_sending import send_event
    from services.common.kafka import make_broker
    from services.common.kafka_connection import plaintext
    from tests.bench.pipeline.reports import submission

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(TOPIC, num_partitions=3, replication_factor=1)])
    finally:
        await admin.close()
    broker = make_broker(
        connection=plaintext(bootstrap),
        service="bench",
        tracer_provider=TracerProvider(),
        registry=CollectorRegistry(),
        linger_ms=20,
    )
    await broker.start()
    body = Body(report=json.dumps(submission(0)))  # a report's size
    envelopes = [
        Envelope[Body](source="netra/bench", type="bench.event", subject=str(i), data=body)
        for i in range(events)
    ]
    keys = [str(uuid.uuid4()) for _ in envelopes]

    async def faststream(envelope: Envelope[Any], key: str) -> asyncio.Future[Any]:
        return await broker.publish(
            encode(envelope),
            topic=TOPIC,
            key=key.encode(),
            headers={"ce_type": envelope.type, "ce_id": str(envelope.id)},
            no_confirm=True,
        )

    async def direct(envelope: Envelope[Any], key: str) -> asyncio.Future[Any]:
        return await send_event(broker, envelope, topic=TOPIC, key=key)

    paths: dict[str, Callable[[Envelope[Any], str], Awaitable[asyncio.Future[Any]]]] = {
        "faststream publish": faststream,
        "send_event": direct,
    }
    per_event: dict[str, list[float]] = {name: [] for name in paths}
    try:
        for send in paths.values():  # warm both, uncounted
            await publish_all(send, envelopes[:1000], keys)
        for round_no in range(1, rounds + 1):
            for name, send in paths.items():
                cpu = await publish_all(send, envelopes, keys)
                per_event[name].append(cpu / events * 1e6)
                print(f"round {round_no}  {name:<20} {per_event[name][-1]:7.1f} us CPU/event")
    finally:
        await broker.stop()
    medians = {name: statistics.median(values) for name, values in per_event.items()}
    print("median  " + "   ".join(f"{name}: {us:.1f} us" for name, us in medians.items()))
    saved = medians["faststream publish"] - medians["send_event"]
    print(f"send_event saves {saved:.1f} us of CPU per event ({events:,} events x {rounds})")
    return 0


async def publish_all(
    send: Callable[[Any, str], Awaitable[asyncio.Future[Any]]],
    envelopes: list[Any],
    keys: list[str],
) -> float:
    """Process CPU seconds to hand every envelope over and have all acknowledged."""
    started = time.process_time()
    pending = [await send(e, key) for e, key in zip(envelopes, keys, strict=False)]
    await asyncio.gather(*pending)
    return time.process_time() - started


if __name__ == "__main__":
    sys.exit(_main())
