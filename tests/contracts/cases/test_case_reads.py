"""Contract of `CaseReads`: what the staff view loads (every case, cases by id, links joined)
and the single-case and by-code reads, as the fake and FerretDB answer them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from schemas.codec import decode
from schemas.triage import Category, ReportTriaged
from services.cases.domain.lifecycle.commands import CorrectTriage
from services.cases.domain.lifecycle.transition import transition
from services.cases.domain.model import Actor
from services.cases.domain.vocabulary import Role
from tests.contracts.cases.conftest import T0, Stores, a_case, a_link, a_record
from tests.unit.cases.packaged_rules import packaged_policy

EXAMPLE = Path(__file__).resolve().parents[3] / "schemas" / "examples" / "report.triaged.json"


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


async def test_corrected_cases_and_their_reports(world: Stores) -> None:
    """Only cases with a staff triage correction; reports by id, the missing ones left out."""
    await seed(world)
    case = a_case("CASE-D", report_id="RPT-D")
    await world.store.insert_case(case, record=a_record(), outbox=[])
    corrected, _ = transition(
        case,
        CorrectTriage(category=Category.MOBILIZATION, reason="ajakan tidak langsung"),
        actor=Actor(name="Siti", role=Role.BAWASLU, region="18.12"),
        now=T0 + timedelta(hours=1),
        policy=packaged_policy(),
    )
    assert await world.store.save_change(
        corrected, expected_version=1, entries=corrected.timeline[1:]
    )
    found = await world.reads.corrected_cases()
    assert [d["_id"] for d in found] == ["CASE-D"]
    assert found[0]["timeline"][-1]["details"]["after"]["category"] == "MOBILIZATION"
    triaged = decode(EXAMPLE.read_bytes()).data
    assert isinstance(triaged, ReportTriaged)
    report = triaged.report.model_copy(update={"report_id": "RPT-D"})
    await world.filing_log.insert_reports([report])
    reports = await world.reads.reports_by_id(["RPT-D", "RPT-NONE"])
    assert [r["_id"] for r in reports] == ["RPT-D"]
    assert reports[0]["content"]["text"] == report.content.text
    assert await world.reads.reports_by_id([]) == []
