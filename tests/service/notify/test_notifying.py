"""The notifying use case on the in-memory fakes: who is told, once, and what is published."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from pydantic import BaseModel

from schemas import topics
from schemas.cases import CaseDeadline, CaseOpened, CaseReportLinked, CaseStatusChanged
from schemas.envelope import Envelope
from schemas.events import (
    CASE_DEADLINE_APPROACHING,
    CASE_DEADLINE_MISSED,
    CASE_OPENED,
    CASE_REPORT_LINKED,
    CASE_STATUS_CHANGED,
    NOTIFICATION_DELIVERED,
)
from schemas.notifications import DeliveryStatus, NotificationDelivered
from schemas.triage import Category, SubjectType
from services.notify.domain.deliveries import Delivery, notification_id
from services.notify.domain.directory import Endpoint
from services.notify.service_layer.notifying import notify_case_event
from tests.fakes.clock import FakeClock
from tests.fakes.events import RecordingPublisher
from tests.fakes.notify import InMemoryDeliveryLog, InMemoryDirectory, RecordingChannel

WHEN = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
DIRECTORY = {
    "BAWASLU:*": (
        "Bawaslu {code}",
        [Endpoint("webhook", "https://b.example/hook"), Endpoint("email", "b@example.id")],
    ),
    "GAKKUMDU:*": ("Gakkumdu {code}", [Endpoint("webhook", "https://g.example/hook")]),
}


@dataclass
class World:
    directory: InMemoryDirectory = field(default_factory=lambda: InMemoryDirectory(DIRECTORY))
    deliveries: InMemoryDeliveryLog = field(default_factory=InMemoryDeliveryLog)
    webhook: RecordingChannel = field(default_factory=RecordingChannel)
    email: RecordingChannel = field(default_factory=RecordingChannel)
    publisher: RecordingPublisher = field(default_factory=RecordingPublisher)
    clock: FakeClock = field(default_factory=lambda: FakeClock(WHEN))

    async def notify(self, envelope: Envelope[BaseModel]) -> list[Delivery]:
        return await notify_case_event(
            envelope,
            directory=self.directory,
            deliveries=self.deliveries,
            channels={"webhook": self.webhook, "email": self.email},
            publisher=self.publisher,
            clock=self.clock,
        )

    def outcomes(self) -> list[NotificationDelivered]:
        return [p.envelope.data for p in self.publisher.on(topics.NOTIFICATIONS_DELIVERED)]


@pytest.fixture
def world() -> World:
    return World()


def case_opened(*routes: str) -> Envelope[BaseModel]:
    data = CaseOpened(
        case_id="CASE-1",
        report_id="RPT-1",
        opened_at=WHEN,
        category=Category.MONEY_POLITICS,
        subject_type=SubjectType.VILLAGE,
        region_code="52.03",
        routes=list(routes),
        needs_review=False,
        summary="amplop",
    )
    return Envelope[BaseModel](source="netra/cases", type=CASE_OPENED, subject="CASE-1", data=data)


async def test_case_opened_reaches_each_routed_authority_once_per_channel(world: World) -> None:
    event = case_opened("BAWASLU:52.03", "GAKKUMDU:52.03")
    sent = await world.notify(event)

    assert [(s.target, s.body["recipient"]["name"]) for s in world.webhook.sent] == [
        ("https://b.example/hook", "Bawaslu 52.03"),
        ("https://g.example/hook", "Gakkumdu 52.03"),
    ]
    assert [s.target for s in world.email.sent] == ["b@example.id"]
    assert {(d.route, d.channel) for d in sent} == {
        ("BAWASLU:52.03", "webhook"),
        ("BAWASLU:52.03", "email"),
        ("GAKKUMDU:52.03", "webhook"),
    }
    assert all(d.status is DeliveryStatus.DELIVERED and d.finished_at == WHEN for d in sent)
    for delivery in sent:
        assert await world.deliveries.find(delivery.notification_id) == delivery


async def test_each_outcome_is_published_under_the_case_key(world: World) -> None:
    event = case_opened("BAWASLU:52.03", "GAKKUMDU:52.03")
    await world.notify(event)

    published = world.publisher.on(topics.NOTIFICATIONS_DELIVERED)
    assert [p.key for p in published] == ["CASE-1"] * 3
    assert {p.envelope.type for p in published} == {NOTIFICATION_DELIVERED}
    first = published[0].envelope.data
    assert first == NotificationDelivered(
        notification_id=notification_id(
            source_event_id=str(event.id), route="BAWASLU:52.03", channel="webhook"
        ),
        case_id="CASE-1",
        source_event_id=str(event.id),
        source_event_type=CASE_OPENED,
        recipient="BAWASLU:52.03",
        channel="webhook",
        status=DeliveryStatus.DELIVERED,
        attempts=1,
        finished_at=WHEN,
        detail="accepted",
    )
    assert world.webhook.sent[0].notification_id == first.notification_id


async def test_the_webhook_body_speaks_indonesian_first(world: World) -> None:
    await world.notify(case_opened("BAWASLU:52.03"))
    body = world.webhook.sent[0].body
    assert body["message"]["id"].startswith("Kepada Bawaslu 52.03: kasus baru CASE-1")
    assert body["message"]["en"].startswith("To Bawaslu 52.03: new case CASE-1")
    assert "report_id" not in body["case"]


async def test_a_redelivered_event_sends_nothing_twice(world: World) -> None:
    event = case_opened("BAWASLU:52.03", "GAKKUMDU:52.03")
    await world.notify(event)
    first_outcomes = world.publisher.on(topics.NOTIFICATIONS_DELIVERED)

    assert await world.notify(event) == []

    assert len(world.webhook.sent) == 2 and len(world.email.sent) == 1
    again = world.publisher.on(topics.NOTIFICATIONS_DELIVERED)[len(first_outcomes) :]
    # the outcome is published again under the same event id, so consumers dedupe it
    assert [p.envelope.id for p in again] == [p.envelope.id for p in first_outcomes]
    assert {p.envelope.data.detail for p in again} == {"already delivered"}
    assert len(world.deliveries.entries) == 3


async def test_a_failed_send_records_a_failed_outcome_and_publishes_it(world: World) -> None:
    world.webhook.down = True
    event = case_opened("GAKKUMDU:52.03")

    [delivery] = await world.notify(event)

    assert delivery.status is DeliveryStatus.FAILED
    assert delivery.attempts == world.webhook.max_attempts
    assert await world.deliveries.find(delivery.notification_id) == delivery
    [outcome] = world.outcomes()
    assert outcome.status is DeliveryStatus.FAILED
    assert outcome.attempts == world.webhook.max_attempts
    assert outcome.detail == "unreachable"


async def test_a_failed_notification_is_sent_again_when_the_event_comes_back(
    world: World,
) -> None:
    world.webhook.down = True
    event = case_opened("GAKKUMDU:52.03")
    [failed] = await world.notify(event)
    world.webhook.down = False

    [delivered] = await world.notify(event)

    assert delivered.status is DeliveryStatus.DELIVERED
    assert len(world.webhook.sent) == 1
    logged = await world.deliveries.find(failed.notification_id)
    assert logged is not None and logged.attempts == failed.attempts + 1


async def test_transient_failures_are_retried_by_the_channel(world: World) -> None:
    world.webhook.fail_next = 2
    [delivery] = await world.notify(case_opened("GAKKUMDU:52.03"))
    assert delivery.status is DeliveryStatus.DELIVERED and delivery.attempts == 3


async def test_a_route_without_a_directory_entry_is_skipped_not_fatal(world: World) -> None:
    sent = await world.notify(case_opened("KEMENDAGRI", "GAKKUMDU:52.03"))
    assert [d.route for d in sent] == ["GAKKUMDU:52.03"]
    assert [o.recipient for o in world.outcomes()] == ["GAKKUMDU:52.03"]


def other_case_events() -> list[Envelope[BaseModel]]:
    deadline = CaseDeadline(
        case_id="CASE-1", status="registered", deadline_at=WHEN, detected_at=WHEN, routes=["X"]
    )
    payloads: list[tuple[str, BaseModel]] = [
        (
            CASE_REPORT_LINKED,
            CaseReportLinked(case_id="CASE-1", report_id="R2", linked_at=WHEN, linked_reports=2),
        ),
        (
            CASE_STATUS_CHANGED,
            CaseStatusChanged(
                case_id="CASE-1",
                from_status="received",
                to_status="preliminary_review",
                changed_at=WHEN,
                actor_role="bawaslu_staff",
                routes=["BAWASLU:52.03"],
            ),
        ),
        (CASE_DEADLINE_APPROACHING, deadline),
        (CASE_DEADLINE_MISSED, deadline),
    ]
    return [
        Envelope[BaseModel](source="netra/cases", type=kind, subject="CASE-1", data=data)
        for kind, data in payloads
    ]


@pytest.mark.parametrize("event", other_case_events(), ids=lambda e: e.type)
async def test_other_case_events_are_acknowledged_without_sending(
    world: World, event: Envelope[BaseModel]
) -> None:
    assert await world.notify(event) == []
    assert world.webhook.sent == [] and world.email.sent == []
    assert world.publisher.published == []
    assert world.deliveries.entries == {}
