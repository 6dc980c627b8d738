"""Contract of `CaseStore`: what the use cases rely on, on the fake and on FerretDB alike."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from schemas.codec import decode
from schemas.notifications import DeliveryStatus, NotificationDelivered
from schemas.reports import ReportReceived
from schemas.triage import ReportTriaged
from services.cases.domain.lifecycle.commands import StartReview, UnlinkReport, Withdraw
from services.cases.domain.lifecycle.transition import transition
from services.cases.domain.model import Actor
from services.cases.domain.vocabulary import Role
from services.cases.read_models.timeline import timeline_view
from services.cases.service_layer.ports import Delivery, Filing
from tests.contracts.cases.conftest import T0, Stores, a_case, a_link, a_record, an_entry
from tests.unit.cases.packaged_rules import packaged_policy

EXAMPLE = Path(__file__).parents[3] / "schemas" / "examples" / "report.triaged.json"
BAWASLU = Actor(name="Siti", role=Role.BAWASLU, region="18.12")
OPS = Actor(name="Ops", role=Role.OPS, region="RI")


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
    # what a forward's packet shows comes with the case (the staff path reads nothing more)
    assert (stored.summary, stored.reported_position) == ("camat hadir kampanye", None)
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
    delivery = Delivery(delivered(case.case_id), trace_id="t")
    assert await world.filing_log.insert_deliveries([delivery]) == set()
    assert await world.filing_log.insert_deliveries([delivery]) == {"NTF-1#1"}
    assert await world.store.push_note("CASE-NONE", note) is False
    assert await world.store.version_of(case.case_id) == 1
    document = await world.reads.case_document(case.case_id)
    assert document is not None
    assert [n["note_id"] for n in document["notes"]] == ["n1"]
    assert [(n["id"], n["trace_id"]) for n in document["notifications"]] == [("NTF-1", "t")]


async def test_a_cases_delivery_attempts_read_back_in_time_order_with_their_moments(
    world: Stores,
) -> None:
    case = a_case()
    await world.store.insert_case(case, record=a_record(), outbox=[])
    retry_at = T0 + timedelta(minutes=3)
    failed = delivered(case.case_id).model_copy(
        update={"status": DeliveryStatus.FAILED, "detail": "HTTP 503", "next_attempt_at": retry_at}
    )
    second = delivered(case.case_id).model_copy(
        update={"attempts": 2, "finished_at": T0 + timedelta(minutes=4)}
    )
    await world.filing_log.insert_deliveries([Delivery(second, None), Delivery(failed, "t")])
    document = await world.reads.case_document(case.case_id)
    assert document is not None
    assert [
        (n["id"], n["status"], n["attempts"], n["at"], n["next_attempt_at"], n["detail"])
        for n in document["notifications"]
    ] == [
        ("NTF-1", "failed", 1, T0 + timedelta(minutes=1), retry_at, "HTTP 503"),
        ("NTF-1", "delivered", 2, T0 + timedelta(minutes=4), None, None),
    ]
    merged = timeline_view(document)  # aware moments beside the state changes'
    assert [item["action"] for item in merged] == [
        "opened",
        "notification.failed",
        "notification.delivered",
    ]
    assert merged[1]["details"]["next_attempt_at"] == retry_at.isoformat()


async def test_a_case_reads_back_with_the_reports_linked_beside_it(world: Stores) -> None:
    case = a_case(report_id="RPT-9")
    await world.store.insert_case(case, record=a_record(), outbox=[])
    await world.filing_log.insert_links([a_link("RPT-10", case.case_id, anonymous=True)])
    stored = await world.store.get(case.case_id)
    assert stored is not None and stored.state.version == 1
    assert [r.report_id for r in stored.state.reports] == ["RPT-9", "RPT-10"]
    assert [e.action for e in stored.state.timeline] == ["opened", "link_report"]
    assert stored.state.timeline[-1].to_status == case.status
    document = await world.reads.case_document(case.case_id)
    assert document is not None and document["report_ids"] == ["RPT-9", "RPT-10"]
    assert [m["tracking_code"] for m in document["report_meta"]] == ["NTR-RPT-10"]
    [row] = [d async for d in world.reads.every_case()]
    assert row["report_ids"] == ["RPT-9", "RPT-10"]


async def test_a_link_staff_removed_stays_removed(world: Stores) -> None:
    case = a_case(report_id="RPT-9")
    await world.store.insert_case(case, record=a_record(), outbox=[])
    await world.filing_log.insert_links([a_link("RPT-10", case.case_id, anonymous=True)])
    stored = await world.store.get(case.case_id)
    assert stored is not None
    unlinked, _ = transition(
        stored.state,
        UnlinkReport(report_id="RPT-10", reason="bukan kejadian yang sama"),
        actor=BAWASLU,
        now=T0 + timedelta(hours=1),
        policy=packaged_policy(),
    )
    assert await world.store.save_change(
        unlinked,
        expected_version=1,
        entries=unlinked.timeline[len(stored.state.timeline) :],
        folded=["RPT-9", "RPT-10"],
    )
    again = await world.store.get(case.case_id)
    assert again is not None and [r.report_id for r in again.state.reports] == ["RPT-9"]
    assert [e.action for e in again.state.timeline] == ["opened", "link_report", "unlink_report"]


async def test_a_report_reads_back_with_its_filing(world: Stores) -> None:
    report = received()
    await world.filing_log.insert_reports([report])
    first = await world.store.report("RPT-1")
    assert first is not None and first.get("case_id") is None
    assert first["tracking_code"] == report.tracking_code
    assert json.loads(json.dumps(first["content"])) == report.content.model_dump(mode="json")
    filing = Filing("RPT-1", "CASE-1", {"category": "X"}, T0, "e-1")
    await world.filing_log.insert_filings([filing])
    filed = await world.store.report("RPT-1")
    assert filed is not None and filed["case_id"] == "CASE-1"
    assert filed["decision"] == {"category": "X"}
    await world.store.move_report("RPT-1", case_id="CASE-2")
    moved = await world.store.report("RPT-1")
    assert moved is not None and moved["case_id"] == "CASE-2"
    by_code = await world.reads.report_by_tracking_code(report.tracking_code)
    assert by_code is not None and by_code["case_id"] == "CASE-2"
    assert await world.store.report("RPT-NONE") is None


async def test_a_closing_write_is_reported_to_the_partition_state(world: Stores) -> None:
    closed: list[str] = []
    world.store.case_closed = closed.append  # type: ignore[attr-defined]
    case = a_case()
    await world.store.insert_case(case, record=a_record(), outbox=[])
    withdrawn, _ = transition(
        case,
        Withdraw(reason="dicabut pelapor"),
        actor=BAWASLU,
        now=T0 + timedelta(hours=1),
        policy=packaged_policy(),
    )
    assert await world.store.save_change(
        withdrawn, expected_version=1, entries=withdrawn.timeline[1:]
    )
    assert closed == [case.case_id]


async def test_a_pending_move_is_listed_until_finished(world: Stores) -> None:
    case = a_case("CASE-SPLIT")
    move = {"report_id": "R-1", "source_case_id": "CASE-1", "actor": {}, "unlink_reason": "x"}
    record = replace(a_record(), pending_move=move)
    await world.store.insert_case(case, record=record, outbox=[])
    await world.store.insert_case(a_case("CASE-OTHER"), record=a_record(), outbox=[])
    assert await world.store.pending_moves(10) == [("CASE-SPLIT", move)]
    assert await world.store.finish_move("CASE-SPLIT")
    assert await world.store.pending_moves(10) == []
    assert await world.store.version_of("CASE-SPLIT") == case.version  # no state change
    assert not await world.store.finish_move("CASE-NONE")
