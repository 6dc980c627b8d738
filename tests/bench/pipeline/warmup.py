"""Before the first phase: every service ready and warm, so the phases measure the steady
state and not the start-up (a staff view still loading, a consumer group still joining).

In order: each service's `/ready` answers 200 and the cases service's staff view says it
is loaded (`/ready/staff-view`); then a few reports go through the whole pipeline (every
consumer group has joined and committed); then every consumer group's lag is 0.
"""

from __future__ import annotations

import asyncio
import time
import urllib.error
import urllib.request
from collections.abc import Callable

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

POLL_S = 1.0
GROUP_PREFIX = "netra-"


class NotWarm(Exception):
    """What was still not ready or warm when the time ran out."""


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except OSError:
        return 0


async def wait_ready(
    urls: dict[str, str], *, timeout_s: float, progress: Callable[[str], None]
) -> float:
    """Until every service's /ready and the staff view answer 200; returns the seconds."""
    started = time.monotonic()
    checks = {f"{name} /ready": f"{url}/ready" for name, url in urls.items()}
    if "cases" in urls:
        checks["cases staff view"] = f"{urls['cases']}/ready/staff-view"
    last_note = started
    while True:
        codes = await asyncio.gather(*(asyncio.to_thread(_status, u) for u in checks.values()))
        waiting = [name for name, code in zip(checks, codes, strict=True) if code != 200]
        now = time.monotonic()
        if not waiting:
            return now - started
        if now - started > timeout_s:
            raise NotWarm(f"not ready after {timeout_s:,.0f} s: {', '.join(waiting)}")
        if now - last_note >= 15:
            progress(f"waiting for {', '.join(waiting)} ({now - started:,.0f} s)")
            last_note = now
        await asyncio.sleep(POLL_S)


async def consumer_lag(bootstrap: str) -> dict[str, int]:
    """Per consumer group of the services: records on its partitions not yet committed."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, client_id="netra-bench-lag")
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await admin.start()
    await consumer.start()
    try:
        groups = [g[0] for g in await admin.list_consumer_groups()]
        lag: dict[str, int] = {}
        for group in sorted(g for g in groups if str(g).startswith(GROUP_PREFIX)):
            committed = await admin.list_consumer_group_offsets(group)
            tps: list[TopicPartition] = [tp for tp, meta in committed.items() if meta.offset >= 0]
            ends = await consumer.end_offsets(tps) if tps else {}
            lag[group] = sum(max(0, ends[tp] - committed[tp].offset) for tp in tps)
        return lag
    finally:
        await consumer.stop()
        await admin.close()


async def wait_no_lag(
    bootstrap: str, *, timeout_s: float, progress: Callable[[str], None]
) -> dict[str, int]:
    """Until no service's consumer group has records left to commit; returns the groups."""
    started = time.monotonic()
    while True:
        lag = await consumer_lag(bootstrap)
        behind = {group: n for group, n in lag.items() if n}
        if not behind:
            return lag
        if time.monotonic() - started > timeout_s:
            raise NotWarm(f"consumer lag after {timeout_s:,.0f} s: {behind}")
        progress(f"consumer lag: {behind}")
        await asyncio.sleep(POLL_S)
