"""Cases on a big store: the staff view and the hot path's inserts at N cases.

    MONGODB_URL=mongodb://127.0.0.1:27311/ NETRA_BENCH_CASES=100000 \
        .venv/bin/python tests/bench/bench_cases_store.py

Seeds a scratch database (kept when NETRA_BENCH_KEEP=1, reused if already seeded) with N
cases, their reports and filings and a duplicate linked to every tenth, then times the
staff view's load (wall and CPU time; its memory: bench_staff_view.py), what staff do
from it (queue pages, search, statistics, an export, a status look-up), a case page from
the store, applying case events and reading back dirty cases, the state rebuild of a
partition assignment, and the hot path filing batches of 100 new reports. Skips (exit 0) without MONGODB_URL,
so `make bench` runs without a store.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from schemas.cases import CaseOpened
from schemas.codec import decode
from schemas.triage import Category, ReportTriaged, SubjectType
from services.cases.adapters.case_documents import (
    filing_document,
    link_document,
    new_case_document,
    report_document,
)
from services.cases.adapters.deadline_rules_file import load_deadline_policy
from services.cases.adapters.mongo_case_reads import MongoCaseReads
from services.cases.adapters.mongo_case_store import MongoCaseStore
from services.cases.adapters.mongo_filing_log import MongoFilingLog
from services.cases.adapters.mongo_partition_journal import MongoPartitionJournal
from services.cases.domain.lifecycle.linking_steps import duplicate_link_entry
from services.cases.domain.model import Actor
from services.cases.domain.vocabulary import ElectionType, Role
from services.cases.read_models.case_view import get_case
from services.cases.read_models.exports import export_cases
from services.cases.read_models.models import CaseFilters
from services.cases.read_models.queue import list_cases
from services.cases.read_models.staff_view import StaffView
from services.cases.read_models.stats import case_stats
from services.cases.read_models.status_lookup import status_of
from services.cases.read_models.view_upkeep import load, refresh
from services.cases.service_layer.filing import TriagedFiling
from services.cases.service_layer.filing_plan import Filer, Trace, TriagedItem
from services.cases.service_layer.partition_state import PartitionStates
from services.cases.service_layer.ports import CaseLink, NewCase
from services.cases.settings import CasesSettings
from services.common.clock import SystemClock
from services.common.mongo import make_client
from services.common.publishing import Outgoing

EXAMPLE = Path(__file__).resolve().parents[2] / "schemas" / "examples" / "report.triaged.json"
REGIONS = ["18.12", "35.08", "52.03", "11.07", "73.71", "31.74", "64.72", "91.05"]
CATEGORIES = list(Category)
PARTITIONS = 6
CHUNK = 1000
OPS = Actor(name="Ops", role=Role.OPS, region="RI")
REGIONAL = Actor(name="Siti", role=Role.BAWASLU, region="18.12")


class NoClosures:
    """The closure feed, caught up, with nothing closed (no Kafka here)."""

    async def caught_up(self) -> None:
        return None

    def closed_ids(self) -> frozenset[str]:
        return frozenset()

    def positions(self) -> dict[int, int]:
        return {0: 0}


class Discard:
    """No Kafka here: the hot path's store work alone is measured."""

    async def publish(self, envelope: Any, *, topic: str, key: str) -> None:
        return None

    async def publish_all(self, events: Sequence[Outgoing]) -> None:
        return None


def triaged(n: int, run: str) -> TriagedItem:
    envelope = decode(EXAMPLE.read_bytes())
    payload = envelope.data
    assert isinstance(payload, ReportTriaged)
    region = REGIONS[n % len(REGIONS)]
    code = f"NTR-{run[:4].upper()}-{n:012d}"
    report = payload.report.model_copy(
        update={"report_id": f"RPT-{run}-{n}", "tracking_code": code}
    )
    decision = payload.decision.model_copy(
        update={
            "dedup_key": f"dk-{run}-{n}",
            "region_code": region,
            "routes": [f"BAWASLU:{region}"],
            "category": CATEGORIES[n % len(CATEGORIES)],
        }
    )
    data = ReportTriaged(report=report, decision=decision)
    return TriagedItem(uuid.uuid4(), data, n % PARTITIONS, Trace(None, None), n)


async def seed(db: Any, total: int) -> None:
    """N cases opened over the last 90 days; every tenth has a linked duplicate."""
    have = await db["cases"].estimated_document_count()
    if have >= total:
        print(f"store already holds {have} cases")
        return
    start = time.perf_counter()
    policy, t0 = (
        load_deadline_policy(None, warn_before_hours=None),
        datetime.now(UTC) - timedelta(days=90),
    )
    for base in range(have, total, CHUNK):
        items = [triaged(n, "seed") for n in range(base, min(base + CHUNK, total))]
        now = t0 + timedelta(seconds=base * 77760 // total)
        limit = CasesSettings().cases_max_linked_reports
        plan = Filer(policy, ElectionType.PILKADA, now, limit).plan(items, PartitionStates(), {})
        cases = [new_case_document(NewCase(c.case, c.record)) for c in plan.cases]
        await db["cases"].insert_many(cases, ordered=False)
        await db["reports"].insert_many(
            [report_document(i.triaged.report) for i in items], ordered=False
        )
        await db["report_filings"].insert_many(
            [filing_document(f) for f in plan.filings], ordered=False
        )
        links = [a_duplicate(c["_id"], n, now) for n, c in enumerate(cases) if n % 10 == 0]
        await db["case_links"].insert_many(links, ordered=False)
        if base % 10000 == 0:
            print(f"  seeded {base + len(items)} ({time.perf_counter() - start:.0f} s)")
    print(f"seeded {total} cases in {time.perf_counter() - start:.0f} s")


def a_duplicate(case_id: str, n: int, now: datetime) -> dict[str, Any]:
    report_id = f"DUP-{case_id}"
    entry = duplicate_link_entry(
        case_id=case_id, report_id=report_id, anonymous=True, now=now, trace_id=None
    )
    meta = {"report_id": report_id, "tracking_code": None, "linked_at": now}
    return link_document(CaseLink(report_id, case_id, True, now, meta, entry, n % PARTITIONS))


async def timed(name: str, work: Callable[[], Awaitable[str]]) -> None:
    """Wall time (inflated by a loaded machine) and this process's CPU time."""
    start, cpu = time.perf_counter(), time.process_time()
    detail = await work()
    wall, used = time.perf_counter() - start, time.process_time() - cpu
    print(f"{name:<44} {wall:8.3f} s  cpu {used:7.3f} s   {detail}")


def opened_events(count: int) -> list[CaseOpened]:
    at = datetime.now(UTC)
    return [
        CaseOpened(
            case_id=f"CASE-EVENT-{n:08d}",
            report_id=f"RPT-EVENT-{n}",
            opened_at=at,
            category=CATEGORIES[n % len(CATEGORIES)],
            subject_type=SubjectType.ASN,
            region_code=REGIONS[n % len(REGIONS)],
            routes=[f"BAWASLU:{REGIONS[n % len(REGIONS)]}"],
            needs_review=False,
            summary="Camat hadir dalam deklarasi paslon",
            status="received",
            election_type="pilkada",
            deadline_at=at + timedelta(days=7),
            deadline_state="ok",
            tracking_code=f"NTR-EVNT-{n:012d}",
        )
        for n in range(count)
    ]


async def main() -> None:
    url = os.environ.get("MONGODB_URL")
    if not url:
        print("MONGODB_URL not set: skipped (see the docstring)")
        return
    total = int(os.environ.get("NETRA_BENCH_CASES", "100000"))
    client = make_client(url, write_concern="auto")
    db = client[f"bench_cases_{total}"]
    store, reads = MongoCaseStore(db, clock=SystemClock()), MongoCaseReads(db)
    await store.ensure_indexes()
    await seed(db, total)
    now, policy = datetime.now(UTC), load_deadline_policy(None, warn_before_hours=None)
    some_case = (await db["cases"].find_one({}, {"_id": 1}) or {})["_id"]

    view = StaffView()

    async def warm() -> str:
        return f"{await load(view, reads)} cases"

    async def page(actor: Actor, filters: CaseFilters) -> str:
        found = list_cases(view=view, actor=actor, filters=filters, cursor=None, limit=50, now=now)
        return f"{len(found.items)} rows"

    async def stats(actor: Actor) -> str:
        return f"total {case_stats(view=view, actor=actor, now=now).total}"

    async def export() -> str:
        lines = 0
        async for _ in export_cases(
            view=view, actor=REGIONAL, filters=CaseFilters(), fmt="csv", now=now
        ):
            lines += 1
        return f"{lines - 1} rows (Bawaslu 18.12)"

    async def case_page() -> str:
        read = await get_case(reads=reads, policy=policy, actor=OPS, case_id=some_case, now=now)
        return f"{len(read.reports)} reports"

    async def status() -> str:
        code = f"NTR-SEED-{total // 2:012d}"
        found = await status_of(view=view, reads=reads, tracking_code=code)
        return f"status {found.status if found else None}"

    async def events() -> str:
        batch = opened_events(10000)
        start = time.process_time()
        for event in batch:
            view.apply(event)
        used = time.process_time() - start
        return f"{len(batch) / used:,.0f} case.opened/s applied ({used / len(batch) * 1e6:.0f} us each)"

    async def read_back() -> str:
        for case_id in list(view.rows)[:500]:
            view.touched(case_id)
        return f"{await refresh(view, reads, limit=500)} cases read back in one query"

    log = MongoFilingLog(db)

    async def rebuild() -> str:
        found = await log.open_cases(frozenset({0, 1, 2}))
        return f"{sum(len(v) for v in found.values())} open cases in 3 of {PARTITIONS}"

    async def hot_path() -> str:
        run = uuid.uuid4().hex[:8]
        filing = TriagedFiling(
            filing_log=log,
            open_cases=log,
            publisher=Discard(),
            policy=policy,
            clock=SystemClock(),
            default_election=ElectionType.PILKADA,
            states=PartitionStates(),
            max_linked_reports=CasesSettings().cases_max_linked_reports,
            journal=MongoPartitionJournal(db),
            closures=NoClosures(),
            snapshot_every=50,
        )
        await filing.assigned(frozenset(range(PARTITIONS)))
        start, batches = time.perf_counter(), 10
        for b in range(batches):  # every fifth report a duplicate of the one before
            await filing.file([triaged(b * 100 + n - (n % 5 == 4), run) for n in range(100)])
        rate = batches * 100 / (time.perf_counter() - start)
        return f"{rate:.0f} reports/s filed (store only, no Kafka), after the rebuild"

    await timed("staff view: load every case", warm)
    await timed("queue, first page, ops (national)", lambda: page(OPS, CaseFilters()))
    await timed("queue, first page, Bawaslu 18.12", lambda: page(REGIONAL, CaseFilters()))
    await timed(
        "queue, money politics, overdue, ops",
        lambda: page(OPS, CaseFilters(category="MONEY_POLITICS", overdue=True)),
    )
    await timed("queue, text search, Bawaslu 18.12", lambda: page(REGIONAL, CaseFilters(q="x")))
    await timed("statistics, ops (national)", lambda: stats(OPS))
    await timed("statistics, Bawaslu 18.12", lambda: stats(REGIONAL))
    await timed("export CSV, Bawaslu 18.12", export)
    await timed("one case page (store)", case_page)
    await timed("status by tracking code (view + store)", status)
    await timed("staff view: apply 10,000 case.opened", events)
    await timed("staff view: read back 500 dirty cases", read_back)
    await timed("partition state rebuild (assignment)", rebuild)
    await timed("hot path: 10 batches of 100", hot_path)
    if os.environ.get("NETRA_BENCH_KEEP") != "1":
        await client.drop_database(db.name)
    await client.close()


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
