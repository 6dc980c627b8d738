"""The insert-only hot path on the fakes: batches of triaged reports open or join cases from
the partition state; redelivery changes nothing and republishes the same event ids; the
state is rebuilt on assignment; closures open new cases; deliveries and received reports."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from schemas import topics
from schemas.codec import decode
from schemas.notifications import DeliveryStatus, NotificationDelivered
from schemas.triage import ReportTriaged
from services.cases.domain.vocabulary import ElectionType
from services.cases.read_models.deliveries_view import deliveries_of
from services.cases.read_models.models import TimelineItem
from services.cases.read_models.staff_view import StaffView
from services.cases.read_models.status_lookup import status_of
from services.cases.read_models.timeline import timeline_view
from services.cases.service_layer.filing import (
    DeliveryItem,
    TriagedFiling,
    record_deliveries,
    record_received,
)
from services.cases.service_layer.filing_plan import Trace, TriagedItem
from services.cases.service_layer.partition_state import PartitionStates
from tests.fakes.cases.filing_log import InMemoryFilingLog
from tests.fakes.cases.partition_journal import FakeClosureFeed, InMemoryPartitionJournal
from tests.fakes.cases.store import InMemoryCaseStore
from tests.fakes.clock import FakeClock
from tests.fakes.events import RecordingPublisher
from tests.service.cases.staff_support import OFFSETS, SNAPSHOT_EVERY
from tests.unit.cases.packaged_rules import packaged_policy

EXAMPLE = Path(__file__).parents[3] / "schemas" / "examples" / "report.triaged.json"
NO_TRACE = Trace(trace_id=None, traceparent=None)


class World:
    def __init__(self) -> None:
        self.store = InMemoryCaseStore()
        self.log = InMemoryFilingLog(self.store)
        self.published = RecordingPublisher()
        self.journal = InMemoryPartitionJournal()
        self.topic = FakeClosureFeed()  # the case events' closures, as published
        self.filing = self.fresh_replica()

    def fresh_replica(self) -> TriagedFiling:
        """A consumer with an empty memory (a restart, another replica) sharing the store,
        the journal and the case events; its feed starts at the journal's closure floor."""
        states, closures = PartitionStates(), self.topic.restarted(self.journal.floor_now())
        closures.on_closed = states.closed
        filing = TriagedFiling(
            filing_log=self.log,
            open_cases=self.log,
            publisher=self.published,
            policy=packaged_policy(),
            clock=FakeClock(),
            default_election=ElectionType.PILKADA,
            states=states,
            max_linked_reports=500,
            journal=self.journal,
            closures=closures,
            snapshot_every=SNAPSHOT_EVERY,
        )
        self.store.case_closed = filing.case_closed
        return filing

    def event_ids(self) -> list[uuid.UUID]:
        return [p.envelope.id for p in self.published.on(topics.CASES_EVENTS)]


def triaged(report_id: str, dedup_key: str = "dk-1", partition: int = 0) -> TriagedItem:
    envelope = decode(EXAMPLE.read_bytes())
    payload = envelope.data
    assert isinstance(payload, ReportTriaged)
    code = "NTR-" + "-".join([report_id[-4:].rjust(4, "0")] * 4)
    report = payload.report.model_copy(update={"report_id": report_id, "tracking_code": code})
    decision = payload.decision.model_copy(update={"dedup_key": dedup_key})
    data = ReportTriaged(report=report, decision=decision)
    return TriagedItem(uuid.uuid4(), data, partition, NO_TRACE, next(OFFSETS))


async def test_two_reports_of_one_incident_in_a_batch_open_one_case_and_link_the_other() -> None:
    world = World()
    held = await world.filing.file([triaged("RPT-0001"), triaged("RPT-0002")])
    [case] = world.store.cases.values()
    assert held == {"RPT-0001": case["_id"], "RPT-0002": case["_id"]}
    assert case["report_ids"] == ["RPT-0001"] and case["version"] == 1  # never updated
    assert list(world.store.links) == ["RPT-0002"]
    assert world.published.types() == ["case.opened", "case.report_linked"]
    assembled = await world.store.case_document(case["_id"])
    assert assembled is not None and assembled["report_ids"] == ["RPT-0001", "RPT-0002"]
    assert [e["action"] for e in assembled["timeline"]] == ["opened", "link_report"]
    cold = StaffView()  # never loaded: the store's look-up by code answers
    shown = await status_of(view=cold, reads=world.store, tracking_code="NTR-0002-0002-0002-0002")
    assert shown is not None and shown.case_id == case["_id"] and shown.linked_reports == 2
    assert world.log.reads == 0  # the hot path read nothing


async def test_a_redelivered_batch_changes_nothing_and_republishes_the_same_ids() -> None:
    world = World()
    batch = [triaged("RPT-0001"), triaged("RPT-0002"), triaged("RPT-0003", "dk-2")]
    await world.filing.file(batch)
    before = (dict(world.store.cases), dict(world.store.links), dict(world.store.filings))
    first = world.event_ids()
    await world.filing.file(batch)
    assert (dict(world.store.cases), dict(world.store.links), dict(world.store.filings)) == before
    assert world.event_ids() == first + first


async def test_a_redelivery_after_a_restart_republishes_the_same_ids() -> None:
    world = World()
    batch = [triaged("RPT-0001"), triaged("RPT-0002")]
    await world.filing.file(batch)
    first = world.event_ids()
    await world.fresh_replica().file(batch)
    assert world.event_ids() == first + first
    assert len(world.store.cases) == 1 and list(world.store.links) == ["RPT-0002"]


async def test_a_batch_that_failed_half_way_is_completed_by_its_redelivery() -> None:
    world = World()
    batch = [triaged("RPT-0001"), triaged("RPT-0002")]
    world.log.fail_next["case_links"] = ConnectionError("store went away")
    with pytest.raises(ConnectionError):
        await world.filing.file(batch)
    assert world.published.types() == []  # nothing published before the batch is durable
    await world.filing.file(batch)
    assert len(world.store.cases) == 1 and list(world.store.links) == ["RPT-0002"]
    assert world.published.types() == ["case.opened", "case.report_linked"]


async def test_a_rebuilt_state_links_new_duplicates_to_the_open_case() -> None:
    world = World()
    await world.filing.file([triaged("RPT-0001", partition=3), triaged("RPT-0002", partition=3)])
    replica = world.fresh_replica()
    await replica.assigned(frozenset({3}))
    assert replica.states.open_case(3, "dk-1") is not None
    held = await replica.file([triaged("RPT-0003", partition=3)])
    [case_id] = world.store.cases
    assert held == {"RPT-0003": case_id} and sorted(world.store.links) == ["RPT-0002", "RPT-0003"]
    [*_, linked] = world.published.on(topics.CASES_EVENTS)
    assert linked.envelope.data.linked_reports == 3


async def test_a_revoked_partition_is_forgotten() -> None:
    world = World()
    await world.filing.file([triaged("RPT-0001", partition=1)])
    await world.filing.revoked(frozenset({1}))
    assert world.filing.states.owned() == frozenset()


async def test_a_closed_cases_dedup_key_opens_a_new_case() -> None:
    world = World()
    held = await world.filing.file([triaged("RPT-0001")])
    world.filing.case_closed(held["RPT-0001"])
    again = await world.filing.file([triaged("RPT-0002")])
    assert again["RPT-0002"] != held["RPT-0001"] and len(world.store.cases) == 2
    assert world.store.links == {}


async def test_a_closed_case_is_not_rebuilt_into_the_state() -> None:
    world = World()
    held = await world.filing.file([triaged("RPT-0001", partition=2)])
    world.topic.publish(held["RPT-0001"], read=False)  # published while nobody read
    replica = world.fresh_replica()
    await replica.assigned(frozenset({2}))
    assert replica.states.open_case(2, "dk-1") is None


async def test_a_report_on_a_case_never_appears_on_a_second_one() -> None:
    world = World()
    item = triaged("RPT-0001")
    held = await world.filing.file([item, triaged("RPT-0002")])
    world.filing.case_closed(held["RPT-0001"])
    await world.filing.file([triaged("RPT-0003")])  # opens the next case of the incident
    await world.filing.file([item, triaged("RPT-0002")])  # old reports redelivered
    again = TriagedItem(uuid.uuid4(), item.triaged, 0, NO_TRACE, next(OFFSETS))  # sent again
    await world.filing.file([again])
    holders = [c for c in world.store.cases.values() if "RPT-0001" in c["report_ids"]]
    holders += [c for c in world.store.cases.values() if "RPT-0002" in c["report_ids"]]
    linked = [link["case_id"] for link in world.store.links.values()]
    assert len(holders) == 1 and linked.count(held["RPT-0001"]) == 1
    assert world.store.filings["RPT-0002"]["case_id"] == held["RPT-0001"]


async def test_the_same_report_twice_in_one_batch_is_filed_once() -> None:
    world = World()
    item = triaged("RPT-0001")
    await world.filing.file([item, item])
    assert len(world.store.cases) == 1 and world.store.links == {}
    assert world.published.types() == ["case.opened"]


async def test_incidents_in_different_partitions_stay_apart() -> None:
    world = World()
    await world.filing.file([triaged("RPT-0001", "dk-a", 0), triaged("RPT-0002", "dk-b", 1)])
    assert len(world.store.cases) == 2 and world.filing.states.owned() == frozenset({0, 1})


async def test_a_received_report_answers_before_triage_and_keeps_its_first_record() -> None:
    world = World()
    report = triaged("RPT-0009").triaged.report
    await record_received(filing_log=world.log, reports=[report, report])
    warm = StaffView()
    warm.finish_loading()  # the view knows no code of an untriaged report: the store does
    shown = await status_of(view=warm, reads=world.store, tracking_code=report.tracking_code)
    assert shown is not None and shown.status == "received" and shown.case_id is None
    unknown = "NTR-0000-0000-0000-0000"
    assert await status_of(view=warm, reads=world.store, tracking_code=unknown) is None


async def test_a_delivery_is_recorded_once_and_shown_on_the_timeline() -> None:
    world = World()
    held = await world.filing.file([triaged("RPT-0001")])
    case_id = held["RPT-0001"]
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
    item = DeliveryItem(delivered, trace_id="t")
    assert await record_deliveries(filing_log=world.log, deliveries=[item]) == 1
    assert await record_deliveries(filing_log=world.log, deliveries=[item]) == 0
    document = await world.store.case_document(case_id)
    assert document is not None
    view = timeline_view(document)
    assert [e["action"] for e in view] == ["opened", "notification.delivered"]
    assert view[-1]["trace_id"] == "t" and world.store.document(case_id)["version"] == 1


async def test_each_attempts_outcome_is_kept_and_the_staff_rows_show_the_latest() -> None:
    world = World()
    held = await world.filing.file([triaged("RPT-0001")])
    case_id = held["RPT-0001"]
    at = datetime(2030, 1, 1, tzinfo=UTC)

    def attempt(n: int, status: DeliveryStatus, nid: str = "NTF-1") -> DeliveryItem:
        return DeliveryItem(
            NotificationDelivered(
                notification_id=nid,
                case_id=case_id,
                source_event_id=str(uuid.uuid4()),
                source_event_type="case.status_changed",
                recipient="BAWASLU:18.01",
                channel="webhook",
                status=status,
                attempts=n,
                finished_at=at + timedelta(minutes=n),
                detail="HTTP 503" if status is DeliveryStatus.FAILED else "HTTP 204",
                next_attempt_at=at + timedelta(minutes=n + 1)
                if status is DeliveryStatus.FAILED
                else None,
            ),
            trace_id="t",
        )

    steps = [attempt(1, DeliveryStatus.FAILED), attempt(2, DeliveryStatus.DELIVERED)]
    steps.append(attempt(1, DeliveryStatus.DEAD, "NTF-2"))
    assert await record_deliveries(filing_log=world.log, deliveries=steps) == 3
    assert await record_deliveries(filing_log=world.log, deliveries=steps[:1]) == 0
    document = await world.store.case_document(case_id)
    assert document is not None
    timeline = [TimelineItem(**item) for item in timeline_view(document)]
    assert [i.action for i in timeline][1:] == [
        "notification.failed",
        "notification.dead",
        "notification.delivered",
    ]
    rows = deliveries_of(timeline)
    assert [(r.notification_id, r.status, r.attempts) for r in rows] == [
        ("NTF-2", "dead", 1),
        ("NTF-1", "delivered", 2),
    ]
    assert rows[1].recipient == "BAWASLU:18.01" and rows[1].channel == "webhook"
