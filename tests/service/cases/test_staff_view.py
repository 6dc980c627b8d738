"""The staff view on the fakes: loaded from the store, 503 while warming, own writes at
once, another replica's events (held while loading, read back when incomplete), splits,
and the status look-up without the store's scan by code."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from schemas.cases import CaseDeadline, CaseStatusChanged
from services.cases.domain.model import Actor
from services.cases.domain.vocabulary import Role
from services.cases.read_models.models import CaseFilters
from services.cases.read_models.queue import list_cases
from services.cases.read_models.staff_view import StaffView
from services.cases.read_models.stats import case_stats
from services.cases.read_models.status_lookup import status_of
from services.cases.read_models.view_upkeep import load, reconcile, refresh
from services.cases.service_layer.outbox_relay import relay_once
from services.common.item_retries import FailingItems
from tests.fakes.cases.store import InMemoryCaseStore
from tests.service.cases.staff_support import (
    OPENING_DAY,
    FeedingPublisher,
    StaffWorld,
    fake_staff_world,
    token,
)
from tests.unit.cases.packaged_rules import packaged_policy

BAWASLU = token("bawaslu", "18.12", name="Siti Bawaslu")
OPS = Actor(name="Ops", role=Role.OPS, region="RI")
NOW = OPENING_DAY + timedelta(days=1)


@pytest.fixture
def world() -> StaffWorld:
    return fake_staff_world(packaged_policy())


def fake_store(world: StaffWorld) -> InMemoryCaseStore:
    assert isinstance(world.store, InMemoryCaseStore)
    return world.store


def queue_ids(view: StaffView, actor: Actor = OPS, **filters: Any) -> list[str]:
    page = list_cases(
        view=view,
        actor=actor,
        filters=CaseFilters.model_validate(filters),
        cursor=None,
        limit=200,
        now=NOW,
    )
    return [c.case_id for c in page.items]


async def act(world: StaffWorld, case_id: str, version: int, **body: object) -> int:
    return (await world.transition(case_id, version, headers=BAWASLU, **body)).status_code


async def test_staff_reads_answer_503_while_warming_then_from_the_loaded_view(
    world: StaffWorld,
) -> None:
    first, _ = await world.seed(region="18.12")
    second, _ = await world.seed(region="35.08", routes=["BAWASLU:35.08"])
    cold = StaffView()
    world.app.state.staff_view = cold
    async with world.client() as http:
        for path in ("/v1/cases", "/v1/stats", "/v1/cases/export"):
            refused = await http.get(path, headers=BAWASLU)
            assert refused.status_code == 503 and refused.headers["Retry-After"] == "5"
            assert refused.headers["content-type"].startswith("application/problem+json")
        assert (await http.get("/ready/staff-view")).status_code == 503
        page = await http.get(f"/v1/cases/{first}", headers=BAWASLU)
        assert page.status_code == 200  # a case page reads the store, not the view
        assert await load(cold, fake_store(world)) == 2
        ready = await http.get("/ready/staff-view")
        assert ready.status_code == 200 and ready.json()["cases"] == 2
        queue = await http.get("/v1/cases", headers=BAWASLU)
    assert [c["case_id"] for c in queue.json()["items"]] == [first]
    assert sorted(queue_ids(cold)) == sorted([first, second])


async def test_a_staff_write_shows_in_the_queue_at_once(world: StaffWorld) -> None:
    case_id, _ = await world.seed()
    assert queue_ids(world.view, status="received") == [case_id]
    assert await act(world, case_id, 1, command="start_review") == 200
    assert await act(world, case_id, 2, command="register", reason="lengkap") == 200
    row = world.view.rows[case_id]
    assert row.status == "registered" and row.version == 3 and row.deadline_at is not None
    assert queue_ids(world.view, status="registered") == [case_id]
    stats = case_stats(view=world.view, actor=OPS, now=NOW)
    assert stats.by_status == {"registered": 1} and not world.view.dirty


async def test_another_replicas_write_arrives_by_event_and_is_read_back(
    world: StaffWorld,
) -> None:
    case_id, _ = await world.seed()
    other = StaffView()  # a second replica over the same store
    await load(other, fake_store(world))
    assert await act(world, case_id, 1, command="start_review") == 200
    await relay_once(
        outbox=fake_store(world),
        publisher=FeedingPublisher(other),
        failing=FailingItems("t", base_s=60, max_s=60),
    )
    row = other.rows[case_id]
    assert row.status == "preliminary_review" and row.version == 1  # the event: status only
    assert other.dirty == {case_id}
    assert await refresh(other, fake_store(world), limit=10) == 1
    assert other.rows[case_id] == world.view.rows[case_id] and not other.dirty


async def test_events_that_come_while_loading_wait_and_stale_ones_are_read_back(
    world: StaffWorld,
) -> None:
    case_id, _ = await world.seed()
    view = StaffView()
    changed = CaseStatusChanged(
        case_id=case_id,
        from_status="preliminary_review",  # out of step with what the store holds
        to_status="registered",
        changed_at=OPENING_DAY + timedelta(hours=1),
        actor_role="bawaslu",
    )
    view.apply(changed)
    assert not view.rows and not view.dirty  # held
    await load(view, fake_store(world))
    assert view.rows[case_id].status == "received" and view.dirty == {case_id}
    deadline = CaseDeadline(
        case_id="CASE-NONE", status="received", deadline_at=NOW, detected_at=NOW
    )
    view.apply(deadline)
    assert await refresh(view, fake_store(world), limit=10) == 2
    assert "CASE-NONE" not in view.rows and not view.dirty


async def test_a_duplicate_and_a_split_move_the_tracking_code(world: StaffWorld) -> None:
    case_id, _ = await world.seed(dedup_key="same")
    linked, report_id = await world.seed(dedup_key="same")
    assert linked == case_id and world.view.rows[case_id].report_ids[-1] == report_id
    code = next(c for c, r in world.view.report_codes.items() if r == report_id)
    assert world.view.case_of_code(code) == case_id
    async with world.client() as http:
        split = await http.delete(
            f"/v1/cases/{case_id}/links/{report_id}",
            params={"reason": "kejadian lain"},
            headers=BAWASLU,
        )
    assert split.status_code == 200
    new_id = split.json()["new_case"]["case_id"]
    assert world.view.case_of_code(code) == new_id
    assert len(world.view.rows[case_id].report_ids) == 1


async def test_the_status_look_up_reads_one_case_not_every_report(world: StaffWorld) -> None:
    case_id, _ = await world.seed()
    store = fake_store(world)
    [code] = world.view.report_codes

    class NoScan(InMemoryCaseStore):
        async def report_by_tracking_code(self, tracking_code: str) -> dict[str, Any] | None:
            raise AssertionError("the view knew the code: no look-up by code")

    reads = NoScan()
    reads.cases, reads.links = store.cases, store.links
    found = await status_of(view=world.view, reads=reads, tracking_code=code)
    assert found is not None and found.case_id == case_id and found.status == "received"


async def test_an_assignment_elsewhere_is_found_by_the_reconcile_pass(world: StaffWorld) -> None:
    case_id, _ = await world.seed()
    other = StaffView()
    await load(other, fake_store(world))
    async with world.client() as http:
        assigned = await http.post(
            f"/v1/cases/{case_id}/assign",
            json={"assignee": "staf.tubaba.02", "expected_version": 1},
            headers=BAWASLU,
        )
    assert assigned.status_code == 200 and world.view.rows[case_id].assignee == "staf.tubaba.02"
    assert other.rows[case_id].assignee is None  # no event says it
    assert await reconcile(other, fake_store(world), since=NOW) == 0  # dated before
    assert await reconcile(other, fake_store(world), since=OPENING_DAY) == 1
    await refresh(other, fake_store(world), limit=10)
    assert other.rows[case_id].assignee == "staf.tubaba.02"
    # Up to date now: the next pass reads nothing back (new cases events brought neither).
    fresh, _ = await world.seed()
    assert fresh in world.view.rows
    assert await reconcile(world.view, fake_store(world), since=OPENING_DAY) == 0


async def test_a_transition_whose_event_never_came_is_found_by_the_reconcile_pass(
    world: StaffWorld,
) -> None:
    """E.g. made elsewhere between this replica's load and its subscription to the feed."""
    case_id, _ = await world.seed()
    other = StaffView()
    await load(other, fake_store(world))
    assert await act(world, case_id, 1, command="start_review") == 200  # no relay: no event
    assert await reconcile(other, fake_store(world), since=OPENING_DAY) == 1
    await refresh(other, fake_store(world), limit=10)
    assert other.rows[case_id] == world.view.rows[case_id]
