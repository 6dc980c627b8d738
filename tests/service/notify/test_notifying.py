"""The notifying use case on the in-memory fakes: who is told, once, and what is published;
batches sent concurrently within the bound, and a store read only for ids claimed before."""

from __future__ import annotations

import asyncio
import dataclasses
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
from services.common.telemetry import current_trace_id
from services.notify.domain.deliveries import Delivery, SendResult, notification_id
from services.notify.domain.directory import Endpoint
from services.notify.service_layer.notifying import CaseEvent, CaseEventNotifier
from services.notify.service_layer.recent import RecentDeliveries
from tests.fakes.clock import FakeClock
from tests.fakes.events import RecordingPublisher
from tests.fakes.notify import InMemoryDeliveryLog, InMemoryDirectory, RecordingChannel

WHEN = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
TRACE = {"traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}
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

    recent: RecentDeliveries = field(default_factory=lambda: RecentDeliveries(1_000))
    send_concurrency: int = 4

    def notifier(self) -> CaseEventNotifier:
        return CaseEventNotifier(
            directory=self.directory,
            deliveries=self.deliveries,
            channels={"webhook": self.webhook, "email": self.email},
            publisher=self.publisher,
            clock=self.clock,
            recent=self.recent,
            send_concurrency=self.send_concurrency,
        )

    async def notify(self, *events: Envelope[BaseModel]) -> list[Delivery]:
        return await self.notifier().notify([CaseEvent(e, TRACE) for e in events])

    async def logged(self, notification_id: str) -> Delivery | None:
        return (await self.deliveries.find_all([notification_id])).get(notification_id)

    def outcomes(self) -> list[NotificationDelivered]:
        return [p.envelope.data for p in self.publisher.on(topics.NOTIFICATIONS_DELIVERED)]


@pytest.fixture
def world() -> World:
    return World()


def case_opened(*routes: str, case_id: str = "CASE-1") -> Envelope[BaseModel]:
    data = CaseOpened(
        case_id=case_id,
        report_id="RPT-1",
        opened_at=WHEN,
        category=Category.MONEY_POLITICS,
        subject_type=SubjectType.VILLAGE,
        region_code="52.03",
        routes=list(routes),
        needs_review=False,
        summary="amplop",
    )
    return Envelope[BaseModel](source="netra/cases", type=CASE_OPENED, subject=case_id, data=data)


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
    assert world.deliveries.reads == 0  # the normal path only inserts
    for delivery in sent:
        assert await world.logged(delivery.notification_id) == delivery


async def test_each_outcome_is_published_under_the_case_key(world: World) -> None:
    event = case_opened("BAWASLU:52.03", "GAKKUMDU:52.03")
    await world.notify(event)

    published = world.publisher.on(topics.NOTIFICATIONS_DELIVERED)
    assert [p.key for p in published] == ["CASE-1"] * 3
    assert [p.trace for p in published] == [TRACE] * 3  # each continues its case's trace
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
    assert len(world.deliveries.sends) == 3
    assert world.deliveries.reads == 0  # this process remembered what it sent


async def test_a_failed_send_records_a_failed_outcome_and_publishes_it(world: World) -> None:
    world.webhook.down = True
    event = case_opened("GAKKUMDU:52.03")

    [delivery] = await world.notify(event)

    assert delivery.status is DeliveryStatus.FAILED
    assert delivery.attempts == world.webhook.max_attempts
    assert await world.logged(delivery.notification_id) == delivery
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
    assert delivered.send_number == 2
    logged = await world.logged(failed.notification_id)
    assert logged is not None and logged.attempts == failed.attempts + 1 and logged.delivered


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
    assert world.deliveries.claims == set() and world.deliveries.sends == {}


async def test_an_event_back_in_a_new_process_reads_the_log_once_and_sends_nothing(
    world: World,
) -> None:
    """A restart, a rebalance, or the cases service publishing the event again."""
    event = case_opened("BAWASLU:52.03", "GAKKUMDU:52.03")
    await world.notify(event)
    restarted = World(deliveries=world.deliveries, publisher=world.publisher)

    assert await restarted.notify(event) == []

    assert restarted.webhook.sent == [] and restarted.email.sent == []
    assert world.deliveries.reads == 1
    again = world.publisher.on(topics.NOTIFICATIONS_DELIVERED)[3:]
    assert [p.envelope.data.detail for p in again] == ["already delivered"] * 3


async def test_a_claimed_but_unfinished_notification_is_sent_when_its_event_comes_back(
    world: World,
) -> None:
    """The process stopped between claim and record: the send may never have happened."""
    event = case_opened("GAKKUMDU:52.03")
    [nid] = [
        notification_id(source_event_id=str(event.id), route="GAKKUMDU:52.03", channel="webhook")
    ]
    await world.deliveries.claim([nid])

    [delivery] = await world.notify(event)

    assert delivery.delivered and delivery.send_number == 1
    assert [s.notification_id for s in world.webhook.sent] == [nid]


async def test_a_batch_tells_every_case_once_and_publishes_every_outcome(world: World) -> None:
    events = [case_opened("GAKKUMDU:52.03", case_id=f"CASE-{n}") for n in range(10)]
    sent = await world.notify(*events, events[3])  # one event twice in the batch

    assert len(sent) == 10 and len(world.webhook.sent) == 10
    assert [o.case_id for o in world.outcomes()] == [f"CASE-{n}" for n in range(10)]
    assert [p.key for p in world.publisher.on(topics.NOTIFICATIONS_DELIVERED)] == [
        f"CASE-{n}" for n in range(10)
    ]
    assert world.deliveries.reads == 0


@dataclass
class SlowChannel:
    """Counts how many sends are in flight at once."""

    in_flight: int = 0
    most: int = 0
    sent: int = 0

    async def send(self, *, target: str, notification_id: str, body: object) -> SendResult:
        self.in_flight += 1
        self.most = max(self.most, self.in_flight)
        await asyncio.sleep(0.01)
        self.in_flight -= 1
        self.sent += 1
        return SendResult(True, 1, "accepted")


async def test_a_batch_sends_concurrently_within_the_bound(world: World) -> None:
    slow = SlowChannel()
    notifier = dataclasses.replace(world.notifier(), channels={"webhook": slow}, send_concurrency=3)
    await notifier.notify(
        [CaseEvent(case_opened("GAKKUMDU:52.03", case_id=f"CASE-{n}")) for n in range(9)]
    )
    assert slow.sent == 9 and slow.most == 3


async def test_when_publishing_fails_the_batch_again_sends_nothing_twice(world: World) -> None:
    events = [case_opened("GAKKUMDU:52.03", case_id=f"CASE-{n}") for n in range(3)]
    world.publisher.fail_with = ConnectionError("broker down")
    with pytest.raises(ConnectionError):
        await world.notify(*events)
    assert world.publisher.published == []

    assert await world.notify(*events) == []

    assert len(world.webhook.sent) == 3
    assert [o.detail for o in world.outcomes()] == ["already delivered"] * 3
    assert world.deliveries.reads == 0


@dataclass
class BrokenForOne:
    """Raises (a bug, not a refusal) for one target; delivers the others."""

    broken_target: str
    sent: list[str] = field(default_factory=list)

    async def send(self, *, target: str, notification_id: str, body: object) -> SendResult:
        if target == self.broken_target:
            raise RuntimeError("channel bug")
        self.sent.append(notification_id)
        return SendResult(True, 1, "accepted")


async def test_a_channel_that_raises_fails_the_batch_but_keeps_what_was_sent(
    world: World,
) -> None:
    channel = BrokenForOne("https://b.example/hook")
    notifier = dataclasses.replace(
        world.notifier(), channels={"webhook": channel, "email": world.email}
    )
    with pytest.raises(RuntimeError):
        await notifier.notify([CaseEvent(case_opened("BAWASLU:52.03", "GAKKUMDU:52.03"))])
    [gakkumdu] = channel.sent
    assert await world.logged(gakkumdu) is not None
    assert world.recent.get(gakkumdu) is not None


@dataclass
class TraceSeeingChannel:
    """Keeps the trace id current while each send runs (the webhook header carries it)."""

    seen: list[str | None] = field(default_factory=list)

    async def send(self, *, target: str, notification_id: str, body: object) -> SendResult:
        self.seen.append(current_trace_id())
        return SendResult(True, 1, "accepted")


async def test_each_webhook_is_sent_in_the_trace_of_its_case_event(world: World) -> None:
    channel = TraceSeeingChannel()
    other = {"traceparent": "00-11111111111111111111111111111111-2222222222222222-01"}
    notifier = dataclasses.replace(world.notifier(), channels={"webhook": channel})
    await notifier.notify(
        [
            CaseEvent(case_opened("GAKKUMDU:52.03", case_id="CASE-1"), TRACE),
            CaseEvent(case_opened("GAKKUMDU:52.03", case_id="CASE-2"), other),
        ]
    )
    assert channel.seen == ["0af7651916cd43dd8448eb211c80319c", "1" * 32]
    assert current_trace_id() is None
