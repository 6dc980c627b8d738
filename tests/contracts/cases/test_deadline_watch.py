"""Contract of `DeadlineWatch`: which cases are due, and one live lease per case."""

from __future__ import annotations

from datetime import timedelta

from tests.contracts.cases.conftest import T0, Stores, a_case, a_record

WARN = timedelta(hours=24)


async def test_a_case_is_due_once_its_deadline_is_within_the_warning(world: Stores) -> None:
    case = a_case()
    assert case.deadline_at is not None
    await world.store.insert_case(case, record=a_record(), outbox=[])
    early = case.deadline_at - WARN - timedelta(hours=1)
    assert await world.watch.due_cases(now=early, warn_before=WARN, limit=10) == []
    inside = case.deadline_at - timedelta(hours=1)
    assert await world.watch.due_cases(now=inside, warn_before=WARN, limit=10) == ["CASE-1"]


async def test_due_cases_come_soonest_first_up_to_the_limit(world: Stores) -> None:
    for n, case_id in enumerate(("CASE-2", "CASE-1", "CASE-3")):
        case = a_case(case_id, now=T0 + timedelta(days=n))
        await world.store.insert_case(case, record=a_record(f"dk-{n}"), outbox=[])
    later = T0 + timedelta(days=30)
    assert await world.watch.due_cases(now=later, warn_before=WARN, limit=2) == [
        "CASE-2",
        "CASE-1",
    ]


async def test_one_live_lease_per_case(world: Stores) -> None:
    until = T0 + timedelta(minutes=2)
    assert await world.watch.claim("CASE-1", owner="a", now=T0, until=until)
    assert await world.watch.claim("CASE-1", owner="b", now=T0, until=until) is False
    await world.watch.release("CASE-1", owner="b")  # not b's to release
    assert await world.watch.claim("CASE-1", owner="b", now=T0, until=until) is False
    await world.watch.release("CASE-1", owner="a")
    assert await world.watch.claim("CASE-1", owner="b", now=T0, until=until)


async def test_an_expired_lease_is_taken_over(world: Stores) -> None:
    assert await world.watch.claim("CASE-1", owner="a", now=T0, until=T0 + timedelta(minutes=2))
    later = T0 + timedelta(minutes=5)
    assert await world.watch.claim(
        "CASE-1", owner="b", now=later, until=later + timedelta(minutes=2)
    )
