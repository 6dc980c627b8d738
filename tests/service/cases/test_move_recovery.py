"""Link and split are two document writes without a transaction: a crash between them is
finished by the recovery pass, so a report never stays on two cases and a split case never
stays without its report taken out of the source (service_layer/moves.py). And a staff
write the store did not take is an error, never a success."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import httpx
import pytest

from services.cases.domain.model import Actor, CaseState, TimelineEntry
from services.cases.domain.vocabulary import Role
from services.cases.service_layer import links
from services.cases.service_layer.moves import PendingMoves
from services.cases.service_layer.ports import Document
from services.common.item_retries import FailingItems
from tests.fakes.cases.leases import InMemoryLeases
from tests.fakes.cases.store import InMemoryCaseStore
from tests.fakes.clock import FakeClock
from tests.fakes.events import RecordingPublisher
from tests.service.cases.relay_support import replica
from tests.service.cases.staff_support import (
    StaffWorld,
    build_staff_app,
    fake_staff_world,
    token,
)
from tests.unit.cases.packaged_rules import packaged_policy

BAWASLU = Actor(name="Siti Bawaslu", role=Role.BAWASLU, region="18.12")
BAWASLU_TOKEN = token("bawaslu", "18.12", name="Siti Bawaslu")


class Crash(Exception):
    """The process died here."""


class CrashOnSecondWrite(InMemoryCaseStore):
    """Dies once, at the write of `crash_case` (the move's second document write)."""

    crash_case: str | None = None

    async def save_change(
        self, case: CaseState, *, expected_version: int, entries: Sequence[TimelineEntry], **kw: Any
    ) -> bool:
        if case.case_id == self.crash_case:
            self.crash_case = None
            raise Crash(case.case_id)
        return await super().save_change(
            case, expected_version=expected_version, entries=entries, **kw
        )


def crashing(world: StaffWorld) -> CrashOnSecondWrite:
    """A store over the world's data that crashes where a test says."""
    store = CrashOnSecondWrite()
    store.__dict__.update(world.store.__dict__)
    return store


def recovery(store: InMemoryCaseStore) -> PendingMoves:
    return PendingMoves(
        store, packaged_policy(), FakeClock(), FailingItems("moves_test", base_s=0, max_s=0)
    )


def holding(store: InMemoryCaseStore, report_id: str) -> list[str]:
    """Every case whose assembled reports include `report_id`."""
    found = []
    for case_id in store.cases:
        assembled: Document | None = store.assembled(case_id)
        assert assembled is not None
        if report_id in assembled["report_ids"]:
            found.append(case_id)
    return found


async def link_crashed_between_its_writes() -> tuple[CrashOnSecondWrite, str, str, str]:
    """A duplicate linked from `source` to `target`, the process dying after the first
    write: (store, target, source, moved report)."""
    world = fake_staff_world(packaged_policy())
    target, _ = await world.seed()
    source, _ = await world.seed(dedup_key="viral")
    _, moved = await world.seed(dedup_key="viral")
    store = crashing(world)
    store.crash_case = source
    with pytest.raises(Crash):
        await links.link_report(
            store=store,
            policy=packaged_policy(),
            clock=FakeClock(),
            actor=BAWASLU,
            case_id=target,
            report_id=moved,
            reason="sama",
            trace_id=None,
            traceparent=None,
        )
    return store, target, source, moved


async def test_a_link_that_crashed_between_its_writes_is_completed_by_recovery() -> None:
    store, target, source, moved = await link_crashed_between_its_writes()
    assert sorted(holding(store, moved)) == sorted([target, source])  # half done
    assert await recovery(store).complete_all() == 1
    assert holding(store, moved) == [target]
    assert (await store.report(moved) or {})["case_id"] == target
    assert await store.pending_moves(10) == []
    assert await recovery(store).complete_all() == 0  # nothing left, nothing done twice
    unlinks = [e for e in store.document(source)["timeline"] if e["action"] == "unlink_report"]
    assert len(unlinks) == 1 and unlinks[0]["actor"]["name"] == BAWASLU.name


async def test_a_split_that_crashed_after_inserting_its_case_is_completed_by_recovery() -> None:
    world = fake_staff_world(packaged_policy())
    source, _ = await world.seed(dedup_key="viral")
    _, moved = await world.seed(dedup_key="viral")
    store = crashing(world)
    store.crash_case = source
    with pytest.raises(Crash):
        await links.split_report(
            store=store,
            policy=packaged_policy(),
            clock=FakeClock(),
            actor=BAWASLU,
            case_id=source,
            report_id=moved,
            reason="beda",
            trace_id=None,
            traceparent=None,
        )
    [(new_case, _)] = await store.pending_moves(10)
    assert sorted(holding(store, moved)) == sorted([source, new_case])
    assert await recovery(store).complete_all() == 1
    assert holding(store, moved) == [new_case]
    assert (await store.report(moved) or {})["case_id"] == new_case


async def test_a_retried_split_completes_the_same_case_instead_of_a_second() -> None:
    world = fake_staff_world(packaged_policy())
    source, _ = await world.seed(dedup_key="viral")
    _, moved = await world.seed(dedup_key="viral")
    store = crashing(world)
    store.crash_case = source
    arguments: dict[str, Any] = {
        "store": store,
        "policy": packaged_policy(),
        "clock": FakeClock(),
        "actor": BAWASLU,
        "case_id": source,
        "report_id": moved,
        "reason": "beda",
        "trace_id": None,
        "traceparent": None,
    }
    with pytest.raises(Crash):
        await links.split_report(**arguments)
    cases_after_crash = set(store.cases)
    new_case = await links.split_report(**arguments)  # the staff member tries again
    assert set(store.cases) == cases_after_crash and holding(store, moved) == [new_case]
    assert await store.pending_moves(10) == []


class RefusesNotes(InMemoryCaseStore):
    async def push_note(self, case_id: str, note: Document) -> bool:
        return False  # contention or a vanished case: the write did not happen


async def test_a_note_the_store_did_not_take_is_a_503_not_a_201() -> None:
    world = fake_staff_world(packaged_policy())
    case_id, _ = await world.seed()
    store = RefusesNotes()
    store.__dict__.update(world.store.__dict__)
    app = build_staff_app(
        store=store,
        reads=store,
        access_log=world.access_log,
        keyring=world.keyring,
        policy=packaged_policy(),
        clock=FakeClock(),
        view=world.view,
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://cases") as http:
        response = await http.post(
            f"/v1/cases/{case_id}/notes", json={"text": "catatan"}, headers=BAWASLU_TOKEN
        )
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert response.json()["title"] == "Case busy"
    assert store.document(case_id)["notes"] == []


async def test_the_relay_completes_a_half_done_move_at_start_up() -> None:
    store, target, _source, moved = await link_crashed_between_its_writes()
    relay = replica(  # the restarted process
        "A",
        outbox=store,
        moves_store=store,
        publisher=RecordingPublisher(),
        leases=InMemoryLeases(),
        clock=FakeClock(),
    )
    ready = asyncio.Event()
    ready.set()
    running = asyncio.create_task(relay.run_forever(ready))
    try:
        for _ in range(200):
            if not await store.pending_moves(10):
                break
            await asyncio.sleep(0.01)
    finally:
        running.cancel()
    assert holding(store, moved) == [target] and await store.pending_moves(10) == []
