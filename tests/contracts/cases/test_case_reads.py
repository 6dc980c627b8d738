"""Contract of `CaseReads`: queue order, filters and positions as FerretDB answers them."""

from __future__ import annotations

from datetime import timedelta

from schemas.cases import CaseStatus
from schemas.triage import Category
from services.cases.domain.model import Actor
from services.cases.domain.vocabulary import Role
from services.cases.read_models.models import CaseFilters
from services.cases.read_models.ports import Document
from tests.contracts.cases.conftest import T0, Stores, a_case, a_link, a_record

BAWASLU = Actor(name="Siti", role=Role.BAWASLU, region="18.12")
OPS = Actor(name="Ops", role=Role.OPS, region="RI")


async def seed(world: Stores) -> None:
    """Three cases opened a day apart (so their deadlines come in that order)."""
    cases = [
        a_case("CASE-A", now=T0),
        a_case("CASE-B", now=T0 + timedelta(days=1), routes=("BAWASLU:35.08",), region="35.08"),
        a_case(
            "CASE-C",
            now=T0 + timedelta(days=2),
            routes=("BAWASLU:18.12", "GAKKUMDU:18.12"),
            category=Category.MONEY_POLITICS,
        ),
    ]
    for case in cases:
        summary = "amplop" if case.case_id == "CASE-C" else "camat hadir"
        await world.store.insert_case(case, record=a_record(summary=summary), outbox=[])


async def ids(world: Stores, filters: CaseFilters, actor: Actor = OPS, **kw: object) -> list[str]:
    now = T0 + timedelta(days=30)
    found: list[Document] = [
        d
        async for d in world.reads.queue(filters, actor=actor, now=now, **kw)  # type: ignore[arg-type]
    ]
    return [d["_id"] for d in found]


async def test_the_queue_is_soonest_deadline_first_and_hides_the_heavy_fields(
    world: Stores,
) -> None:
    await seed(world)
    assert await ids(world, CaseFilters()) == ["CASE-A", "CASE-B", "CASE-C"]
    [first] = [d async for d in world.reads.queue(CaseFilters(), actor=OPS, now=T0)][:1]
    assert not {"outbox", "timeline", "notes", "notifications"} & set(first)


async def test_queue_filters(world: Stores) -> None:
    await seed(world)
    assert await ids(world, CaseFilters(region="35")) == ["CASE-B"]
    assert await ids(world, CaseFilters(authority="GAKKUMDU")) == ["CASE-C"]
    assert await ids(world, CaseFilters(category="MONEY_POLITICS")) == ["CASE-C"]
    assert await ids(world, CaseFilters(status=CaseStatus.RECEIVED)) == [
        "CASE-A",
        "CASE-B",
        "CASE-C",
    ]
    assert await ids(world, CaseFilters(overdue=True)) == ["CASE-A", "CASE-B", "CASE-C"]
    assert await ids(world, CaseFilters(overdue=False)) == []
    assert await ids(world, CaseFilters(q="AMPLOP"), actor=BAWASLU) == ["CASE-C"]
    assert await ids(world, CaseFilters(q="amplop")) == []  # ops: not the summary
    assert await ids(world, CaseFilters(q="case-b")) == ["CASE-B"]


async def test_a_regional_office_is_prefiltered_to_its_routes(world: Stores) -> None:
    await seed(world)
    assert await ids(world, CaseFilters(), actor=BAWASLU) == ["CASE-A", "CASE-C"]


async def test_the_queue_continues_after_a_position(world: Stores) -> None:
    await seed(world)
    [a] = [d async for d in world.reads.queue(CaseFilters(), actor=OPS, now=T0)][:1]
    after = (a["queue_at"], a["_id"])
    assert await ids(world, CaseFilters(), after=after) == ["CASE-B", "CASE-C"]


async def test_every_case_for_statistics_and_one_case_whole(world: Stores) -> None:
    await seed(world)
    every = [d async for d in world.reads.every_case()]
    assert [d["_id"] for d in every] == ["CASE-A", "CASE-B", "CASE-C"]
    assert "summary" not in every[0] and "timeline" in every[0]
    whole = await world.reads.case_document("CASE-C")
    assert whole is not None and whole["summary"] == "amplop" and "outbox" not in whole
    assert await world.reads.case_document("CASE-X") is None


async def test_every_row_of_a_long_read_carries_its_links(world: Stores) -> None:
    await seed(world)
    await world.filing_log.insert_links(
        [a_link("RPT-A2", "CASE-A", anonymous=True), a_link("RPT-C2", "CASE-C", anonymous=True)]
    )
    rows = [d async for d in world.reads.queue(CaseFilters(), actor=OPS, now=T0)]
    assert [len(d["report_ids"]) for d in rows] == [2, 1, 2]
