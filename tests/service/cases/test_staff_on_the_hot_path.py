"""Staff work on cases the hot path fills: duplicates linked beside the case document show
and act like linked reports, a closure reaches the partition state at once, and the relay
publishes what staff writes put in a case's outbox."""

from __future__ import annotations

from datetime import timedelta

import pytest

from schemas import topics
from services.cases.domain.model import Actor
from services.cases.domain.vocabulary import Role
from services.cases.read_models.stats import StatsCache
from services.cases.service_layer.outbox_relay import relay_once
from services.common.item_retries import FailingItems
from tests.fakes.cases.store import InMemoryCaseStore
from tests.fakes.events import RecordingPublisher
from tests.service.cases.staff_support import OPENING_DAY, StaffWorld, fake_staff_world, token
from tests.unit.cases.packaged_rules import packaged_policy

BAWASLU = token("bawaslu", "18.12", name="Siti Bawaslu")


@pytest.fixture
def world() -> StaffWorld:
    return fake_staff_world(packaged_policy())


async def _act(world: StaffWorld, case_id: str, version: int, **body: object) -> int:
    return (await world.transition(case_id, version, headers=BAWASLU, **body)).status_code


async def test_a_linked_duplicate_shows_on_the_case_and_survives_a_staff_write(
    world: StaffWorld,
) -> None:
    case_id, first = await world.seed(dedup_key="viral")
    same, second = await world.seed(dedup_key="viral")
    assert same == case_id
    assert await _act(world, case_id, 1, command="start_review") == 200
    async with world.client() as http:
        page = (await http.get(f"/v1/cases/{case_id}", headers=BAWASLU)).json()
    assert [r["report_id"] for r in page["reports"]] == [first, second]
    assert page["linked_reports"] == 2 and page["version"] == 2
    assert [t["action"] for t in page["timeline"]] == ["opened", "link_report", "start_review"]
    assert page["timeline"][1]["to_status"] == "received"
    stored = await world.document(case_id)
    assert stored["folded_links"] == sorted([first, second])


async def test_a_staff_closure_opens_a_new_case_for_the_next_duplicate(world: StaffWorld) -> None:
    case_id, _ = await world.seed(dedup_key="viral")
    assert await _act(world, case_id, 1, command="withdraw", reason="dicabut") == 200
    fresh, _ = await world.seed(dedup_key="viral")
    assert fresh != case_id


async def test_the_relay_publishes_staff_events_once_and_empties_the_outbox(
    world: StaffWorld,
) -> None:
    case_id, _ = await world.seed()
    assert await _act(world, case_id, 1, command="start_review") == 200
    store, publisher = world.store, RecordingPublisher()
    assert isinstance(store, InMemoryCaseStore) and store.outbox_writes == 1
    failing = FailingItems("test_relay", base_s=0, max_s=0)
    assert await relay_once(outbox=store, publisher=publisher, failing=failing) == 1
    assert await relay_once(outbox=store, publisher=publisher, failing=failing) == 0
    [sent] = publisher.on(topics.CASES_EVENTS)
    assert sent.key == case_id and sent.envelope.type == "case.status_changed"


async def test_a_failed_publish_keeps_the_outbox_for_the_next_round(world: StaffWorld) -> None:
    case_id, _ = await world.seed()
    assert await _act(world, case_id, 1, command="start_review") == 200
    store, publisher = world.store, RecordingPublisher()
    assert isinstance(store, InMemoryCaseStore)
    failing = FailingItems("test_relay", base_s=0, max_s=0)
    publisher.fail_with = ConnectionError("broker down")
    assert await relay_once(outbox=store, publisher=publisher, failing=failing) == 0
    assert len(store.document(case_id)["outbox"]) == 1 and failing.waiting() == 1
    assert await relay_once(outbox=store, publisher=publisher, failing=failing) == 1
    assert failing.waiting() == 0


async def test_statistics_are_kept_per_jurisdiction_for_their_ttl(world: StaffWorld) -> None:
    await world.seed()
    view = world.view
    cache, siti = (
        StatsCache(timedelta(minutes=1)),
        Actor(name="S", role=Role.BAWASLU, region="18.12"),
    )
    first = cache.stats(view=view, actor=siti, now=OPENING_DAY)
    await world.seed()
    kept = cache.stats(view=view, actor=siti, now=OPENING_DAY + timedelta(seconds=59))
    other = Actor(name="O", role=Role.OPS, region="RI")
    assert kept == first and cache.stats(view=view, actor=other, now=OPENING_DAY).total == 2
    later = cache.stats(view=view, actor=siti, now=OPENING_DAY + timedelta(minutes=1))
    assert first.total == 1 and later.total == 2
