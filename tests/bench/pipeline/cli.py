"""Command line and run order of the end-to-end load benchmark (see bench_pipeline.py)."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import sys
import time
from collections.abc import Coroutine
from dataclasses import dataclass
from types import FrameType
from typing import Any, TypeVar

import uvloop
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from deploy.local import stack
from services.cases.adapters.mongo_case_store import MongoCaseStore
from services.common.clock import SystemClock
from tests.bench.pipeline import bench_stack
from tests.bench.pipeline.bench_stack import BenchStack
from tests.bench.pipeline.census import census, store_pid_files
from tests.bench.pipeline.census import describe as describe_census
from tests.bench.pipeline.cpu import CpuMeter, read_pids
from tests.bench.pipeline.load import Poster, Posting
from tests.bench.pipeline.observer import PipelineObserver
from tests.bench.pipeline.raw_kafka import measure
from tests.bench.pipeline.results import (
    PhaseResult,
    describe,
    pending,
    phase_result,
    unsettled,
)
from tests.bench.pipeline.seeding import Document, count_cases, seed_cases
from tests.bench.pipeline.sink import WebhookSink
from tests.bench.pipeline.warmup import wait_no_lag, wait_ready

T = TypeVar("T")


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench_pipeline.py", description="End-to-end load benchmark (issue 9)."
    )
    add = parser.add_argument
    add("--seed-cases", type=int, default=0, help="cases in the store before the load")
    add("--rates", default="20", help="fixed rates in reports/s, comma-separated ('' for none)")
    add("--duration", type=float, default=20.0, help="seconds of posting per rate")
    add("--burst", type=int, default=500, help="reports posted as fast as intake takes them")
    add("--concurrency", type=int, default=64, help="requests in flight at most")
    add("--drain-timeout", type=float, default=120.0, help="wait after a phase's last answer")
    add("--count-timeout", type=float, default=300.0, help="seconds for one store count")
    add("--raw-messages", type=int, default=20_000, help="messages for the raw Kafka rate")
    add("--warmup", type=int, default=3000, help="reports through the pipeline before phase 1")
    add("--warm-timeout", type=float, default=1800.0, help="wait for ready, warm, no lag")
    add("--rest", type=float, default=5.0, help="seconds of the stack's CPU at rest, measured")
    add("--log-level", default="INFO", help="LOG_LEVEL of the services")
    add("--json", action="store_true", help="one JSON line per phase on stdout")
    add("--strict", action="store_true", help="exit 1 on lost, duplicated or a store mismatch")
    add("--keep-data", action="store_true", help="keep var/bench-<pid>/ (logs) and the database")
    add("--store-census", action="store_true", help="at the end: documents per report, their cost")
    add("--cluster", action="store_true", help="three local Kafka brokers (RF 3, min ISR 2)")
    add("--replicas", type=int, default=1, help="processes of each consumer service (1..4)")
    args = parser.parse_args(argv)
    args.rate_list = [float(r) for r in args.rates.split(",") if r.strip()]
    return args


def progress(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass
class Phase:
    name: str
    posting: Posting
    result: PhaseResult
    cutoff: float


async def settle(
    name: str, posting: Posting, observer: PipelineObserver, timeout_s: float
) -> tuple[float, bool]:
    """Wait until every accepted report is a notified case, or the deadline passes."""
    deadline = posting.finished + timeout_s
    last_note = time.monotonic()
    waiting = posting.accepted
    while True:
        observer.check()
        waiting = unsettled(waiting, observer.seen)
        left = len(waiting)
        now = time.monotonic()
        if left == 0 or now >= deadline:
            return now, left == 0
        if now - last_note >= 10:
            progress(f"{name}: {left:,} of {len(posting.accepted):,} not yet a notified case")
            last_note = now
        await asyncio.sleep(0.5)


async def seed(args: argparse.Namespace, bench: BenchStack) -> int:
    """Before the services start (they come up as after a restart). The database is new
    and `insert_many` raises unless all went in, so the cases before are the seeded ones:
    a count on FerretDB reads every case (minutes at 100,000; abandoned, it runs on)."""
    client: AsyncMongoClient[Document] = AsyncMongoClient(bench.mongodb_url, tz_aware=True)
    try:
        if args.seed_cases > 0:
            progress(f"seeding {args.seed_cases:,} cases")
            run_id = str(time.time_ns())
            db = client[bench.database]
            # Set up as the cases service sets up a new store, so the seeded cases stand
            # for cases written by this code (pending work marked): no start-up sweep.
            await MongoCaseStore(db, clock=SystemClock()).ensure_indexes()
            took = await seed_cases(db, args.seed_cases, run=run_id, progress=progress)
            progress(f"seeded in {took:,.1f} s")
        return max(0, int(args.seed_cases))
    finally:
        await client.close()


async def counted(db: AsyncDatabase[Document], timeout_s: float) -> int | None:
    """The number of cases; None when the store did not answer in time (a store whose
    every read scans can take minutes for one count of 100,000 cases)."""
    progress("counting the cases in the store")
    started = time.monotonic()
    try:
        count = await asyncio.wait_for(count_cases(db), timeout_s)
    except TimeoutError:
        progress(f"the store did not answer the count in {timeout_s:,.0f} s")
        return None
    progress(f"{count:,} cases (counted in {time.monotonic() - started:,.1f} s)")
    return count


async def run(
    args: argparse.Namespace, bench: BenchStack, sink: WebhookSink, *, before: int | None
) -> int:
    await sink.start()
    client: AsyncMongoClient[Document] = AsyncMongoClient(bench.mongodb_url, tz_aware=True)
    db = client[bench.database]
    observer = PipelineObserver(bench.kafka_bootstrap)
    poster = Poster(bench.urls["intake"], concurrency=args.concurrency)
    try:
        progress(f"raw Kafka: {args.raw_messages:,} messages of 1 KB, acks=all")
        raw = await measure(bench.kafka_bootstrap, args.raw_messages, layout=bench.layout)
        progress(f"raw Kafka: {raw.rate:,.0f} msg/s")
        await observer.start()
        warmed = await warm_up(args, bench, poster, observer)
        rest = CpuMeter(read_pids(bench.pid_files()))
        await asyncio.sleep(args.rest)
        progress(f"CPU % at rest over {args.rest:g} s (100 = one core): {rest.percent()}")
        plan = [(f"rate {r:g}/s for {args.duration:g} s", r) for r in args.rate_list]
        if args.burst > 0:
            plan.append((f"burst of {args.burst:,}", None))
        phases = []
        for name, rate in plan:
            cpu = CpuMeter(read_pids(bench.pid_files()))
            progress(f"{name}: posting")
            posting = (
                await poster.at_rate(rate, args.duration)
                if rate is not None
                else await poster.burst(args.burst)
            )
            progress(f"{name}: {len(posting.accepted):,} accepted; waiting for cases")
            cutoff, _ = await settle(name, posting, observer, args.drain_timeout)
            result = phase_result(
                name,
                posting,
                observer.seen,
                sink,
                deadline=cutoff,
                waited_s=cutoff - posting.finished,
            ).with_raw(raw.rate)
            result.extra["cpu_percent"] = cpu.percent()
            result.extra["cpu_ms_per_report"] = cpu.per_item_ms(len(posting.accepted))
            result.extra["load_average"] = [round(x, 2) for x in os.getloadavg()]
            phases.append(Phase(name, posting, result, cutoff))
            if args.json:
                print(result.json_line(), flush=True)
            else:
                print(describe(result), flush=True)
                print(f"  CPU % (100 = one core)  {result.extra['cpu_percent']}", flush=True)
                print(f"  CPU ms per report       {result.extra['cpu_ms_per_report']}", flush=True)
                print(
                    f"  load average   {result.extra['load_average']} (whole machine)", flush=True
                )
        # The services stop first: on a store where every read scans, the final count
        # would otherwise queue behind their polling for minutes.
        await observer.stop()
        await asyncio.to_thread(stack.stop_services)
        after = await counted(db, args.count_timeout)
        if args.store_census:
            await store_census(
                client, bench, accepted=warmed + sum(len(p.posting.accepted) for p in phases)
            )
        return summary(args, phases, observer, before=before, after=after, warmed=warmed)
    finally:
        await poster.close()
        await observer.stop()
        await sink.stop()
        if bench.own_database and not args.keep_data:
            await client.drop_database(bench.database)
        await client.close()


async def store_census(
    client: AsyncMongoClient[Document], bench: BenchStack, *, accepted: int
) -> None:
    progress("store census: sampling every collection and timing inserts of its documents")
    started = time.monotonic()
    store = store_pid_files(bench.pid_files())
    if not store:
        progress("store census: a store this bench did not start: its CPU reads as 0")
    costs = await census(client, bench.database, accepted=accepted, store_pid_files=store)
    print(describe_census(costs, started=started), flush=True)


async def warm_up(
    args: argparse.Namespace, bench: BenchStack, poster: Poster, observer: PipelineObserver
) -> int:
    """The services ready, the staff view loaded, `--warmup` reports through the pipeline
    and no consumer lag, before anything is measured; returns the reports it posted."""
    services = {n: u for n, u in bench.urls.items() if n != stack.DEV_SINKS}  # no /ready
    took = await wait_ready(services, timeout_s=args.warm_timeout, progress=progress)
    progress(f"every service ready and the staff view loaded ({took:,.1f} s)")
    if args.warmup <= 0:
        return 0
    posting = await poster.burst(args.warmup)
    await settle("warm-up", posting, observer, args.warm_timeout)
    lag = await wait_no_lag(bench.kafka_bootstrap, timeout_s=args.warm_timeout, progress=progress)
    left = pending(posting, observer.seen)
    progress(f"warm-up: {len(posting.accepted):,} accepted, {left} not notified; lag {lag}")
    return len(posting.accepted)


def summary(
    args: argparse.Namespace,
    phases: list[Phase],
    observer: PipelineObserver,
    *,
    before: int | None,
    after: int | None,
    warmed: int,
) -> int:
    # The warm-up's reports are cases too: the store grows by them and the phases'.
    accepted = warmed + sum(len(p.posting.accepted) for p in phases)
    late = {
        p.name: sum(
            1
            for post in p.posting.accepted
            if (o := observer.seen.case_of(str(post.report_id))) is not None and o.at > p.cutoff
        )
        for p in phases
    }
    grew = None if before is None or after is None else after - before
    record = {
        "kind": "summary",
        "cases_before": before,
        "cases_after": after,
        "cases_grew_by": grew,
        "accepted": accepted,
        "store_matches": grew == accepted,
        "late": late,
        "lost": sum(p.result.lost for p in phases),
        "duplicated": sum(p.result.duplicated for p in phases),
    }
    if args.json:
        print(json.dumps(record, sort_keys=True), flush=True)
    else:
        if grew is None:
            counts = " -> ".join("not counted" if n is None else f"{n:,}" for n in (before, after))
            verdict = f"cases {counts} (the store did not answer in time); accepted {accepted:,}"
        else:
            check = "OK" if grew == accepted else f"MISMATCH ({grew - accepted:+,})"
            verdict = f"cases {before:,} -> {after:,} (+{grew:,}); accepted {accepted:,}: {check}"
        print(
            f"== store: {verdict}\n   late (a case only after its phase's deadline): {late}",
            flush=True,
        )
    bad = record["lost"] or record["duplicated"] or grew != accepted
    return 1 if args.strict and bad else 0


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _run_async(coro: Coroutine[Any, Any, T]) -> T:
    """asyncio.run with SIGTERM cancelling the main task, as Ctrl-C does: the `finally`
    blocks close clients and connections before the stack is stopped. Outside the loop
    SIGTERM raises KeyboardInterrupt (closing a loop resets its handlers to the default)."""

    async def guarded() -> T:
        task = asyncio.current_task()
        assert task is not None
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
        return await coro

    try:
        # uvloop, as the services run: the harness shares the machine with the stack it
        # measures, and every millisecond it spends is one the stack does not get.
        with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
            return runner.run(guarded())
    finally:
        signal.signal(signal.SIGTERM, _interrupt)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    # aiokafka logs (as errors) every leader election on a fresh broker; it retries itself.
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    signal.signal(signal.SIGTERM, _interrupt)
    sink = WebhookSink()
    bench: BenchStack | None = None
    try:
        progress("starting Kafka and the store")
        bench = bench_stack.start_infra(
            sink_url=sink.base_url, log_level=args.log_level, brokers=3 if args.cluster else 1
        )
        before = _run_async(seed(args, bench))
        progress(f"starting the four services ({args.replicas} of each consumer)")
        bench_stack.start_services(bench, replicas=args.replicas)
        progress(f"up: {bench.urls['intake']} (data {bench.data_dir})")
        return _run_async(run(args, bench, sink, before=before))
    except (KeyboardInterrupt, asyncio.CancelledError):
        progress("interrupted; stopping everything")
        return 130
    except stack.StackError as exc:
        progress(f"the stack failed to start:\n{exc}")
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        bench_stack.stop(keep_data=args.keep_data)
        progress("stopped")
