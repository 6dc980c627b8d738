"""Contract of `FilingLog` and `OpenCases`: the hot path's inserts, on the fake and on FerretDB.

Every insert writes what is new and answers with the ids that were already there (a
duplicate key is "already done", never an error); open cases come back per partition
with their reports counted, links included.
"""

from __future__ import annotations

import asyncio

from services.cases.domain.lifecycle.commands import Withdraw
from services.cases.domain.lifecycle.linking_steps import overflow_entries
from services.cases.domain.lifecycle.transition import transition
from services.cases.domain.model import Actor
from services.cases.domain.vocabulary import Role
from services.cases.service_layer.ports import (
    CaseOverflow,
    Delivery,
    Filed,
    Filing,
    NewCase,
    OpenCase,
)
from tests.contracts.cases.conftest import T0, Stores, a_case, a_link, a_record
from tests.contracts.cases.test_case_store import delivered, received
from tests.unit.cases.packaged_rules import packaged_policy

BAWASLU = Actor(name="Siti", role=Role.BAWASLU, region="18.12")


def a_filing(report_id: str, case_id: str = "CASE-1", event_id: str = "e-1") -> Filing:
    return Filing(report_id, case_id, {"dedup_key": "dk-1"}, T0, event_id)


async def test_inserting_again_answers_with_what_was_there(world: Stores) -> None:
    log = world.filing_log
    one, two = received("RPT-1", "NTR-1111-1111-1111-1111"), received("RPT-2", "NTR-2222")
    assert await log.insert_reports([one]) == set()
    assert await log.insert_reports([one, two]) == {"RPT-1"}
    assert await log.insert_reports([]) == set()
    assert await log.insert_filings([a_filing("RPT-1")]) == set()
    assert await log.insert_filings([a_filing("RPT-1", "CASE-2"), a_filing("RPT-2")]) == {"RPT-1"}
    cases = [NewCase(a_case("CASE-A"), a_record()), NewCase(a_case("CASE-B"), a_record("dk-2"))]
    assert await log.insert_cases(cases[:1]) == set()
    assert await log.insert_cases(cases) == {"CASE-A"}
    link = a_link("RPT-2", "CASE-A", anonymous=False)
    assert await log.insert_links([link]) == set()
    assert await log.insert_links([link]) == {"RPT-2"}


async def test_the_first_write_of_each_id_stays(world: Stores) -> None:
    log = world.filing_log
    await log.insert_filings([a_filing("RPT-1", "CASE-1", "e-1")])
    await log.insert_filings([a_filing("RPT-1", "CASE-9", "e-2")])
    assert await log.filed_on(["RPT-1", "RPT-0"]) == {"RPT-1": Filed("CASE-1", "e-1")}
    await log.refile(a_filing("RPT-1", "CASE-3", "e-1"))
    assert await log.filed_on(["RPT-1"]) == {"RPT-1": Filed("CASE-3", "e-1")}


async def test_a_tracking_code_belongs_to_one_report(world: Stores) -> None:
    log = world.filing_log
    await log.insert_reports([received("RPT-1", "NTR-SAME")])
    assert await log.insert_reports([received("RPT-2", "NTR-SAME")]) == {"RPT-2"}
    assert await world.store.report("RPT-2") is None


async def test_a_new_case_reads_back_like_any_case(world: Stores) -> None:
    case = a_case("CASE-A")
    await world.filing_log.insert_cases([NewCase(case, a_record(partition=4))])
    stored = await world.store.get("CASE-A")
    assert stored is not None and stored.state == case
    assert await world.outbox.pending(10) == []  # its events went out with the batch


async def test_open_cases_per_partition_with_their_reports_counted(world: Stores) -> None:
    log = world.filing_log
    a, b, c = a_case("CASE-A"), a_case("CASE-B"), a_case("CASE-C")
    await log.insert_cases(
        [
            NewCase(a, a_record("dk-a", partition=0)),
            NewCase(b, a_record("dk-b", partition=1)),
            NewCase(c, a_record("dk-c", partition=0)),
        ]
    )
    await log.insert_links(
        [
            a_link("RPT-A2", "CASE-A", anonymous=True, partition=0),
            a_link("RPT-A3", "CASE-A", anonymous=True, partition=0),
        ]
    )
    withdrawn, _ = transition(
        c, Withdraw(reason="dicabut"), actor=BAWASLU, now=T0, policy=packaged_policy()
    )
    await world.store.save_change(withdrawn, expected_version=1, entries=withdrawn.timeline[1:])
    found = await world.open_cases.open_cases(frozenset({0, 2}))
    assert found == {0: [OpenCase("CASE-A", "dk-a", 3)], 2: []}


async def test_a_delivery_without_its_case_is_kept(world: Stores) -> None:
    """Nothing is read to insert a delivery: not even whether its case exists."""
    assert await world.filing_log.insert_deliveries([Delivery(delivered("CASE-X"), None)]) == set()


async def test_an_overflow_is_inserted_once_and_shown_on_the_full_case(world: Stores) -> None:
    log = world.filing_log
    await log.insert_cases([NewCase(a_case("CASE-A"), a_record())])
    on_full, _ = overflow_entries(
        full_case_id="CASE-A", overflow_case_id="CASE-B", limit=500, now=T0, trace_id=None
    )
    overflow = CaseOverflow("CASE-A", "CASE-B", on_full)
    assert await log.insert_overflows([overflow]) == set()
    assert await log.insert_overflows([overflow]) == {"CASE-B"}
    stored = await world.store.get("CASE-A")
    assert stored is not None and stored.state.timeline[-1].action == "overflow_opened"
    assert stored.state.timeline[-1].details["overflow_case_id"] == "CASE-B"


async def test_two_concurrent_inserts_of_a_report_store_it_once(world: Stores) -> None:
    """The received and the triaged subscribers may insert one report at the same time."""
    log = world.filing_log
    one, two = received("RPT-1", "NTR-1"), received("RPT-2", "NTR-2")
    first, second = await asyncio.gather(log.insert_reports([one]), log.insert_reports([one, two]))
    assert (first, second) == (set(), {"RPT-1"})
    assert await log.insert_reports([one, two]) == {"RPT-1", "RPT-2"}
    assert await world.store.report("RPT-2") is not None


async def test_a_batch_of_deliveries_is_kept_whole_around_those_already_there(
    world: Stores,
) -> None:
    """One insert for a consumer batch (up to CASES_DELIVERIES_BATCH_MAX_RECORDS)."""
    log = world.filing_log
    batch = [Delivery(delivered("CASE-1", f"NTF-{i}"), None) for i in range(500)]
    assert await log.insert_deliveries(batch[:3]) == set()
    again = {"NTF-0#1", "NTF-1#1", "NTF-2#1", "NTF-7#1"}  # 7: twice in the batch
    assert await log.insert_deliveries([*batch, batch[7]]) == again
    assert await log.insert_deliveries(batch[498:]) == {"NTF-498#1", "NTF-499#1"}
