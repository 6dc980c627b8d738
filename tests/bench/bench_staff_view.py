"""The staff view in memory, without a store: CPU time and memory at N cases.

    .venv/bin/python tests/bench/bench_staff_view.py [--cases 100000]

Builds N case documents as the hot path stores them (every tenth with a linked
duplicate), loads them into a `StaffView` under tracemalloc (the documents dropped after,
so what stays is what the view holds), then times, in this process's CPU seconds, what
staff ask of it and what the feed does per event. The store's part of a load (reading the
pages) is `bench_cases_store.py`'s.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
import time
import tracemalloc
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from services.cases.adapters.case_assembly import by_case, join_links
from services.cases.adapters.case_documents import new_case_document
from services.cases.adapters.deadline_rules_file import load_deadline_policy
from services.cases.domain.vocabulary import ElectionType
from services.cases.read_models.exports import export_cases
from services.cases.read_models.models import CaseFilters
from services.cases.read_models.queue import list_cases
from services.cases.read_models.staff_view import StaffView
from services.cases.read_models.stats import case_stats
from services.cases.read_models.view_upkeep import load
from services.cases.service_layer.filing_plan import Filer
from services.cases.service_layer.partition_state import PartitionStates
from services.cases.service_layer.ports import NewCase

# Run as a file (`make bench` does), the repo root is not on sys.path yet.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.bench.bench_cases_store import (
    CHUNK,
    OPS,
    REGIONAL,
    a_duplicate,
    opened_events,
    triaged,
)

Document = dict[str, Any]


def documents(total: int) -> tuple[list[Document], list[Document]]:
    policy = load_deadline_policy(None, warn_before_hours=None)
    t0 = datetime.now(UTC) - timedelta(days=90)
    cases: list[Document] = []
    links: list[Document] = []
    for base in range(0, total, CHUNK):
        items = [triaged(n, "seed") for n in range(base, min(base + CHUNK, total))]
        now = t0 + timedelta(seconds=base * 77760 // total)
        plan = Filer(policy, ElectionType.PILKADA, now, max_linked_reports=500).plan(
            items, PartitionStates(), {}
        )
        batch = [new_case_document(NewCase(c.case, c.record)) for c in plan.cases]
        cases += batch
        links += [a_duplicate(c["_id"], n, now) for n, c in enumerate(batch) if n % 10 == 0]
    return cases, links


class InMemoryPages:
    """`CaseReads.every_case` over documents in a list (the rest of the port unused)."""

    def __init__(self, cases: list[Document], links: list[Document]) -> None:
        self.cases, self.links = cases, by_case(links)

    async def every_case(self) -> AsyncIterator[Document]:
        for document in self.cases:
            yield join_links(document, self.links.get(document["_id"], []))

    async def cases_by_id(self, case_ids: Sequence[str]) -> list[Document]:
        raise NotImplementedError

    async def changed_since(self, at: datetime) -> list[Document]:
        raise NotImplementedError

    async def case_document(self, case_id: str) -> Document | None:
        raise NotImplementedError

    async def report_by_tracking_code(self, tracking_code: str) -> Document | None:
        raise NotImplementedError

    async def corrected_cases(self) -> list[Document]:
        raise NotImplementedError

    async def reports_by_id(self, report_ids: Sequence[str]) -> list[Document]:
        raise NotImplementedError


def cpu(name: str, work: Callable[[], str]) -> None:
    start = time.process_time()
    detail = work()
    print(f"{name:<44} cpu {time.process_time() - start:7.3f} s   {detail}")


async def main(total: int) -> None:
    gc.collect()
    tracemalloc.start()
    cases, links = documents(total)
    view = StaffView()
    start = time.process_time()
    await load(view, InMemoryPages(cases, links))
    loaded = time.process_time() - start
    del cases, links
    gc.collect()
    held, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{'load (rows from documents)':<44} cpu {loaded:7.3f} s   {len(view.rows)} cases")
    print(f"{'memory held by the view':<44} {held / 2**20:11.0f} MiB  {held / total:,.0f} B/case")
    now = datetime.now(UTC)

    def page(actor: Any, filters: CaseFilters) -> str:
        found = list_cases(view=view, actor=actor, filters=filters, cursor=None, limit=50, now=now)
        return f"{len(found.items)} rows"

    async def export() -> int:
        lines = export_cases(view=view, actor=REGIONAL, filters=CaseFilters(), fmt="csv", now=now)
        return len([line async for line in lines]) - 1

    cpu("queue, first page, ops", lambda: page(OPS, CaseFilters()))
    cpu("queue, first page, Bawaslu 18.12", lambda: page(REGIONAL, CaseFilters()))
    cpu("queue, text search without a match, ops", lambda: page(OPS, CaseFilters(q="zzz")))
    cpu(
        "queue, text search without a match, Bawaslu",
        lambda: page(REGIONAL, CaseFilters(q="zzz")),
    )
    cpu("statistics, ops (national)", lambda: str(case_stats(view=view, actor=OPS, now=now).total))
    cpu(
        "statistics, Bawaslu 18.12",
        lambda: str(case_stats(view=view, actor=REGIONAL, now=now).total),
    )
    start = time.process_time()
    rows = await export()
    print(
        f"{'export CSV, Bawaslu 18.12':<44} cpu {time.process_time() - start:7.3f} s   {rows} rows"
    )
    batch = opened_events(10000)
    start = time.process_time()
    for event in batch:
        view.apply(event)
    used = time.process_time() - start
    print(
        f"{'apply 10,000 case.opened':<44} cpu {used:7.3f} s   {used / len(batch) * 1e6:.0f} us each"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100000)
    asyncio.run(main(parser.parse_args().cases))
