"""Partition assignment at N cases: the cases service's state rebuild, before and after.

    MONGODB_URL=mongodb://127.0.0.1:27017/ NETRA_BENCH_CASES=100000 \\
        .venv/bin/python tests/bench/bench_partition_rebuild.py

Seeds like bench_cases_store.py (same database, `bench_cases_<N>` or NETRA_BENCH_DB,
reused if seeded; kept when NETRA_BENCH_KEEP=1), drops any partition journal left in it, then times, for all six
partitions of the triaged topic:

1. the first assignment on a store without snapshots: the scan of open cases and links
   (what every assignment cost before the journal), then the snapshots saved;
2. the hot path, 20 batches of 100 reports, now recording a delta per batch (a snapshot
   every CASES_SNAPSHOT_EVERY_BATCHES, default 50, so none here unless set lower);
3. an assignment on a fresh replica: snapshots + deltas + closures, no scan.

No Kafka: the closure feed is a stand-in with no closures (reading them is measured in
tests/integration/test_case_closures.py). Skips (exit 0) without MONGODB_URL.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
import uuid
from pathlib import Path

from services.cases.adapters.deadline_rules_file import load_deadline_policy
from services.cases.adapters.mongo_case_store import MongoCaseStore
from services.cases.adapters.mongo_filing_log import MongoFilingLog
from services.cases.adapters.mongo_partition_journal import (
    DELTAS,
    SNAPSHOTS,
    MongoPartitionJournal,
)
from services.cases.domain.vocabulary import ElectionType
from services.cases.service_layer.filing import TriagedFiling
from services.cases.service_layer.partition_state import PartitionStates
from services.common.clock import SystemClock
from services.common.mongo import make_client

# Run as a file (`make bench` does), the repo root is not on sys.path yet.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.bench.bench_cases_store import (
    PARTITIONS,
    Discard,
    NoClosures,
    seed,
    triaged,
)


async def main() -> None:
    url = os.environ.get("MONGODB_URL")
    if not url:
        print("MONGODB_URL not set: skipped (see the docstring)")
        return
    total = int(os.environ.get("NETRA_BENCH_CASES", "100000"))
    every = int(os.environ.get("CASES_SNAPSHOT_EVERY_BATCHES", "50"))
    client = make_client(url, write_concern="auto")
    db = client[os.environ.get("NETRA_BENCH_DB") or f"bench_cases_{total}"]
    await MongoCaseStore(db, clock=SystemClock()).ensure_indexes()
    await seed(db, total)
    await db.drop_collection(SNAPSHOTS)
    await db.drop_collection(DELTAS)
    log, journal = MongoFilingLog(db), MongoPartitionJournal(db)
    policy = load_deadline_policy(None, warn_before_hours=None)
    everything = frozenset(range(PARTITIONS))

    def replica() -> TriagedFiling:
        return TriagedFiling(
            filing_log=log,
            open_cases=log,
            publisher=Discard(),
            policy=policy,
            clock=SystemClock(),
            default_election=ElectionType.PILKADA,
            states=PartitionStates(),
            max_linked_reports=500,
            journal=journal,
            closures=NoClosures(),
            snapshot_every=every,
        )

    first = replica()
    start = time.perf_counter()
    await first.assigned(everything)
    held = sum(len(first.states.cases(p)) for p in everything)
    print(
        f"{'assignment, no snapshot (scan), 6 partitions':<48} {time.perf_counter() - start:8.2f} s   {held} open cases"
    )
    run, batches = uuid.uuid4().hex[:8], 20
    start = time.perf_counter()
    for b in range(batches):  # every fifth report a duplicate of the one before
        await first.file([triaged(b * 100 + n - (n % 5 == 4), run) for n in range(100)])
    rate = batches * 100 / (time.perf_counter() - start)
    print(f"{'hot path, 20 batches of 100, with deltas':<48} {rate:8.0f} reports/s")
    second = replica()
    start = time.perf_counter()
    await second.assigned(everything)
    elapsed = time.perf_counter() - start
    same = all(
        sorted(map(str, first.states.cases(p))) == sorted(map(str, second.states.cases(p)))
        for p in everything
    )
    print(
        f"{'assignment, snapshot + deltas, 6 partitions':<48} {elapsed:8.2f} s   same state: {same}"
    )
    start = time.perf_counter()
    await journal.load(everything)
    print(f"{'  of which reading snapshots + deltas':<48} {time.perf_counter() - start:8.2f} s")
    sizes = await db.command("collStats", SNAPSHOTS)
    print(f"snapshots: {sizes.get('count')} documents, {sizes.get('size', 0) / 1e6:.1f} MB")
    if os.environ.get("NETRA_BENCH_KEEP") != "1":
        await client.drop_database(db.name)
    await client.close()


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
