"""Contract of `AccessLog`: every entry kept, read back per case in time order."""

from __future__ import annotations

from datetime import timedelta

from tests.contracts.cases.conftest import T0, Stores


def entry(n: int, case_id: str = "CASE-1") -> dict[str, object]:
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
    }


async def test_entries_read_back_per_case_in_time_order(world: Stores) -> None:
    for n in (2, 1):
        await world.access_log.record(entry(n))
    await world.access_log.record(entry(3, case_id="CASE-2"))
    assert await world.access_log.entries_for("CASE-1") == [entry(1), entry(2)]
    assert await world.access_log.entries_for("CASE-9") == []
