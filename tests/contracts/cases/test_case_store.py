"""Contract of `CaseStore`: what the use cases rely on, on the fake and on FerretDB alike."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from schemas.codec import decode
from schemas.notifications import DeliveryStatus, NotificationDelivered
from schemas.reports import ReportReceived
from schemas.triage import ReportTriaged
from services.cases.domain.lifecycle.commands import StartReview
from services.cases.domain.lifecycle.transition import transition
from services.cases.domain.model import Actor
from services.cases.domain.vocabulary import Role
from tests.contracts.cases.conftest import T0, Stores, a_case, a_record, an_entry
from tests.unit.cases.packaged_rules import packaged_policy

EXAMPLE = Path(__file__).parents[3] / "schemas" / "examples" / "report.triaged.json"
BAWASLU = Actor(name="Siti", role=Role.BAWASLU, region="18.12")


def received(report_id: str = "RPT-1", code: str = "NTR-AAAA-AAAA-AAAA-AAAA") -> ReportReceived:
    triaged = decode(EXAMPLE.read_bytes()).data
    assert isinstance(triaged, ReportTriaged)
    return triaged.report.model_copy(update={"report_id": report_id, "tracking_code": code})


def delivered(case_id: str, notification_id: str = "NTF-1") -> NotificationDelivered:
    return NotificationDelivered(
        notification_id=notification_id,
        case_id=case_id,
        source_event_id="e",
        source_event_type="case.opened",
        recipient="BAWASLU:18.12",
        channel="webhook",
        status=DeliveryStatus.DELIVERED,
        attempts=1,
        finished_at=T0 + timedelta(minutes=1),
    )


async def test_an_inserted_case_reads_back_equal(world: Stores) -> None:
    case = a_case()
    assert await world.store.insert_case(case, record=a_record(), outbox=[an_entry()]) is True
    stored = await world.store.get(case.case_id)
    assert stored is not None and stored.state == case and stored.assignee is None
    assert await world.store.version_of(case.case_id) == 1
    assert await world.store.get("CASE-NONE") is None
    assert await world.store.version_of("CASE-NONE") is None


async def test_a_second_insert_of_the_same_case_is_refused(world: Stores) -> None:
    case = a_case()
    assert await world.store.insert_case(case, record=a_record(), outbox=[])
    assert await world.store.insert_case(case, record=a_record("other"), outbox=[]) is False


async def test_a_change_is_saved_only_at_the_expected_version(world: Stores) -> None:
    case = a_case()
    await world.store.insert_case(case, record=a_record(), outbox=[])
    reviewed, _ = transition(
        case, StartReview(), actor=BAWASLU, now=T0 + timedelta(hours=1), policy=packaged_policy()
    )
    entries = reviewed.timeline[1:]
    assert await world.store.save_change(reviewed, expected_version=2, entries=entries) is False
    assert await world.store.save_change(
        reviewed, expected_version=1, entries=entries, also_set={"assignee": "Andi"}
    )
    assert await world.store.save_change(reviewed, expected_version=1, entries=entries) is False
    stored = await world.store.get(case.case_id)
    assert stored is not None and stored.state == reviewed and stored.assignee == "Andi"


async def test_notes_and_deliveries_leave_the_version_alone(world: Stores) -> None:
    case = a_case()
    await world.store.insert_case(case, record=a_record(), outbox=[])
    note = {"note_id": "n1", "at": T0, "author": "Siti", "role": "bawaslu", "text": "hi"}
    assert await world.store.push_note(case.case_id, note)
    assert await world.store.record_notification(delivered(case.case_id), trace_id="t") is True
    assert await world.store.record_notification(delivered(case.case_id), trace_id="t") is False
    assert await world.store.push_note("CASE-NONE", note) is False
    assert await world.store.version_of(case.case_id) == 1
    document = await world.reads.case_document(case.case_id)
    assert document is not None
    assert [n["note_id"] for n in document["notes"]] == ["n1"]
    assert [n["id"] for n in document["notifications"]] == ["NTF-1"]


async def test_the_open_case_of_a_dedup_key_and_the_case_holding_a_report(world: Stores) -> None:
    case = a_case(report_id="RPT-9")
    await world.store.insert_case(case, record=a_record("viral"), outbox=[])
    found = await world.store.open_case_for("viral")
    assert found is not None and found.case_id == case.case_id
    assert await world.store.open_case_for("other") is None
    assert await world.store.case_holding("RPT-9") == case.case_id
    assert await world.store.case_holding("RPT-0") is None


async def test_recording_a_report_twice_keeps_the_first_record(world: Stores) -> None:
    first = received()
    await world.store.record_received(first)
    changed = first.model_copy(update={"tracking_code": "NTR-BBBB-BBBB-BBBB-BBBB"})
    await world.store.record_received(changed)
    report = await world.store.report("RPT-1")
    assert report is not None
    # FerretDB drops a null `case_id` from the upsert: readers must use .get("case_id")
    assert report["tracking_code"] == first.tracking_code and report.get("case_id") is None
    assert json.loads(json.dumps(report["content"])) == first.content.model_dump(mode="json")


async def test_attaching_and_moving_a_report(world: Stores) -> None:
    report = received()
    await world.store.attach_report(report, case_id="CASE-1", decision={"category": "X"})
    attached = await world.store.report("RPT-1")
    assert attached is not None and attached["case_id"] == "CASE-1"
    assert attached["decision"] == {"category": "X"}
    await world.store.move_report("RPT-1", case_id="CASE-2")
    moved = await world.store.report("RPT-1")
    assert moved is not None and moved["case_id"] == "CASE-2"
    await world.store.move_report("RPT-NONE", case_id="CASE-2")
    assert await world.store.report("RPT-NONE") is None


async def test_a_deleted_case_is_gone(world: Stores) -> None:
    case = a_case()
    await world.store.insert_case(case, record=a_record(), outbox=[])
    await world.store.delete_case(case.case_id)
    assert await world.store.get(case.case_id) is None
