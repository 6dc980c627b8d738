"""Filing reports on the in-memory store: open or link, idempotent under redelivery; the
outbox relay; deliveries on the timeline; the public status before and after triage."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from schemas import topics
from schemas.codec import decode
from schemas.envelope import Envelope
from schemas.notifications import DeliveryStatus, NotificationDelivered
from schemas.triage import ReportTriaged
from services.cases.domain.vocabulary import ElectionType
from services.cases.read_models.status_lookup import status_of
from services.cases.read_models.timeline import timeline_view
from services.cases.service_layer.filing import Trace, file_triaged, record_received
from services.cases.service_layer.outbox_relay import relay_once
from tests.fakes.cases.store import InMemoryCaseStore
from tests.fakes.clock import FakeClock
from tests.fakes.events import RecordingPublisher
from tests.unit.cases.packaged_rules import packaged_policy

EXAMPLE = Path(__file__).parents[3] / "schemas" / "examples" / "report.triaged.json"
NO_TRACE = Trace(trace_id=None, traceparent=None)


def triaged_event(
    report_id: str, tracking_code: str, dedup_key: str = "dk-1"
) -> Envelope[ReportTriaged]:
    envelope = decode(EXAMPLE.read_bytes())
    payload = envelope.data
    assert isinstance(payload, ReportTriaged)
    report = payload.report.model_copy(
        update={"report_id": report_id, "tracking_code": tracking_code}
    )
    decision = payload.decision.model_copy(update={"dedup_key": dedup_key})
    data = ReportTriaged(report=report, decision=decision)
    return Envelope[ReportTriaged](source="test", type=envelope.type, data=data)


async def file(store: InMemoryCaseStore, event: Envelope[ReportTriaged]) -> str:
    return await file_triaged(
        store=store,
        policy=packaged_policy(),
        clock=FakeClock(),
        default_election=ElectionType.PILKADA,
        triaged=event.data,
        source_event_id=event.id,
        trace=NO_TRACE,
    )


async def test_a_redelivered_triaged_event_opens_one_case() -> None:
    store = InMemoryCaseStore()
    event = triaged_event("RPT-A", "NTR-AAAA-AAAA-AAAA-AAAA")
    first = await file(store, event)
    assert await file(store, event) == first
    [case] = store.cases.values()
    assert case["report_ids"] == ["RPT-A"] and len(case["timeline"]) == 1
    assert [e["type"] for e in case["outbox"]] == ["case.opened"]


async def test_duplicates_join_the_open_case_once_each() -> None:
    store = InMemoryCaseStore()
    first = triaged_event("RPT-1", "NTR-1111-1111-1111-1111", dedup_key="viral")
    second = triaged_event("RPT-2", "NTR-2222-2222-2222-2222", dedup_key="viral")
    for event in (first, second, second):
        await file(store, event)
    [case] = store.cases.values()
    assert case["report_ids"] == ["RPT-1", "RPT-2"] and case["version"] == 2
    assert [e["type"] for e in case["outbox"]] == ["case.opened", "case.report_linked"]
    assert [e["action"] for e in case["timeline"]] == ["opened", "link_report"]
    assert [m["report_id"] for m in case["report_meta"]] == ["RPT-1", "RPT-2"]
    shown = await status_of(reads=store, tracking_code="NTR-2222-2222-2222-2222")
    assert shown is not None and shown.case_id == case["_id"] and shown.linked_reports == 2


async def test_a_received_report_answers_before_triage() -> None:
    store = InMemoryCaseStore()
    event = triaged_event("RPT-R", "NTR-3333-3333-3333-3333")
    await record_received(store=store, report=event.data.report)
    shown = await status_of(reads=store, tracking_code="NTR-3333-3333-3333-3333")
    assert shown is not None and shown.status == "received" and shown.case_id is None
    assert await status_of(reads=store, tracking_code="NTR-0000-0000-0000-0000") is None


async def test_the_relay_publishes_each_event_once_and_empties_the_outbox() -> None:
    store, publisher = InMemoryCaseStore(), RecordingPublisher()
    case_id = await file(store, triaged_event("RPT-O", "NTR-4444-4444-4444-4444"))
    assert await relay_once(outbox=store, publisher=publisher) == 1
    assert await relay_once(outbox=store, publisher=publisher) == 0
    [sent] = publisher.on(topics.CASES_EVENTS)
    assert sent.key == case_id and sent.envelope.type == "case.opened"
    assert store.document(case_id)["outbox"] == []


async def test_a_failed_publish_keeps_the_outbox_for_the_next_round() -> None:
    store, publisher = InMemoryCaseStore(), RecordingPublisher()
    case_id = await file(store, triaged_event("RPT-F", "NTR-5555-5555-5555-5555"))
    publisher.fail_with = ConnectionError("broker down")
    with pytest.raises(ConnectionError):
        await relay_once(outbox=store, publisher=publisher)
    assert len(store.document(case_id)["outbox"]) == 1
    assert await relay_once(outbox=store, publisher=publisher) == 1


async def test_a_delivery_is_recorded_once_and_shown_on_the_timeline() -> None:
    store = InMemoryCaseStore()
    case_id = await file(store, triaged_event("RPT-N", "NTR-6666-6666-6666-6666"))
    delivered = NotificationDelivered(
        notification_id="NTF-1",
        case_id=case_id,
        source_event_id=str(uuid.uuid4()),
        source_event_type="case.opened",
        recipient="BAWASLU:18.01",
        channel="webhook",
        status=DeliveryStatus.DELIVERED,
        attempts=1,
        finished_at=datetime(2030, 1, 1, tzinfo=UTC),
    )
    assert await store.record_notification(delivered, trace_id="t") is True
    assert await store.record_notification(delivered, trace_id="t") is False
    view = timeline_view(store.document(case_id))
    assert [e["action"] for e in view] == ["opened", "notification.delivered"]
    assert view[-1]["trace_id"] == "t" and store.document(case_id)["version"] == 1
