"""Contract of `CaseReads`: what the staff view loads (every case, cases by id, links joined)
and the single-case and by-code reads, as the fake and FerretDB answer them."""

from __future__ import annotations

from datetime import timedelta

from tests.contracts.cases.conftest import T0, Stores, a_case, a_link, a_record


async def seed(world: Stores) -> None:
    for n, case_id in enumerate(("CASE-A", "CASE-B", "CASE-C")):
        case = a_case(case_id, now=T0 + timedelta(days=n))
        summary = "amplop" if case_id == "CASE-C" else "camat hadir"
        await world.store.insert_case(case, record=a_record(summary=summary), outbox=[])
    await world.filing_log.insert_links(
        [a_link("RPT-A2", "CASE-A", anonymous=True), a_link("RPT-C2", "CASE-C", anonymous=True)]
    )


async def test_every_case_comes_with_its_links_and_without_the_heavy_fields(
    world: Stores,
) -> None:
    await seed(world)
    every = {d["_id"]: d async for d in world.reads.every_case()}
    assert sorted(every) == ["CASE-A", "CASE-B", "CASE-C"]
    assert [len(every[c]["report_ids"]) for c in sorted(every)] == [2, 1, 2]
    assert every["CASE-C"]["summary"] == "amplop" and every["CASE-C"]["timeline"]
    assert not {"outbox", "notes", "notifications"} & set(every["CASE-A"])
    assert [m["tracking_code"] for m in every["CASE-A"]["report_meta"]] == ["NTR-RPT-A2"]


async def test_cases_by_id_reads_those_that_exist_shaped_alike(world: Stores) -> None:
    await seed(world)
    found = await world.reads.cases_by_id(["CASE-C", "CASE-X", "CASE-A"])
    assert sorted(d["_id"] for d in found) == ["CASE-A", "CASE-C"]
    assert all(len(d["report_ids"]) == 2 and "outbox" not in d for d in found)
    assert await world.reads.cases_by_id([]) == []


async def test_one_case_whole(world: Stores) -> None:
    await seed(world)
    whole = await world.reads.case_document("CASE-C")
    assert whole is not None and whole["summary"] == "amplop" and "outbox" not in whole
    assert whole["report_ids"] == [whole["reports"][0]["report_id"], "RPT-C2"]
    assert await world.reads.case_document("CASE-X") is None


async def test_changed_since_finds_cases_by_their_last_change(world: Stores) -> None:
    await seed(world)  # CASE-A, B, C opened (and dated) a day apart from T0
    every = sorted(await world.reads.changed_since(T0), key=lambda d: str(d["_id"]))
    assert [(d["_id"], d["version"], d.get("assignee")) for d in every] == [
        ("CASE-A", 1, None),
        ("CASE-B", 1, None),
        ("CASE-C", 1, None),
    ]
    later = await world.reads.changed_since(T0 + timedelta(days=1, hours=1))
    assert [d["_id"] for d in later] == ["CASE-C"]
    assert await world.reads.changed_since(T0 + timedelta(days=3)) == []
