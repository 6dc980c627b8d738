"""The link-flood cap on the fakes: a case holds at most `max_linked_reports` reports; the
incident's next report opens an overflow case linked to the full one both ways, the
key's later reports join the overflow, redelivery and a rebuilt state keep it so, and
filing a report stays one insert per collection (the hot path reads nothing)."""

from __future__ import annotations

from schemas import topics
from tests.fakes.clock import FakeClock
from tests.service.cases.staff_support import triaged_filing
from tests.service.cases.test_filing import World, triaged
from tests.unit.cases.packaged_rules import packaged_policy

LIMIT = 3


def capped(world: World) -> World:
    """`world` with a fresh consumer (empty memory) that caps cases at LIMIT reports."""
    world.filing = triaged_filing(
        world.log,
        world.published,
        policy=packaged_policy(),
        clock=FakeClock(),
        max_linked_reports=LIMIT,
    )
    return world


def reports(first: int, last: int) -> list[str]:
    return [f"RPT-{n:04d}" for n in range(first, last + 1)]


async def test_a_full_case_hands_the_incident_to_a_linked_overflow_case() -> None:
    world = capped(World())
    held = await world.filing.file([triaged(r) for r in reports(1, 5)])
    full, overflow = (held["RPT-0001"], held["RPT-0004"])
    assert full != overflow
    assert {held[r] for r in reports(1, 3)} == {full}
    assert held["RPT-0005"] == overflow
    assert world.store.cases[overflow]["overflow_of"] == full
    assert world.store.cases[full]["overflow_of"] is None
    shown_full = await world.store.case_document(full)
    shown_overflow = await world.store.case_document(overflow)
    assert shown_full is not None and shown_overflow is not None
    assert shown_full["overflow_cases"] == [overflow] and len(shown_full["reports"]) == LIMIT
    assert [e["action"] for e in shown_full["timeline"]][-1] == "overflow_opened"
    assert [e["action"] for e in shown_overflow["timeline"]] == [
        "opened",
        "overflow_of",
        "link_report",
    ]
    assert world.published.types(topics.CASES_EVENTS) == [
        "case.opened",
        "case.report_linked",
        "case.report_linked",
        "case.opened",
        "case.report_linked",
    ]
    assert world.log.reads == 0


async def test_later_batches_keep_filling_the_overflow_then_spill_again() -> None:
    world = capped(World())
    held: dict[str, str] = {}
    for number in reports(1, 8):  # one report per batch: the state carries the counts
        held |= await world.filing.file([triaged(number)])
    first, second, third = held["RPT-0001"], held["RPT-0004"], held["RPT-0007"]
    assert len({first, second, third}) == 3
    assert [held[r] for r in reports(1, 8)] == [first] * 3 + [second] * 3 + [third] * 2
    assert world.store.cases[third]["overflow_of"] == second
    assert sorted(o["case_id"] for o in world.store.overflows.values()) == sorted([first, second])


async def test_a_redelivered_overflow_batch_changes_nothing() -> None:
    world = capped(World())
    batch = [triaged(r) for r in reports(1, 5)]
    await world.filing.file(batch)
    before = (dict(world.store.cases), dict(world.store.links), dict(world.store.overflows))
    first = world.event_ids()
    await world.filing.file(batch)
    after = (dict(world.store.cases), dict(world.store.links), dict(world.store.overflows))
    assert after == before and world.event_ids() == first + first


async def test_a_rebuilt_state_sends_the_next_report_to_the_overflow_case() -> None:
    world = capped(World())
    held = await world.filing.file([triaged(r, partition=2) for r in reports(1, 4)])
    replica = capped(world)  # a new consumer with an empty memory over the same store
    await replica.filing.assigned(frozenset({2}))
    more = await replica.filing.file([triaged("RPT-0005", partition=2)])
    assert more["RPT-0005"] == held["RPT-0004"] != held["RPT-0001"]
