"""`keep_view` on the fakes: load, then the feed from just before the load, then the
reconcile pass only one interval later; and the feed's events applied twice change
nothing (the feed replays what the load may already have seen)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest

from schemas import topics
from schemas.codec import encode
from services.cases.entrypoints.view_feed import (
    CLOCK_MARGIN,
    OnEvent,
    ViewUpkeep,
    keep_view,
    on_case_event,
)
from services.cases.read_models.ports import Document
from services.cases.read_models.staff_view import StaffView
from services.cases.read_models.view_upkeep import load
from services.cases.service_layer.outbox_relay import relay_once
from services.common.item_retries import FailingItems
from tests.fakes.cases.store import InMemoryCaseStore
from tests.fakes.clock import FakeClock
from tests.service.cases.staff_support import StaffWorld, fake_staff_world, token
from tests.unit.cases.packaged_rules import packaged_policy

BAWASLU = token("bawaslu", "18.12", name="Siti Bawaslu")
RECONCILE_S = 1800.0


@pytest.fixture
def world() -> StaffWorld:
    return fake_staff_world(packaged_policy())


@dataclass
class CountingReads:
    """The fake store's reads, counting the two that read every case on FerretDB."""

    store: InMemoryCaseStore
    steps: list[str] = field(default_factory=list)

    async def every_case(self) -> AsyncIterator[Document]:
        self.steps.append("load")
        async for document in self.store.every_case():
            yield document

    async def changed_since(self, at: datetime) -> list[Document]:
        self.steps.append(f"reconcile since {at.isoformat()}")
        return await self.store.changed_since(at)

    async def cases_by_id(self, case_ids: Sequence[str]) -> list[Document]:
        return await self.store.cases_by_id(case_ids)

    async def case_document(self, case_id: str) -> Document | None:
        return await self.store.case_document(case_id)

    async def report_by_tracking_code(self, tracking_code: str) -> Document | None:
        return await self.store.report_by_tracking_code(tracking_code)

    async def corrected_cases(self) -> list[Document]:
        return await self.store.corrected_cases()

    async def reports_by_id(self, report_ids: Sequence[str]) -> list[Document]:
        return await self.store.reports_by_id(report_ids)


@dataclass
class ScriptedFeed:
    """Notes when it is started and from when, and hands over the events it is given."""

    steps: list[str]
    events: list[tuple[str, bytes]]
    following: asyncio.Event = field(default_factory=asyncio.Event)

    async def run_forever(self, since: datetime, on_event: OnEvent) -> None:
        self.steps.append(f"feed since {since.isoformat()}")
        for kind, body in self.events:
            on_event(kind, body)
        self.following.set()
        await asyncio.Event().wait()


async def rounds(until: Callable[[], bool]) -> None:
    for _ in range(200):
        if until():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the upkeep never got there")


def events_of(world: StaffWorld, after: int = 0) -> list[tuple[str, bytes]]:
    return [
        (sent.envelope.type, encode(sent.envelope))
        for sent in world.published.published[after:]
        if sent.topic == topics.CASES_EVENTS
    ]


async def relayed(world: StaffWorld) -> None:
    assert isinstance(world.store, InMemoryCaseStore)
    await relay_once(
        outbox=world.store,
        publisher=world.published,
        failing=FailingItems("t", base_s=60, max_s=60),
    )


async def test_the_view_loads_then_follows_the_feed_and_reconciles_one_interval_later(
    world: StaffWorld,
) -> None:
    kept, _ = await world.seed()
    assert isinstance(world.store, InMemoryCaseStore)
    reads = CountingReads(world.store)
    sent = len(world.published.published)
    fresh, _ = await world.seed()  # published while the other replica loads, say
    feed = ScriptedFeed(reads.steps, events_of(world, sent))
    clock = FakeClock()
    since = clock.now() - CLOCK_MARGIN
    upkeep = ViewUpkeep(
        refresh_interval_s=0.01, refresh_batch=100, reconcile_interval_s=RECONCILE_S, clock=clock
    )
    view = StaffView()
    task = asyncio.create_task(keep_view(view, reads, feed=feed, upkeep=upkeep))
    try:
        await asyncio.wait_for(feed.following.wait(), 5)
        await asyncio.sleep(0.1)  # several upkeep rounds
        assert reads.steps == ["load", f"feed since {since.isoformat()}"]
        assert set(view.rows) == {kept, fresh} and view.rows == world.view.rows
        clock.advance(timedelta(seconds=RECONCILE_S - 1))
        await asyncio.sleep(0.05)
        assert len(reads.steps) == 2  # not yet
        clock.advance(timedelta(seconds=1))
        await rounds(lambda: len(reads.steps) == 3)
        assert reads.steps[2] == f"reconcile since {since.isoformat()}"  # from the load on
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_a_replayed_event_the_load_already_saw_changes_nothing(world: StaffWorld) -> None:
    case_id, _ = await world.seed()
    joined, _ = await world.seed(dedup_key="dk-joined")
    again, _ = await world.seed(dedup_key="dk-joined")
    started = await world.transition(case_id, 1, headers=BAWASLU, command="start_review")
    assert again == joined and started.status_code == 200
    await relayed(world)
    assert isinstance(world.store, InMemoryCaseStore)
    other = StaffView()
    await load(other, world.store)
    before = dict(other.rows)
    replayed = events_of(world)
    assert {kind for kind, _ in replayed} >= {
        "case.opened",
        "case.report_linked",
        "case.status_changed",
    }
    for kind, body in replayed:
        on_case_event(other, kind, body)
    assert other.rows == before and not other.dirty


async def test_a_triage_correction_elsewhere_is_read_back(world: StaffWorld) -> None:
    case_id, _ = await world.seed()
    assert isinstance(world.store, InMemoryCaseStore)
    other = StaffView()
    await load(other, world.store)
    sent = len(world.published.published)
    response = await world.transition(
        case_id, 1, headers=BAWASLU, command="correct_triage", category="MOBILIZATION", reason="x"
    )
    assert response.status_code == 200, response.text
    await relayed(world)
    [(kind, body)] = events_of(world, sent)
    assert kind == "case.triage_corrected"
    on_case_event(other, kind, body)
    assert other.dirty == {case_id}
