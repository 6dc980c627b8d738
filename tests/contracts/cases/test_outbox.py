"""Contract of `Outbox`: pending entries in write order, cleared only at the read version."""

from __future__ import annotations

from datetime import timedelta

from services.cases.domain.lifecycle.commands import StartReview
from services.cases.domain.lifecycle.transition import transition
from services.cases.domain.model import Actor
from services.cases.domain.vocabulary import Role
from tests.contracts.cases.conftest import T0, Stores, a_case, a_record, an_entry
from tests.unit.cases.packaged_rules import packaged_policy

BAWASLU = Actor(name="Siti", role=Role.BAWASLU, region="18.12")


async def test_entries_wait_until_cleared_at_the_version_read(world: Stores) -> None:
    case = a_case()
    await world.store.insert_case(case, record=a_record(), outbox=[an_entry(1)])
    [pending] = await world.outbox.pending(50)
    assert (pending.case_id, pending.version, pending.entries) == (case.case_id, 1, [an_entry(1)])
    assert await world.outbox.clear(case.case_id, version=2) is False
    assert await world.outbox.clear(case.case_id, version=1) is True
    assert await world.outbox.pending(50) == []


async def test_a_change_adds_to_the_outbox_after_what_waits(world: Stores) -> None:
    case = a_case()
    await world.store.insert_case(case, record=a_record(), outbox=[an_entry(1)])
    reviewed, _ = transition(
        case, StartReview(), actor=BAWASLU, now=T0 + timedelta(hours=1), policy=packaged_policy()
    )
    await world.store.save_change(
        reviewed, expected_version=1, entries=reviewed.timeline[1:], outbox=[an_entry(2)]
    )
    [pending] = await world.outbox.pending(50)
    assert pending.version == 2 and pending.entries == [an_entry(1), an_entry(2)]


async def test_a_case_without_events_is_not_pending(world: Stores) -> None:
    await world.store.insert_case(a_case(), record=a_record(), outbox=[])
    assert await world.outbox.pending(50) == []
