"""Today's planner behind the DeliveryPlanner port (until issue 11's matrix planner):
`case.opened` -> one delivery per routed authority and endpoint, the body as before."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from pydantic import BaseModel

from schemas.cases import CaseOpened, CaseStatusChanged
from schemas.envelope import Envelope
from schemas.events import CASE_OPENED, CASE_STATUS_CHANGED
from schemas.triage import Category, SubjectType
from services.notify.domain.directory import Endpoint
from services.notify.domain.plans import Audience, ChannelName, planned_notification_id
from services.notify.service_layer.opened_planning import CaseOpenedPlanner, ContextRenderer
from tests.fakes.notify import InMemoryDirectory

DIRECTORY = InMemoryDirectory(
    {
        "BAWASLU:*": ("Bawaslu {code}", [Endpoint("webhook", "https://b.example.id/h")]),
        "GAKKUMDU:*": ("Gakkumdu", [Endpoint("webhook", "https://g.example.id/h")]),
    }
)


def opened_event(routes: list[str]) -> Envelope[BaseModel]:
    data = CaseOpened(
        case_id="CASE-1",
        report_id="RPT-1",
        opened_at=datetime(2026, 11, 1, tzinfo=UTC),
        category=Category.MONEY_POLITICS,
        subject_type=SubjectType.VILLAGE,
        region_code="52.03",
        routes=routes,
        needs_review=False,
        summary="amplop",
    )
    return Envelope[BaseModel](
        id=uuid.uuid4(), source="netra/cases", type=CASE_OPENED, subject="CASE-1", data=data
    )


async def test_one_delivery_per_known_route_with_the_body_and_no_report_id() -> None:
    event = opened_event(["BAWASLU:52.03", "GAKKUMDU:52", "NOWHERE:1"])
    planned = await CaseOpenedPlanner(DIRECTORY).plan(event, {"traceparent": "t"})
    assert [p.addressee.recipient_id for p in planned] == ["BAWASLU:52.03", "GAKKUMDU:52"]
    first = planned[0]
    assert first.notification_id == planned_notification_id(
        event_id=str(event.id), recipient_id="BAWASLU:52.03", channel="webhook"
    )
    assert first.addressee.channel is ChannelName.WEBHOOK and first.audience is Audience.OFFICIAL
    assert first.trace == {"traceparent": "t"}
    body = ContextRenderer().render(first).data
    assert body["notification_id"] == first.notification_id and body["case_id"] == "CASE-1"
    assert body["recipient"] == {"route": "BAWASLU:52.03", "name": "Bawaslu 52.03"}
    assert "report_id" not in body["case"] and body["event_id"] == str(event.id)


async def test_other_case_events_are_not_planned_here() -> None:
    changed = CaseStatusChanged(
        case_id="CASE-1",
        from_status="received",
        to_status="registered",
        changed_at=datetime(2026, 11, 2, tzinfo=UTC),
        actor_role="officer",
        routes=["BAWASLU:52.03"],
    )
    event = opened_event(["BAWASLU:52.03"]).model_copy(
        update={"type": CASE_STATUS_CHANGED, "data": changed}
    )
    assert await CaseOpenedPlanner(DIRECTORY).plan(event, {}) == []
