"""The workspace's exports (issue 14) over the staff view, without a store or HTTP:
CPU time and the peak of Python memory while a whole queue is written, and the cost the
"why here" record adds to the hot path per opened case.

    .venv/bin/python tests/bench/bench_workspace_exports.py [--cases 5000]

The peak is tracemalloc's, measured from the start of each export (the view is loaded
before): a constant bound, not one growing with the file, is what "streams" means here.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
import time
import tracemalloc
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from services.cases.adapters.xlsx_export import xlsx_chunks
from services.cases.read_models.exports import (
    CSV_COLUMNS,
    export_cases,
    export_values,
    visible_summaries,
)
from services.cases.read_models.models import CaseFilters
from services.cases.read_models.staff_view import StaffView
from services.cases.read_models.view_upkeep import load
from services.cases.service_layer.new_cases import triage_basis

# Run as a file (`make bench` does), the repo root is not on sys.path yet.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.bench.bench_cases_store import OPS, triaged
from tests.bench.bench_staff_view import InMemoryPages, documents


async def measured(name: str, work: Callable[[], Awaitable[tuple[int, int]]]) -> None:
    """Twice: the CPU time on its own (tracemalloc slows allocation several times over),
    then the peak under tracemalloc. CPU is the process's, worker threads included."""
    gc.collect()
    start = time.process_time()
    rows, size = await work()
    used = time.process_time() - start
    gc.collect()
    tracemalloc.start()
    await work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{name:<28} cpu {used:7.3f} s  {used / max(rows, 1) * 1e6:6.0f} us/row  "
        f"peak {peak / 2**20:6.1f} MiB  {size / 2**20:6.1f} MiB out  {rows} rows"
    )


async def drain_text(lines: AsyncIterator[str]) -> tuple[int, int]:
    rows = size = 0
    async for line in lines:
        rows, size = rows + 1, size + len(line.encode())
    return rows - 1, size


async def drain_bytes(chunks: AsyncIterator[bytes], rows: int) -> tuple[int, int]:
    size = 0
    async for chunk in chunks:
        size += len(chunk)
    return rows, size


async def main(total: int) -> None:
    cases, links = documents(total)
    view = StaffView()
    await load(view, InMemoryPages(cases, links))
    del cases, links
    now = datetime.now(UTC)

    async def as_csv() -> tuple[int, int]:
        lines = export_cases(view=view, actor=OPS, filters=CaseFilters(), fmt="csv", now=now)
        return await drain_text(lines)

    async def as_xlsx() -> tuple[int, int]:
        summaries = visible_summaries(view=view, actor=OPS, filters=CaseFilters(), now=now)
        rows = (export_values(s) for s in summaries)
        return await drain_bytes(xlsx_chunks(CSV_COLUMNS, rows, title="cases"), len(view.rows))

    await measured("export CSV (ops, all)", as_csv)
    await measured("export XLSX (ops, all)", as_xlsx)

    decisions = [triaged(n, "bench").triaged.decision for n in range(2000)]
    start = time.process_time()
    for decision in decisions:
        triage_basis(decision)
    used = time.process_time() - start
    print(f"{'triage_basis per opened case':<28} cpu {used / len(decisions) * 1e6:7.1f} us")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=5000)
    asyncio.run(main(parser.parse_args().cases))
