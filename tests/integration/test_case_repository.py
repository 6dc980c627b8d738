"""The case repository against the real MongoDB wire server (FerretDB or mongod)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from schemas.codec import decode
from schemas.notifications import DeliveryStatus, NotificationDelivered
from schemas.triage import ReportTriaged
from services.cases.adapters.repository import CaseRepository
from services.cases.entrypoints.consumer import CaseIntake
from services.cases.storage import timeline_view
from services.common.mongo import make_client
from tests.infra import SessionInfra

EXAMPLE = Path(__file__).parents[2] / "schemas" / "examples" / "report.triaged.json"


@pytest.fixture
async def repo(infra: SessionInfra) -> AsyncIterator[CaseRepository]:
    client = make_client(infra.mongodb_url)
    db = client[f"repo_{uuid.uuid4().hex[:8]}"]
    repository = CaseRepository(db)
    await repository.ensure_indexes()
    yield repository
    await client.drop_database(db.name)
    await client.close()


def triaged_event(report_id: str, tracking_code: str, dedup_key: str = "dk-1"):  # type: ignore[no-untyped-def]
    envelope = decode(EXAMPLE.read_bytes())
    payload = envelope.data
    assert isinstance(payload, ReportTriaged)
    report = payload.report.model_copy(
        update={"report_id": report_id, "tracking_code": tracking_code}
    )
    decision = payload.decision.model_copy(update={"dedup_key": dedup_key})
    data = ReportTriaged(report=report, decision=decision)
    return envelope.model_copy(update={"id": uuid.uuid4(), "data": data})


async def test_redelivered_triaged_event_opens_one_case(repo: CaseRepository) -> None:
    intake = CaseIntake(repo=repo, election_type="pilkada", wake_relay=lambda: None)
    event = triaged_event("RPT-A", "NTR-AAAA-AAAA-AAAA-AAAA")
    await intake.on_triaged(event)
    await intake.on_triaged(event)
    cases = [c async for c in repo.cases.find({})]
    assert len(cases) == 1
    assert cases[0]["report_ids"] == ["RPT-A"]
    assert [e["type"] for e in cases[0]["outbox"]] == ["case.opened"]
    assert len(cases[0]["timeline"]) == 1


async def test_duplicates_join_the_open_case_once_each(repo: CaseRepository) -> None:
    intake = CaseIntake(repo=repo, election_type="pilkada", wake_relay=lambda: None)
    first = triaged_event("RPT-1", "NTR-1111-1111-1111-1111", dedup_key="viral")
    second = triaged_event("RPT-2", "NTR-2222-2222-2222-2222", dedup_key="viral")
    for event in (first, second, second):
        await intake.on_triaged(event)
    case = await repo.cases.find_one({})
    assert case is not None and case["report_ids"] == ["RPT-1", "RPT-2"]
    assert [e["type"] for e in case["outbox"]] == ["case.opened", "case.report_linked"]
    assert [e["action"] for e in case["timeline"]] == ["opened", "link_report"]
    assert case["version"] == 2
    found = await repo.find_by_tracking_code("NTR-2222-2222-2222-2222")
    assert found is not None and found[1] is not None and found[1]["_id"] == case["_id"]


async def test_outbox_is_emptied_after_publishing(repo: CaseRepository) -> None:
    intake = CaseIntake(repo=repo, election_type="pilkada", wake_relay=lambda: None)
    await intake.on_triaged(triaged_event("RPT-O", "NTR-3333-3333-3333-3333"))
    [pending] = await repo.pending_outbox()
    assert await repo.clear_outbox(pending["_id"], version=pending["version"] + 1) is False
    assert await repo.clear_outbox(pending["_id"], version=pending["version"]) is True
    assert await repo.pending_outbox() == []
    case = await repo.cases.find_one({"_id": pending["_id"]})
    assert case is not None and case["outbox"] == [] and case["outbox_pending"] is False


async def test_a_notification_is_recorded_once(repo: CaseRepository) -> None:
    intake = CaseIntake(repo=repo, election_type="pilkada", wake_relay=lambda: None)
    await intake.on_triaged(triaged_event("RPT-N", "NTR-4444-4444-4444-4444"))
    case = await repo.cases.find_one({})
    assert case is not None
    delivered = NotificationDelivered(
        notification_id="NTF-1",
        case_id=case["_id"],
        source_event_id="e",
        source_event_type="case.opened",
        recipient="BAWASLU:18.01",
        channel="webhook",
        status=DeliveryStatus.DELIVERED,
        attempts=1,
        finished_at=datetime.now(UTC),
    )
    assert await repo.record_notification(delivered, trace_id="t") is True
    assert await repo.record_notification(delivered, trace_id="t") is False
    case = await repo.cases.find_one({"_id": case["_id"]})
    assert case is not None and len(case["notifications"]) == 1
    # deliveries are shown on the timeline (storage.timeline_view), each with its trace id
    view = timeline_view(case)
    assert [e["action"] for e in view] == ["opened", "notification.delivered"]
    assert view[-1]["trace_id"] == "t"


async def test_tracking_codes_are_unique(repo: CaseRepository) -> None:
    from pymongo.errors import DuplicateKeyError

    await repo.reports.insert_one({"_id": "R1", "tracking_code": "NTR-X"})
    with pytest.raises(DuplicateKeyError):
        await repo.reports.insert_one({"_id": "R2", "tracking_code": "NTR-X"})
