"""Contract of the recovery reads (`Outbox.pending`, `CaseStore.pending_moves`) under the
races the pending marks must survive, and, on the real store, that a pass with nothing
pending does not read the cases (adapters/pending_marks.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from services.cases.adapters.mongo_case_store import MongoCaseStore
from services.cases.adapters.pending_marks import PENDING_WORK
from services.cases.domain.lifecycle.commands import StartReview
from services.cases.domain.lifecycle.transition import transition
from services.cases.domain.model import Actor
from services.cases.domain.vocabulary import Role
from services.common.clock import SystemClock
from tests.contracts.cases.conftest import T0, Stores, a_case, a_record, an_entry
from tests.contracts.conftest import scratch_database
from tests.infra import SessionInfra
from tests.unit.cases.packaged_rules import packaged_policy

BAWASLU = Actor(name="Siti", role=Role.BAWASLU, region="18.12")
MOVE = {"report_id": "R-1", "source_case_id": "CASE-1", "actor": {}, "unlink_reason": "x"}


async def test_a_change_written_after_the_read_stays_pending_past_the_clear(world: Stores) -> None:
    case = a_case()
    await world.store.insert_case(case, record=a_record(), outbox=[an_entry(1)])
    [read] = await world.outbox.pending(50)
    reviewed, _ = transition(
        case, StartReview(), actor=BAWASLU, now=T0 + timedelta(hours=1), policy=packaged_policy()
    )
    await world.store.save_change(
        reviewed, expected_version=1, entries=reviewed.timeline[1:], outbox=[an_entry(2)]
    )
    assert await world.outbox.clear(case.case_id, version=read.version) is False
    [again] = await world.outbox.pending(50)
    assert (again.version, again.entries) == (2, [an_entry(1), an_entry(2)])
    assert await world.outbox.clear(case.case_id, version=2) is True
    assert await world.outbox.pending(50) == []


async def test_pending_work_is_found_again_after_a_pass_found_none(world: Stores) -> None:
    assert await world.outbox.pending(50) == [] and await world.store.pending_moves(10) == []
    record = replace(a_record(), pending_move=MOVE)
    await world.store.insert_case(a_case("CASE-SPLIT"), record=record, outbox=[an_entry(1)])
    assert [p.case_id for p in await world.outbox.pending(50)] == ["CASE-SPLIT"]
    assert await world.store.pending_moves(10) == [("CASE-SPLIT", MOVE)]
    assert await world.store.finish_move("CASE-SPLIT")
    assert await world.store.pending_moves(10) == []


@pytest.mark.integration
async def test_real_store_marks_pending_work_and_reads_no_case_when_none_is(
    infra: SessionInfra,
) -> None:
    """The marks are the Mongo adapter's own (the fake reads its dict): real store only."""
    async with scratch_database(infra) as db:
        store = MongoCaseStore(db, clock=SystemClock())
        # Work written before marks existed: the first pass of a process still finds it.
        await store.insert_case(a_case("CASE-OLD"), record=a_record(), outbox=[an_entry(1)])
        await db[PENDING_WORK].delete_many({})
        assert [p.case_id for p in await store.pending(50)] == ["CASE-OLD"]
        assert await store.clear("CASE-OLD", version=1) is True
        await store.insert_case(a_case("CASE-NEW"), record=a_record(), outbox=[an_entry(2)])
        assert await db[PENDING_WORK].count_documents({"kind": "outbox"}) == 1
        assert [p.case_id for p in await store.pending(50)] == ["CASE-NEW"]
        assert await store.clear("CASE-NEW", version=1) is True
        assert await db[PENDING_WORK].count_documents({"kind": "outbox"}) == 0
        # Later passes read only the marks: an unmarked flag is not looked for, in this
        # process or any later one (the completed sweep is recorded on the store) ...
        await store.insert_case(a_case("CASE-UNMARKED"), record=a_record(), outbox=[an_entry(3)])
        await db[PENDING_WORK].delete_many({"kind": "outbox"})
        assert await store.pending(50) == []
        assert await MongoCaseStore(db, clock=SystemClock()).pending(50) == []
        # ... but the moves were never swept here: a new process still sweeps for them.
        record = replace(a_record(), pending_move=MOVE)
        await store.insert_case(a_case("CASE-MOVE"), record=record, outbox=[])
        await db[PENDING_WORK].delete_many({"kind": "move"})
        later = MongoCaseStore(db, clock=SystemClock())
        assert await later.pending_moves(10) == [("CASE-MOVE", MOVE)]


@pytest.mark.integration
async def test_real_store_set_up_empty_never_sweeps_the_cases(infra: SessionInfra) -> None:
    """A store set up with no case holds only cases written by code that marks."""
    async with scratch_database(infra) as db:
        await MongoCaseStore(db, clock=SystemClock()).ensure_indexes()
        store = MongoCaseStore(db, clock=SystemClock())
        await store.insert_case(a_case("CASE-UNMARKED"), record=a_record(), outbox=[an_entry(1)])
        await db[PENDING_WORK].delete_many({"kind": "outbox"})
        assert await store.pending(50) == []
        # A store that already holds cases when it is set up is swept as before.
    async with scratch_database(infra) as db:
        store = MongoCaseStore(db, clock=SystemClock())
        await store.insert_case(a_case("CASE-OLD"), record=a_record(), outbox=[an_entry(1)])
        await db[PENDING_WORK].delete_many({})
        await store.ensure_indexes()
        assert [p.case_id for p in await store.pending(50)] == ["CASE-OLD"]
