"""Notify's own CPU per case event, in process, no store, broker or network.

    .venv/bin/python tests/bench/bench_notify_cpu.py   # --events 2000 --routes 2 --regions 100
    .venv/bin/python tests/bench/bench_notify_cpu.py --profile  # + cProfile's top entries

Each `case.opened` event is encoded as the broker carries it, then goes through notify's
real per-event path (routes over --regions region codes, as cases repeat theirs): decode, the matrix planner (packaged matrix and directory, one
webhook unit per route), the intake recording the plan (in-memory delivery log from
tests/fakes), the worker pool with the Jinja renderer and the Standard Webhooks channel
(secrets from files, HMAC signature, headers) on a fake HTTP session that answers 200,
the step writer and the outcome events encoded (not sent). Channels other than webhooks
go to the in-memory recording channel. Printed: CPU and wall per event and per delivery.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Any

# Run as a file, the repo root is not on sys.path yet.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from pydantic import BaseModel

from schemas.codec import decode, encode
from schemas.envelope import Envelope
from services.common.clock import SystemClock
from services.common.crypto import new_key_spec, parse_keyring
from services.common.logging import configure_logging
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
from tests.bench.bench_notify import BATCH, EncodingPublisher
from tests.fakes.notify import InMemoryDeliveryLog, RecordingAlarm
from tests.fakes.notify_channels import RecordingOutboundChannel
from tests.faults.notify_alone import case_events, directory_file
from tests.faults.webhook_receivers import Receiver


class _Answer:
    status = 200

    async def read(self) -> bytes:
        return b""

    async def __aenter__(self) -> _Answer:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        return None


class _Session:
    def __init__(self) -> None:
        self.posts = 0

    def post(self, url: str, **kwargs: Any) -> _Answer:
        self.posts += 1
        return _Answer()


class FakePool(HttpPool):
    """An HttpPool whose session answers every POST 200 at once."""

    def __init__(self) -> None:
        super().__init__(timeout_s=5.0, max_connections=16)
        self.fake = _Session()

    @property
    def session(self) -> Any:
        return self.fake


def same_regions(event: Envelope[BaseModel], regions: int) -> Envelope[BaseModel]:
    """The event's routes over `regions` region codes, as real cases repeat theirs."""
    old: list[str] = getattr(event.data, "routes")  # noqa: B009 - any case event's data
    routes = [f"{r.partition(':')[0]}:{int(r.partition(':')[2]) % regions}" for r in old]
    return event.model_copy(update={"data": event.data.model_copy(update={"routes": routes})})


async def run(events: int, routes: int, regions: int, scratch: Path, profile: bool) -> None:
    prefixes = [f"B{n}" for n in range(routes)]
    secrets = scratch / "webhook-secrets"
    stand_ins = {p: Receiver(9000 + n) for n, p in enumerate(prefixes)}
    directory = FileDirectory.load(
        directory_file(scratch, secrets, stand_ins), substitutions={"sink": "http://127.0.0.1:9"}
    )
    keyring = parse_keyring(new_key_spec("b1"))
    planner = MatrixPlanner(
        Planner(load_matrix(PACKAGED_MATRIX), directory.directory),
        KeyringContacts(keyring),
        RecordingAlarm(),
    )
    log, clock, pool = InMemoryDeliveryLog(), SystemClock(), FakePool()
    other = RecordingOutboundChannel()
    channels: dict[ChannelName, Any] = {c: other for c in ChannelName}
    channels[ChannelName.WEBHOOK] = StandardWebhookChannel(
        pool=pool, secrets=SecretFiles(directory=secrets, development=False), clock=clock
    )
    worker = DeliveryWorker(
        log=log,
        renderer=JinjaRenderer(TEMPLATES),
        channels=channels,
        steps=StepWriter(log, EncodingPublisher()),
        clock=clock,
        backoff=Backoff(first_delay_s=5, max_delay_s=3600, give_up_after_s=86400),
        limits=WorkerLimits(
            pool_size=16, per_endpoint=8, send_timeout_s=30, failures_to_open=5, open_for_s=30
        ),
        jitter=random.random,
    )
    intake = DeliveryIntake(planner, log, worker, clock)
    raw = [encode(same_regions(e, regions)) for e in case_events("", events, routes=prefixes)]
    profiler = cProfile.Profile() if profile else None
    try:
        await worker.load()
        writer = asyncio.create_task(worker.steps.run())
        wall, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        planned = 0
        for start in range(0, len(raw), BATCH):
            batch = [CaseEvent(decode(r), 0) for r in raw[start : start + BATCH]]
            planned += await intake.take(batch)
            await asyncio.sleep(0)
        await worker.drain()
        await worker.steps.flush()  # the steps still buffered
        if profiler:
            profiler.disable()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        writer.cancel()
    finally:
        await worker.stop()
    print(
        f"{events} case events x {routes} routes -> {planned} deliveries, "
        f"{pool.fake.posts} webhook POSTs, {len(other.sent)} other sends, {len(log.entries)} steps written"
    )
    print(
        f"CPU per event: {cpu / events * 1e6:8.0f} us  per delivery: "
        f"{cpu / planned * 1e6:6.0f} us  (wall {wall:.2f} s)"
    )
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--routes", type=int, default=2)
    parser.add_argument("--regions", type=int, default=100, help="distinct region codes")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    configure_logging(service="notify")  # INFO and JSON, as the service runs
    with tempfile.TemporaryDirectory() as scratch:
        asyncio.run(run(args.events, args.routes, args.regions, Path(scratch), args.profile))


if __name__ == "__main__":
    main()
