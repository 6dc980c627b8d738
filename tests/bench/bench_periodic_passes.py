"""The cases service's periodic passes at N cases: what each costs the store, as the old
code asked and as it asks now (docs/decisions.md, "Cases: periodic passes that do not
read the cases").

    MONGODB_URL=mongodb://127.0.0.1:27017/ NETRA_BENCH_CASES=20000 \
        NETRA_BENCH_STORE_PID=$(cat var/run/ferretdb.pid) \
        .venv/bin/python tests/bench/bench_periodic_passes.py

Seeds a scratch database (bench_cases_store.py's `seed`; reused if already seeded) and
times each pass `REPEAT` times: wall time, this process's CPU and, with
NETRA_BENCH_STORE_PID, the store's process tree CPU (FerretDB; on FerretDB/PostgreSQL
give the postmaster's pid too, comma-separated). Nothing is pending, as at rest. Then the
store CPU per hour at rest with the shipped intervals. Skips (exit 0) without MONGODB_URL,
so `make bench` runs without a store.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from services.cases.adapters.deadline_rules_file import load_deadline_policy
from services.cases.adapters.mongo_case_reads import MongoCaseReads
from services.cases.adapters.mongo_case_store import MongoCaseStore
from services.cases.adapters.mongo_deadline_watch import MongoDeadlineWatch
from services.cases.adapters.view_deadline_watch import ViewDeadlineWatch
from services.cases.read_models.staff_view import StaffView
from services.cases.read_models.view_upkeep import load
from services.cases.settings import CasesSettings
from services.common.clock import SystemClock
from services.common.mongo import make_client

# Run as a file (`make bench` does), the repo root is not on sys.path yet.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.bench.bench_cases_store import seed
from tests.bench.pipeline.cpu import children_by_parent, tree_seconds

REPEAT = 3
HOUR_S = 3600.0


def store_seconds(pids: list[int]) -> float:
    tree = children_by_parent()
    return sum(tree_seconds(pid, tree) or 0.0 for pid in pids)


async def timed(
    name: str, work: Callable[[], Awaitable[Any]], pids: list[int], results: dict[str, float]
) -> None:
    """Median of REPEAT runs: wall, this process's CPU, the store's CPU (when its pid is known)."""
    walls, cpus, stores = [], [], []
    for _ in range(REPEAT):
        start, cpu, store = time.perf_counter(), time.process_time(), store_seconds(pids)
        await work()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
        stores.append(store_seconds(pids) - store)
    store_cpu = statistics.median(stores)
    results[name] = store_cpu if pids else statistics.median(walls)
    shown = f"store cpu {store_cpu:7.3f} s" if pids else "store cpu    n/a"
    print(
        f"{name:<52} {statistics.median(walls):8.3f} s  "
        f"cpu {statistics.median(cpus):7.3f} s  {shown}"
    )


async def main() -> None:
    url = os.environ.get("MONGODB_URL")
    if not url:
        print("MONGODB_URL not set: skipped (see the docstring)")
        return
    total = int(os.environ.get("NETRA_BENCH_CASES", "20000"))
    pids = [int(p) for p in os.environ.get("NETRA_BENCH_STORE_PID", "").split(",") if p]
    client = make_client(url, write_concern="auto")
    db = client[f"bench_cases_{total}"]
    store, reads = MongoCaseStore(db, clock=SystemClock()), MongoCaseReads(db)
    await store.ensure_indexes()
    await seed(db, total)
    policy, settings = load_deadline_policy(None, warn_before_hours=None), CasesSettings()
    now, warn = datetime.now(UTC), policy.warn_before
    stored_watch = MongoDeadlineWatch(db)
    view = StaffView()
    start = time.perf_counter()
    await load(view, reads)
    print(f"staff view loaded ({len(view.rows)} cases) in {time.perf_counter() - start:.1f} s")
    view_watch = ViewDeadlineWatch(view, stored_watch)
    cases = db["cases"]
    r: dict[str, float] = {}
    print(f"{'pass (nothing pending, as at rest)':<52} {'wall':>10}  {'python':>11}  store")
    await timed(
        "deadline scan, before: due_query on the store",
        lambda: stored_watch.due_cases(now=now, warn_before=warn, limit=100),
        pids,
        r,
    )
    await timed(
        "deadline scan, after: from the staff view",
        lambda: view_watch.due_cases(now=now, warn_before=warn, limit=100),
        pids,
        r,
    )
    await timed(
        "outbox relay, before: outbox_pending over cases",
        lambda: cases.find({"outbox_pending": True}, {"outbox": 1}).limit(50).to_list(None),
        pids,
        r,
    )
    await store.pending(50)  # first passes (a store set up empty is never swept)
    await store.pending_moves(50)
    await timed("outbox relay, after: pending marks", lambda: store.pending(50), pids, r)
    await timed(
        "move recovery, before: move_pending over cases",
        lambda: cases.find({"move_pending": True}, {"pending_move": 1}).limit(50).to_list(None),
        pids,
        r,
    )
    await timed("move recovery, after: pending marks", lambda: store.pending_moves(50), pids, r)
    await timed(
        "view reconcile: updated_at over cases (unchanged)",
        lambda: reads.changed_since(now - timedelta(minutes=1)),
        pids,
        r,
    )
    if not pids:
        print("(no NETRA_BENCH_STORE_PID: the last column is wall time)")
    minute = HOUR_S / 60
    before = (
        r["deadline scan, before: due_query on the store"]
        + r["outbox relay, before: outbox_pending over cases"]
        + r["move recovery, before: move_pending over cases"]
        + r["view reconcile: updated_at over cases (unchanged)"]
    ) * minute
    after = (
        r["deadline scan, after: from the staff view"] * HOUR_S / settings.deadline_scan_interval_s
        + (r["outbox relay, after: pending marks"] + r["move recovery, after: pending marks"])
        * HOUR_S
        / settings.outbox_recovery_interval_s
        + r["view reconcile: updated_at over cases (unchanged)"]
        * HOUR_S
        / settings.staff_view_reconcile_s
    )
    unit = "store CPU" if pids else "wall"
    print(f"at rest, {unit} s per hour at {total} cases: before {before:.1f}, after {after:.1f}")
    await client.close()


if __name__ == "__main__":
    asyncio.run(main())
