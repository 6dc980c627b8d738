"""The cases adapters under contract: the in-memory fakes, or the Mongo adapters on FerretDB.

`world` yields one `Stores` of the parameter's kind; each real one gets a scratch database
of its own (tests/contracts/conftest.py), so the suites never see each other's documents.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from schemas.triage import Category, SubjectType
from services.cases.adapters.mongo_access_log import MongoAccessLog
from services.cases.adapters.mongo_case_reads import MongoCaseReads
from services.cases.adapters.mongo_case_store import MongoCaseStore
from services.cases.adapters.mongo_deadline_watch import MongoDeadlineWatch
from services.cases.adapters.mongo_filing_log import MongoFilingLog
from services.cases.domain.lifecycle.linking_steps import duplicate_link_entry
from services.cases.domain.lifecycle.opening import open_case
from services.cases.domain.model import CaseState
from services.cases.domain.vocabulary import ElectionType
from services.cases.read_models.ports import AccessLogReads, CaseReads
from services.cases.service_layer.ports import (
    AccessLog,
    CaseLink,
    CaseRecord,
    CaseStore,
    DeadlineWatch,
    Document,
    FilingLog,
    OpenCases,
    Outbox,
)
from services.common.clock import SystemClock
from tests.contracts.conftest import scratch_database
from tests.fakes.cases.access_log import InMemoryAccessLog
from tests.fakes.cases.filing_log import InMemoryFilingLog
from tests.fakes.cases.store import InMemoryCaseStore
from tests.fakes.cases.watch import InMemoryDeadlineWatch
from tests.infra import SessionInfra
from tests.unit.cases.packaged_rules import packaged_policy

T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # Monday 09:00 WIB


@dataclass
class Stores:
    """The cases ports of one kind; the fake is store, outbox and read side in one object."""

    store: CaseStore
    outbox: Outbox
    reads: CaseReads
    watch: DeadlineWatch
    access_log: AccessLog
    filing_log: FilingLog
    open_cases: OpenCases
    access_reads: AccessLogReads  # the same object as access_log (supervisors' page)


@pytest.fixture
async def world(real_infra: SessionInfra | None) -> AsyncIterator[Stores]:
    if real_infra is None:
        fake = InMemoryCaseStore()
        log = InMemoryFilingLog(fake)
        fake_watch = InMemoryDeadlineWatch(fake)
        access_log = InMemoryAccessLog()
        yield Stores(fake, fake, fake, fake_watch, access_log, log, log, access_log)
        return
    async with scratch_database(real_infra) as db:
        store, access = MongoCaseStore(db, clock=SystemClock()), MongoAccessLog(db)
        await store.ensure_indexes()
        await access.ensure_indexes()
        filing = MongoFilingLog(db)
        # Two rows a chunk: a queue of three already takes the long (export) join path.
        reads, watch = MongoCaseReads(db, batch_size=2), MongoDeadlineWatch(db)
        yield Stores(store, store, reads, watch, access, filing, filing, access)


def a_case(
    case_id: str = "CASE-1",
    *,
    report_id: str | None = None,
    now: datetime = T0,
    routes: Sequence[str] = ("BAWASLU:18.12",),
    region: str | None = "18.12",
    category: Category = Category.CAMPAIGN_ACTIVITY,
) -> CaseState:
    case, _ = open_case(
        case_id=case_id,
        report_id=report_id or f"R-{case_id}",
        anonymous=False,
        election_type=ElectionType.PILKADA,
        category=category,
        subject_type=SubjectType.ASN,
        region_code=region,
        routes=routes,
        needs_review=False,
        now=now,
        policy=packaged_policy(),
    )
    return case


def a_record(
    dedup_key: str = "dk-1", summary: str = "camat hadir kampanye", partition: int | None = None
) -> CaseRecord:
    return CaseRecord(
        dedup_key=dedup_key, summary=summary, report_meta=[], triage_partition=partition
    )


def an_entry(n: int = 1) -> Document:
    return {"id": f"evt-{n}", "type": "case.opened", "key": "CASE-1", "envelope": {"n": n}}


def a_link(report_id: str, case_id: str, *, anonymous: bool, partition: int = 0) -> CaseLink:
    at = T0 + timedelta(minutes=5)
    meta = {"report_id": report_id, "tracking_code": f"NTR-{report_id}", "linked_at": at}
    entry = duplicate_link_entry(
        case_id=case_id, report_id=report_id, anonymous=anonymous, now=at, trace_id=None
    )
    return CaseLink(report_id, case_id, anonymous, at, meta, entry, partition)
