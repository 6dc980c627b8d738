"""Contract of `AccessLog` and `AccessLogReads`: every entry kept, read back per case in
time order; the supervisors' query filters, scopes by office and pages newest first."""

from __future__ import annotations

from datetime import timedelta

from services.cases.read_models.ports import AccessQuery
from tests.contracts.cases.conftest import T0, Stores


def entry(n: int, case_id: str = "CASE-1", **fields: object) -> dict[str, object]:
    return {
        "_id": f"acc-{n}-{case_id}",
        "at": T0 + timedelta(minutes=n),
        "subject": "dev:bawaslu:Siti",
        "name": "Siti",
        "role": "bawaslu",
        "region": "18.12",
        "agency": None,
        "case_id": case_id,
        "report_id": "RPT-1",
        "trace_id": None,
        **fields,
    }


async def test_entries_read_back_per_case_in_time_order(world: Stores) -> None:
    for n in (2, 1):
        await world.access_log.record(entry(n))
    await world.access_log.record(entry(3, case_id="CASE-2"))
    assert await world.access_log.entries_for("CASE-1") == [entry(1), entry(2)]
    assert await world.access_log.entries_for("CASE-9") == []


async def ids(world: Stores, query: AccessQuery, limit: int = 50) -> list[str]:
    return [str(d["_id"]) for d in await world.access_reads.access_entries(query, limit)]


async def test_the_supervisors_query_filters_scopes_and_pages(world: Stores) -> None:
    log = world.access_log
    await log.record(entry(1))
    await log.record(entry(2, case_id="CASE-2", name="Budi", subject="dev:bawaslu:Budi"))
    await log.record(entry(3, region="18"))  # the province office itself
    await log.record(entry(4, region="181.01"))  # not below "18"
    await log.record(entry(5, region="35.08", kind="evidence", sha256="ab" * 32))
    await log.record(entry(6, region=None, role="admin"))
    newest_first = ["acc-6-CASE-1", "acc-5-CASE-1", "acc-4-CASE-1", "acc-3-CASE-1"]
    assert await ids(world, AccessQuery()) == [*newest_first, "acc-2-CASE-2", "acc-1-CASE-1"]
    assert await ids(world, AccessQuery(office="18")) == [
        "acc-3-CASE-1",
        "acc-2-CASE-2",
        "acc-1-CASE-1",
    ]
    assert await ids(world, AccessQuery(officer="Budi")) == ["acc-2-CASE-2"]
    assert await ids(world, AccessQuery(officer="dev:bawaslu:Budi")) == ["acc-2-CASE-2"]
    assert await ids(world, AccessQuery(case_id="CASE-2")) == ["acc-2-CASE-2"]
    period = AccessQuery(since=T0 + timedelta(minutes=2), until=T0 + timedelta(minutes=4))
    assert await ids(world, period) == ["acc-3-CASE-1", "acc-2-CASE-2"]
    first = await world.access_reads.access_entries(AccessQuery(), 2)
    last = first[-1]
    after = AccessQuery(before=(last["at"], str(last["_id"])))
    assert await ids(world, after, 3) == ["acc-4-CASE-1", "acc-3-CASE-1", "acc-2-CASE-2"]
    [evidence] = await world.access_reads.access_entries(AccessQuery(office="35"), 5)
    assert evidence["kind"] == "evidence" and evidence["sha256"] == "ab" * 32


async def test_entries_at_the_same_instant_page_by_id(world: Stores) -> None:
    for n in range(5):
        await world.access_log.record(entry(0, case_id=f"CASE-{n}"))
    first = await world.access_reads.access_entries(AccessQuery(), 2)
    last = first[-1]
    rest = await ids(world, AccessQuery(before=(last["at"], str(last["_id"]))))
    assert [str(d["_id"]) for d in first] + rest == [f"acc-0-CASE-{n}" for n in (4, 3, 2, 1, 0)]
