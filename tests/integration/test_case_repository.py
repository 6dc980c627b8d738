"""The Mongo case store where only the real server can tell: its indexes, and a redelivered
report against a real duplicate-key refusal. The port's behaviour is the contract suite's
(tests/contracts/cases/), the use cases' is tests/service/cases/."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pymongo import ASCENDING
from pymongo.errors import DuplicateKeyError

from schemas.codec import decode
from schemas.envelope import Envelope
from schemas.triage import ReportTriaged
from services.cases.adapters.mongo_case_store import LOOKUP_INDEXES, MongoCaseStore
from services.cases.adapters.mongo_filing_log import MongoFilingLog
from services.cases.service_layer.filing_plan import Trace, TriagedItem
from services.common.clock import SystemClock
from services.common.mongo import index_name, make_client, reads_use_indexes
from tests.fakes.events import RecordingPublisher
from tests.infra import SessionInfra
from tests.service.cases.staff_support import triaged_filing
from tests.unit.cases.packaged_rules import packaged_policy

EXAMPLE = Path(__file__).parents[2] / "schemas" / "examples" / "report.triaged.json"


@pytest.fixture
async def store(infra: SessionInfra) -> AsyncIterator[MongoCaseStore]:
    client = make_client(infra.mongodb_url, write_concern="auto")
    db = client[f"repo_{uuid.uuid4().hex[:8]}"]
    adapter = MongoCaseStore(db, clock=SystemClock())
    await adapter.ensure_indexes()
    yield adapter
    await client.drop_database(db.name)
    await client.close()


def triaged_event(report_id: str, tracking_code: str) -> Envelope[ReportTriaged]:
    envelope = decode(EXAMPLE.read_bytes())
    payload = envelope.data
    assert isinstance(payload, ReportTriaged)
    report = payload.report.model_copy(
        update={"report_id": report_id, "tracking_code": tracking_code}
    )
    data = ReportTriaged(report=report, decision=payload.decision)
    return Envelope[ReportTriaged](**envelope.model_dump(exclude={"id", "data"}), data=data)


async def test_a_redelivered_batch_opens_one_case_and_republishes_its_events(
    store: MongoCaseStore,
) -> None:
    published = RecordingPublisher()
    filing = triaged_filing(
        MongoFilingLog(store.db), published, policy=packaged_policy(), clock=SystemClock()
    )
    one = triaged_event("RPT-A", "NTR-AAAA-AAAA-AAAA-AAAA")
    two = triaged_event("RPT-B", "NTR-BBBB-BBBB-BBBB-BBBB")
    batch = [TriagedItem(e.id, e.data, 0, Trace(None, None), n) for n, e in enumerate((one, two))]
    await filing.file(batch)
    await filing.file(batch)
    cases = [c async for c in store.cases.find({})]
    assert len(cases) == 1 and cases[0]["report_ids"] == ["RPT-A"]
    assert [d["_id"] async for d in store.db["case_links"].find({})] == ["RPT-B"]
    ids = [p.envelope.id for p in published.published]
    assert len(ids) == 4 and ids[:2] == ids[2:]


async def test_tracking_codes_are_unique(store: MongoCaseStore) -> None:
    await store.reports.insert_one({"_id": "R1", "tracking_code": "NTR-X"})
    with pytest.raises(DuplicateKeyError):
        await store.reports.insert_one({"_id": "R2", "tracking_code": "NTR-X"})


async def test_a_flooded_incident_spills_into_linked_overflow_cases(
    store: MongoCaseStore,
) -> None:
    """CASES_MAX_LINKED_REPORTS on the real store: 25 copies of one incident with a cap of
    10 make three cases chained by `overflow_of`, each full one showing its overflow; a
    replica rebuilt from the store sends the next copy to the last, least-full case."""
    log, clock = MongoFilingLog(store.db), SystemClock()
    published = RecordingPublisher()
    filing = triaged_filing(
        log, published, policy=packaged_policy(), clock=clock, max_linked_reports=10
    )
    events = [triaged_event(f"RPT-{n:03d}", f"NTR-{n:04d}-AAAA-AAAA-AAAA") for n in range(26)]
    items = [TriagedItem(e.id, e.data, 1, Trace(None, None), n) for n, e in enumerate(events)]
    held: dict[str, str] = {}
    for start in range(0, 25, 5):
        held |= await filing.file(items[start : start + 5])
    first, second, third = held["RPT-000"], held["RPT-010"], held["RPT-020"]
    assert [held[f"RPT-{n:03d}"] for n in range(25)] == [first] * 10 + [second] * 10 + [third] * 5
    overflow_of = {c["_id"]: c["overflow_of"] async for c in store.cases.find({})}
    assert overflow_of == {first: None, second: first, third: second}
    shown = await store.get(first)
    assert shown is not None and len(shown.state.reports) == 10
    assert shown.state.timeline[-1].action == "overflow_opened"
    replica = triaged_filing(
        log, published, policy=packaged_policy(), clock=clock, max_linked_reports=10
    )
    await replica.assigned(frozenset({1}))
    assert (await replica.file(items[25:]))["RPT-025"] == third


async def test_lookup_indexes_exist_only_where_reads_use_them(store: MongoCaseStore) -> None:
    """The unique tracking code is a constraint on every store; the lookup indexes exist
    only where the server reads through them (FerretDB 1.x does not: each would cost
    every insert and serve nothing)."""
    reads_indexed = await reads_use_indexes(store.db)
    info = await store.db.command("buildInfo")
    assert reads_indexed is not str(info.get("ferretdbVersion", "")).lstrip("v").startswith("1.")
    reports = {i["name"]: i async for i in await store.reports.list_indexes()}
    assert reports["tracking_code_1"].get("unique") is True
    for collection, keys in LOOKUP_INDEXES:
        names = {i["name"] async for i in await store.db[collection].list_indexes()}
        assert (index_name(keys) in names) is reads_indexed, (collection, keys)


async def test_lookup_indexes_an_earlier_version_made_are_dropped_where_unused(
    store: MongoCaseStore,
) -> None:
    await store.cases.create_index([("status", ASCENDING)])
    await store.cases.insert_one({"_id": "C1", "status": "received"})
    await store.ensure_indexes()
    names = {i["name"] async for i in await store.cases.list_indexes()}
    if await reads_use_indexes(store.db):
        assert "status_1" in names and len(names) == 1 + 7  # _id and the seven on cases
    else:
        assert names == {"_id_"}
    assert await store.cases.find_one({"status": "received"}) == {"_id": "C1", "status": "received"}
    await store.ensure_indexes()  # nothing left to drop: still fine
