"""Seeding the store with cases, and counting them, in the cases adapter's own format.

The documents are built by the project's own code: the domain opens each case
(`lifecycle.opening.open_case`), `adapters/case_documents.case_document` shapes it as the
cases adapter stores it, and the report document has the shape `record_received` plus
`attach_report` leave behind. Only the write differs: `insert_many` batches instead of one
`insert_one` per case, so 100,000 cases take a minute or two instead of most of an hour.
When the cases store changes its layout, this module is the one to follow it.

Each seeded case has its own dedup key (`seed:<run>:<i>`, hashed like triage's), so no
report of the load ever joins a seeded case. Seeded reports are anonymous (no sealed
identity to encrypt) and their outbox is empty: their `case.opened` counts as published.

What a running system holds beside its cases is seeded too, so that the services start
as after a restart and not on a store they must scan once: each report's filing
(`report_filings`), each case's `triage_partition` (the partition triage's producer
would have chosen for its dedup key), and per partition of the triaged topic the
partition journal's snapshot of its open cases (`partition_snapshots`, written by the
cases adapter itself), at offset 0 and closure position 0 (the bench's broker is new).
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from aiokafka.partitioner import murmur2
from pymongo.asynchronous.database import AsyncDatabase

from schemas import topics
from schemas.ids import new_event_id, new_tracking_code
from schemas.reports import ReportContent, SealedReporter
from schemas.routing.files import PACKAGED_RULES_FILE
from schemas.triage import TriageDecision
from services.cases.adapters.case_documents import case_document, filing_document
from services.cases.adapters.deadline_rules_file import load_deadline_policy
from services.cases.adapters.mongo_case_store import CASES, FILINGS, REPORTS
from services.cases.adapters.mongo_partition_journal import MongoPartitionJournal
from services.cases.domain.deadlines import DeadlinePolicy
from services.cases.domain.election_type import detect_election_type
from services.cases.domain.lifecycle.opening import open_case
from services.cases.domain.vocabulary import ElectionType
from services.cases.service_layer.journal_ports import StateSnapshot
from services.cases.service_layer.new_cases import case_id_for, report_meta, shorten
from services.cases.service_layer.ports import CaseRecord, Filing, OpenCase
from services.triage.domain.engine import DEFAULT_THRESHOLD
from services.triage.entrypoints.cli import packaged_engine
from tests.bench.pipeline.reports import PLACES, TEMPLATES, submission

Document = dict[str, Any]
BATCH = 1_000
SPREAD = timedelta(hours=1)  # seeded cases were opened in the last hour: no deadline is due


TRIAGED_PARTITIONS = next(t.partitions for t in topics.TOPICS if t.name == topics.REPORTS_TRIAGED)
EVENT_PARTITIONS = next(t.partitions for t in topics.TOPICS if t.name == topics.CASES_EVENTS)


@dataclass(frozen=True)
class Seeded:
    """One seeded case's documents, and the partition state entry it makes."""

    case: Document
    report: Document
    filing: Document
    partition: int
    open_case: OpenCase


@dataclass(frozen=True)
class Shape:
    """One kind of report as triage decides it; seeded cases reuse the decision."""

    content: ReportContent
    decision: TriageDecision


def shapes(now: datetime) -> list[Shape]:
    """Triage's decision for every template in every place (a few dozen `decide` calls)."""
    engine = packaged_engine(PACKAGED_RULES_FILE, DEFAULT_THRESHOLD)
    found = []
    for index in range(len(TEMPLATES) * len(PLACES)):
        body = submission(index)
        body.pop("reporter")
        content = ReportContent.model_validate(body)
        found.append(Shape(content, engine.decide(content, now)))
    return found


def seed_key(run: str, index: int) -> str:
    return hashlib.sha256(f"seed:{run}:{index}".encode()).hexdigest()[:16]


def triaged_partition(dedup_key: str) -> int:
    """The partition triage's producer sends the key to (Kafka's default partitioner)."""
    return int(murmur2(dedup_key.encode()) & 0x7FFFFFFF) % TRIAGED_PARTITIONS


def seeded_case(
    index: int, *, run: str, shape: Shape, policy: DeadlinePolicy, opened_at: datetime
) -> Seeded:
    """The documents of seeded case `index` and its entry in the partition state."""
    report_id = "RPT-" + new_event_id().hex.upper()
    content = shape.content
    decision = shape.decision.model_copy(update={"dedup_key": seed_key(run, index)})
    case, _ = open_case(
        case_id=case_id_for(report_id),
        report_id=report_id,
        anonymous=True,
        election_type=detect_election_type(content.text, default=ElectionType.PILKADA),
        category=decision.category,
        subject_type=decision.subject_type,
        region_code=decision.region_code,
        routes=decision.routes,
        needs_review=decision.needs_review,
        now=opened_at,
        policy=policy,
    )
    report: Document = {
        "_id": report_id,
        "tracking_code": new_tracking_code(),
        "received_at": opened_at,
        "content": content.model_dump(mode="json"),
        "reporter": SealedReporter(anonymous=True).model_dump(mode="json"),
        "case_id": case.case_id,
        "decision": decision.model_dump(mode="json"),
    }
    record = CaseRecord(
        dedup_key=decision.dedup_key,
        summary=shorten(content.text),
        report_meta=[report_meta(report, at=opened_at)],
        categories=[c.value for c in decision.categories],
        review_reasons=list(decision.review_reasons),
        rules_fired=[r.model_dump() for r in decision.rules_fired],
        reported_position=content.reported_position,
        reported_agency=content.reported_agency,
        triage_partition=triaged_partition(decision.dedup_key),
    )
    filing = Filing(
        report_id, case.case_id, report["decision"], opened_at, new_event_id().hex.upper()
    )
    return Seeded(
        case=case_document(case, record=record, outbox=[]),
        report=report,
        filing=filing_document(filing),
        partition=triaged_partition(decision.dedup_key),
        open_case=OpenCase(case.case_id, decision.dedup_key, 1),
    )


async def seed_cases(
    db: AsyncDatabase[Document],
    count: int,
    *,
    run: str,
    progress: Callable[[str], None],
) -> float:
    """Insert `count` cases, their reports and filings, then the partition snapshots;
    returns the seconds it took."""
    if count <= 0:
        return 0.0
    started = time.monotonic()
    now = datetime.now(UTC).replace(microsecond=0)
    kinds = shapes(now)
    policy = load_deadline_policy(None, warn_before_hours=None)
    step = SPREAD / count
    pending: asyncio.Task[None] | None = None
    states: dict[int, list[OpenCase]] = {p: [] for p in range(TRIAGED_PARTITIONS)}
    for first in range(0, count, BATCH):
        batch = [
            seeded_case(
                index,
                run=run,
                shape=kinds[index % len(kinds)],
                policy=policy,
                opened_at=now - SPREAD + step * index,
            )
            for index in range(first, min(first + BATCH, count))
        ]
        for seeded in batch:
            states[seeded.partition].append(seeded.open_case)
        if pending is not None:
            await pending  # building the next batch overlapped the previous insert
        pending = asyncio.create_task(_insert(db, batch))
        done = first + len(batch)
        if done % (10 * BATCH) == 0 or done == count:
            rate = done / (time.monotonic() - started)
            progress(f"seeded {done:,}/{count:,} cases ({rate:,.0f}/s)")
    if pending is not None:
        await pending
    await _snapshots(db, states)
    return time.monotonic() - started


async def _insert(db: AsyncDatabase[Document], batch: list[Seeded]) -> None:
    # Three connections at once, so the store's work on one collection may overlap the
    # others' (not measured faster on the loaded 2-core machine: 146/s against 111-150/s).
    await asyncio.gather(
        db[CASES].insert_many([s.case for s in batch], ordered=False),
        db[REPORTS].insert_many([s.report for s in batch], ordered=False),
        db[FILINGS].insert_many([s.filing for s in batch], ordered=False),
    )


async def _snapshots(db: AsyncDatabase[Document], states: dict[int, list[OpenCase]]) -> None:
    """What the cases service saves per partition as it runs: without it the first
    assignment would be the one-time scan of a store from before the journal."""
    journal = MongoPartitionJournal(db)
    closures = {p: 0 for p in range(EVENT_PARTITIONS)}
    for partition, cases in sorted(states.items()):
        await journal.save(StateSnapshot(partition, 0, closures, cases))


async def count_cases(db: AsyncDatabase[Document]) -> int:
    return int(await db[CASES].count_documents({}))
