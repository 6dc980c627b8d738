"""Notify's delivery pipeline: notifications planned and delivered per second.

    .venv/bin/python tests/bench/bench_notify.py               # starts FerretDB itself
    MONGODB_URL=mongodb://127.0.0.1:27017/ .venv/bin/python tests/bench/bench_notify.py
    ... --events 1000 --routes 2

1,000 `case.opened` events (each routed to --routes authorities, each authority its own
local webhook sink: one endpoint each) go through notify's real pieces in this process:
the matrix planner (packaged matrix, the packaged directory plus one unit per sink), the
delivery log on the store (insert-only), the worker pool with the Jinja renderer and the
Standard Webhooks channel (a secret per recipient), and the step writer. Kafka is left out (the consumer batches are
handed over as the consumer would, 200 at a time; outcome events are encoded and
dropped), so the figures are notify's own work. Printed: planned/s (events in, planned
deliveries recorded as pending) and delivered/s (from the first send to the last
arrival at the sinks, steps written), wall and CPU per notification. The sinks run on
the same event loop and their CPU is counted too.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

from deploy.local import stack
from schemas.codec import encode
from services.common.clock import SystemClock
from services.common.crypto import new_key_spec, parse_keyring
from services.common.mongo import database, make_client
from services.common.publishing import Outgoing
from services.notify.adapters.delivery_log import MongoDeliveryLog
from services.notify.adapters.directory_file import FileDirectory
from services.notify.adapters.http_pool import HttpPool
from services.notify.adapters.jinja_renderer import TEMPLATES, JinjaRenderer
from services.notify.adapters.keyring_contacts import KeyringContacts
from services.notify.adapters.matrix_file import PACKAGED_MATRIX, load_matrix
from services.notify.adapters.secret_files import SecretFiles
from services.notify.adapters.signed_webhook import StandardWebhookChannel
from services.notify.domain.delivery_progress import Backoff
from services.notify.domain.planning import Planner
from services.notify.domain.plans import ChannelName
from services.notify.service_layer.delivering import DeliveryWorker
from services.notify.service_layer.delivery_intake import CaseEvent, DeliveryIntake
from services.notify.service_layer.delivery_lanes import WorkerLimits
from services.notify.service_layer.delivery_steps import StepWriter
from services.notify.service_layer.planning import MatrixPlanner

# Run as a file (`make bench` does), the repo root is not on sys.path yet.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.bench.bench_store import store_url
from tests.bench.pipeline.sink import WebhookSink
from tests.fakes.notify import RecordingAlarm
from tests.faults.notify_alone import case_events, directory_file
from tests.faults.webhook_receivers import Receiver

BATCH = 200


class EncodingPublisher:
    """Pays for serialising each outcome event, as the Kafka publisher would; sends none."""

    def __init__(self) -> None:
        self.published = 0

    async def publish(self, envelope: object, *, topic: str, key: str) -> None:
        raise NotImplementedError("the bench publishes in batches only")

    async def publish_all(self, events: Sequence[Outgoing]) -> None:
        for event in events:
            encode(event.envelope)
        self.published += len(events)


async def run(mongodb_url: str, events: int, routes: int, scratch: Path) -> None:
    sinks = [WebhookSink() for _ in range(routes)]
    for sink in sinks:
        await sink.start()
    prefixes = [f"B{n}" for n in range(routes)]
    # One unit per sink (a webhook each, its own secret) beside the packaged directory.
    secrets = scratch / "webhook-secrets"
    stand_ins = {p: Receiver(sink.port) for p, sink in zip(prefixes, sinks, strict=True)}
    directory = FileDirectory.load(
        directory_file(scratch, secrets, stand_ins), substitutions={"sink": "http://127.0.0.1:9"}
    )
    keyring = parse_keyring(new_key_spec("b1"))
    planner = MatrixPlanner(
        Planner(load_matrix(PACKAGED_MATRIX), directory.directory),
        KeyringContacts(keyring),
        RecordingAlarm(),
    )
    client = make_client(mongodb_url, write_concern="auto")
    name = f"bench_notify_{uuid.uuid4().hex[:8]}"
    log = MongoDeliveryLog(database(client, name), keyring=keyring)
    clock = SystemClock()
    pool = HttpPool(timeout_s=5.0, max_connections=16)
    await pool.open()
    webhook = StandardWebhookChannel(
        pool=pool, secrets=SecretFiles(directory=secrets, development=False), clock=clock
    )
    worker = DeliveryWorker(
        log=log,
        renderer=JinjaRenderer(TEMPLATES),
        channels={ChannelName.WEBHOOK: webhook},
        steps=StepWriter(log, EncodingPublisher()),
        clock=clock,
        backoff=Backoff(first_delay_s=5, max_delay_s=3600, give_up_after_s=86400),
        limits=WorkerLimits(
            pool_size=16, per_endpoint=8, send_timeout_s=30, failures_to_open=5, open_for_s=30
        ),
        jitter=random.random,
    )
    intake = DeliveryIntake(planner, log, worker, clock)
    try:
        await worker.load()
        batch = [CaseEvent(e, 0) for e in case_events("", events, routes=prefixes)]
        wall, cpu = time.perf_counter(), time.process_time()
        planned = 0
        for start in range(0, len(batch), BATCH):
            planned += await intake.take(batch[start : start + BATCH])
        plan_wall, plan_cpu = time.perf_counter() - wall, time.process_time() - cpu
        wall, cpu = time.perf_counter(), time.process_time()
        writer = asyncio.create_task(worker.steps.run())  # steps written as attempts end
        await worker.drain()
        send_wall, send_cpu = time.perf_counter() - wall, time.process_time() - cpu
        writer.cancel()
        arrived = sum(s.total for s in sinks)
        distinct = sum(len(s.by_webhook_id) for s in sinks)
        print(f"{events} case events x {routes} routes -> {planned} notifications")
        print(
            f"planned:   {planned / plan_wall:8.0f} notifications/s "
            f"({plan_wall:.2f} s wall, {plan_cpu / planned * 1000:.2f} ms CPU each)"
        )
        print(
            f"delivered: {arrived / send_wall:8.0f} notifications/s "
            f"({send_wall:.2f} s wall, {send_cpu / arrived * 1000:.2f} ms CPU each, "
            f"{distinct} distinct webhook ids, {arrived - distinct} duplicates)"
        )
        print(f"load average: {os.getloadavg()[0]:.1f}")
    finally:
        await worker.stop()
        await pool.close()
        for sink in sinks:
            await sink.stop()
        await client.drop_database(name)
        await client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--routes", type=int, default=2)
    parser.add_argument("--store", default=os.environ.get("NETRA_STORE") or stack.DEFAULT_STORE)
    args = parser.parse_args()
    with store_url(args.store) as url, tempfile.TemporaryDirectory() as scratch:
        asyncio.run(run(url, args.events, args.routes, Path(scratch)))


if __name__ == "__main__":
    main()
