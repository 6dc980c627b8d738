"""The deadline scan as bootstrap wires it: due cases from the staff view once it is loaded
(no store query per pass), the store's query while it loads; two replicas, each with its
own view, still announce each deadline and each reminder once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from schemas.cases import CaseAssigned, CaseDeadline
from schemas.codec import encode
from schemas.envelope import Envelope
from schemas.events import CASE_ASSIGNED
from services.cases.adapters.view_deadline_watch import ViewDeadlineWatch, row_due
from services.cases.adapters.viewed_store import ViewedCaseStore
from services.cases.entrypoints.view_feed import touched
from services.cases.read_models.staff_view import StaffView
from services.cases.read_models.view_upkeep import load, refresh
from services.cases.service_layer.deadlines import DeadlineScan
from services.common.item_retries import FailingItems
from tests.fakes.cases.store import InMemoryCaseStore
from tests.fakes.cases.watch import InMemoryDeadlineWatch
from tests.fakes.clock import FakeClock
from tests.service.cases.staff_support import fake_staff_world
from tests.unit.cases.packaged_rules import packaged_policy

POLICY = packaged_policy()


class CountingWatch(InMemoryDeadlineWatch):
    """The store's watch, counting how often its due query (a scan on FerretDB) is asked."""

    queries = 0

    async def due_cases(self, *, now: datetime, warn_before: timedelta, limit: int) -> list[str]:
        self.queries += 1
        return await super().due_cases(now=now, warn_before=warn_before, limit=limit)


class Replica:
    def __init__(self, fake: InMemoryCaseStore, stored: CountingWatch, owner: str) -> None:
        self.fake, self.view, self.clock = fake, StaffView(), FakeClock()
        self.watch = ViewDeadlineWatch(self.view, stored)
        self.scan = DeadlineScan(
            store=ViewedCaseStore(fake, self.view),
            watch=self.watch,
            policy=POLICY,
            clock=self.clock,
            owner=owner,
            lease=timedelta(minutes=2),
            failing=FailingItems("test_view_deadlines", base_s=0, max_s=0),
        )

    async def scan_once(self, at: datetime) -> int:
        self.clock.set(at)
        return await self.scan.scan_once()

    def hears(self, deadline_at: datetime, detected_at: datetime, reminder: int = 0) -> None:
        """A deadline event of the one case, as the case events feed hands it over."""
        [case_id] = self.fake.cases
        self.view.apply(
            CaseDeadline(
                case_id=case_id,
                status="received",
                deadline_at=deadline_at,
                detected_at=detected_at,
                reminder=reminder,
            )
        )


async def seeded(
    replicas: int,
) -> tuple[InMemoryCaseStore, CountingWatch, list[Replica], str, datetime]:
    world = fake_staff_world(POLICY)
    assert isinstance(world.store, InMemoryCaseStore)
    case_id, _ = await world.seed()
    stored = CountingWatch(world.store)
    deadline: datetime = (await world.document(case_id))["deadline_at"]
    group = [Replica(world.store, stored, f"r{i}") for i in range(replicas)]
    return world.store, stored, group, case_id, deadline


async def test_only_a_warm_view_answers_and_the_store_is_never_asked() -> None:
    fake, stored, [replica], case_id, deadline = await seeded(1)
    assert await replica.scan_once(deadline - timedelta(hours=2)) == 0  # view still loading
    assert stored.queries == 0
    await load(replica.view, fake)
    assert await replica.scan_once(deadline - timedelta(hours=1)) == 1  # due since the load
    assert await replica.scan_once(deadline - timedelta(minutes=30)) == 0
    assert await replica.scan_once(deadline + timedelta(minutes=1)) == 1
    assert await replica.scan_once(deadline + timedelta(hours=23)) == 0
    assert await replica.scan_once(deadline + timedelta(hours=25)) == 1  # the reminder
    assert stored.queries == 0  # every pass: from memory
    types = [e["type"] for e in fake.document(case_id)["outbox"]]
    assert types == ["case.deadline_approaching", "case.deadline_missed", "case.deadline_missed"]


async def test_two_replicas_announce_each_deadline_and_reminder_once() -> None:
    fake, _, replicas, case_id, deadline = await seeded(2)
    a, b = replicas
    for replica in replicas:
        await load(replica.view, fake)
    missed_at = deadline + timedelta(minutes=1)
    assert await a.scan_once(missed_at) == 1
    b.hears(deadline, missed_at)  # a's event reaches b's view: b reads the case back
    assert case_id in b.view.dirty
    await refresh(b.view, fake, limit=10)
    assert await b.scan_once(missed_at + timedelta(minutes=1)) == 0
    remind_at = missed_at + timedelta(hours=25)
    assert await b.scan_once(remind_at) == 1
    a.hears(deadline, remind_at, reminder=1)  # b's reminder: a's row is behind, read back
    assert case_id in a.view.dirty
    await refresh(a.view, fake, limit=10)
    assert await a.scan_once(remind_at + timedelta(minutes=1)) == 0
    outbox = fake.document(case_id)["outbox"]
    assert [e["type"] for e in outbox].count("case.deadline_missed") == 2


async def test_own_deadline_events_need_no_read_back() -> None:
    fake, _, [replica], _, deadline = await seeded(1)
    await load(replica.view, fake)
    for at in (deadline - timedelta(hours=2), deadline + timedelta(minutes=1)):
        assert await replica.scan_once(at) == 1
        replica.hears(deadline, at)
        assert replica.view.dirty == set()


async def test_the_view_predicate_agrees_with_the_store_query() -> None:
    fake, stored, [replica], case_id, deadline = await seeded(1)
    offsets = (-50, -2, -1, 0, 1, 2, 25, 26, 50)
    for hours in offsets:  # through every deadline state, reminders included
        now = deadline + timedelta(hours=hours)
        await load(replica.view, fake)
        [row] = replica.view.rows.values()
        in_store = await stored.due_cases(now=now, warn_before=POLICY.warn_before, limit=10)
        assert row_due(row, now=now, warn_before=POLICY.warn_before) == (case_id in in_store)
        await replica.scan_once(now)


def test_an_assignment_on_another_replica_is_read_back_without_the_reconcile_pass() -> None:
    view = StaffView()
    view.finish_loading()
    at = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    assigned = CaseAssigned(case_id="CASE-9", assigned_at=at, assignee="officer-7")
    touched(encode(Envelope(source="cases", type=CASE_ASSIGNED, data=assigned)), view)
    assert view.dirty == {"CASE-9"}
    touched(b"{not json", view)  # the DLQ is not this listener's business
    assert view.dirty == {"CASE-9"}
