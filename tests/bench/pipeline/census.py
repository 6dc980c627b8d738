"""Where the store's CPU per report goes: documents written per report, per collection, and
what one insert of such documents costs the store (`bench_pipeline.py --store-census`).

Run after the phases, with the services stopped and the store still up. For every
collection of the bench's database: its documents per accepted report, their mean BSON
size, and the store's CPU (the processes the pid files name: FerretDB and PostgreSQL, or
mongod) for copies of a sample of them inserted into a scratch database, one per call and
`BATCH` per call. `store ms/report` = documents per report x CPU per document at `BATCH`:
a floor for what the pipeline's writes cost the store (its batches are rarely larger).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import bson
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.asynchronous.mongo_client import AsyncMongoClient

from deploy.local import stack
from tests.bench.pipeline.cpu import CpuMeter, read_pids
from tests.bench.pipeline.seeding import Document

SAMPLE = 12
BATCH = 12
# Calls timed: CPU is read in ticks of 10 ms, so each figure spans well over a hundred.
CALLS = {1: 150, BATCH: 100}


def store_pid_files(pid_files: Mapping[str, Path]) -> dict[str, Path]:
    """Of a stack's pid files (`<name>.pid`), the store's: FerretDB, PostgreSQL, mongo-java-server."""
    return {name: path for name, path in pid_files.items() if name in stack.STORE_SCRIPTS}


@dataclass(frozen=True)
class CollectionCost:
    name: str
    documents: int
    per_report: float
    mean_bytes: float
    ms_per_call_of_one: float
    ms_per_document: float  # at BATCH per call

    @property
    def ms_per_report(self) -> float:
        return self.per_report * self.ms_per_document


async def census(
    client: AsyncMongoClient[Document],
    database: str,
    *,
    accepted: int,
    store_pid_files: dict[str, Path],
) -> list[CollectionCost]:
    db, scratch_name = client[database], f"{database}_census"
    scratch = client[scratch_name]
    found = []
    try:
        for name in sorted(await db.list_collection_names()):
            sample = [d async for d in db[name].find({}).limit(SAMPLE)]
            if not sample:
                continue
            documents = await db[name].count_documents({})
            one, batched = await _insert_cost(scratch, name, sample, store_pid_files)
            found.append(
                CollectionCost(
                    name,
                    documents,
                    documents / accepted if accepted else 0.0,
                    sum(len(bson.encode(d)) for d in sample) / len(sample),
                    one,
                    batched,
                )
            )
    finally:
        await client.drop_database(scratch_name)
    return sorted(found, key=lambda c: -c.ms_per_report)


async def _insert_cost(
    scratch: AsyncDatabase[Document],
    name: str,
    sample: list[Document],
    store_pid_files: dict[str, Path],
) -> tuple[float, float]:
    """The store's CPU ms per call of one document, and per document at BATCH per call."""
    target = scratch[name]
    await target.insert_one({"_id": "census-warm"})  # the collection exists beforehand
    counter = itertools.count()

    def copies(count: int) -> list[Document]:
        return [{**sample[i % len(sample)], "_id": f"census-{next(counter)}"} for i in range(count)]

    spent = []
    for per_call in (1, BATCH):
        meter = CpuMeter(_store_pids(store_pid_files))
        for _ in range(CALLS[per_call]):
            await target.insert_many(copies(per_call), ordered=False)
        used = sum(meter.used().values())
        spent.append(1000 * used / (CALLS[per_call] * per_call))
    return spent[0], spent[1]


def _store_pids(pid_files: dict[str, Path]) -> dict[str, int]:
    pids = read_pids(pid_files)
    pids.pop("bench", None)  # read_pids adds this process: not the store
    return pids


def describe(costs: list[CollectionCost], *, started: float) -> str:
    lines = [
        f"== store census ({time.monotonic() - started:,.1f} s): documents written per "
        f"report and what inserting them costs the store (CPU ms; {BATCH} per call)",
        f"  {'collection':<24}{'docs':>9}{'/report':>9}{'bytes':>8}"
        f"{'ms/call(1)':>12}{'ms/doc':>9}{'ms/report':>11}",
    ]
    for c in costs:
        lines.append(
            f"  {c.name:<24}{c.documents:>9,}{c.per_report:>9.2f}{c.mean_bytes:>8,.0f}"
            f"{c.ms_per_call_of_one:>12.2f}{c.ms_per_document:>9.3f}{c.ms_per_report:>11.2f}"
        )
    total = sum(c.ms_per_report for c in costs)
    per_report = sum(c.per_report for c in costs)
    lines.append(f"  {'all':<24}{'':>9}{per_report:>9.2f}{'':>8}{'':>12}{'':>9}{total:>11.2f}")
    return "\n".join(lines)
