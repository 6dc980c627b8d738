"""Contract of `DeliveryLog`: the in-memory fake and the Mongo adapter (FerretDB) behave alike.

What delivering relies on: a planned delivery is recorded once (planning it again names
it as planned before and changes nothing) and read back whole; steps are recorded once
per (id, seq) and read back in order with their delivery; a case's deliveries and one
delivery are found; a reporter's address and context are not stored in the clear.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from services.common.crypto import new_key_spec, parse_keyring
from services.notify.adapters.delivery_log import PLANNED, MongoDeliveryLog
from services.notify.domain.delivery_progress import DeliveryState, EntryKind, LogEntry
from services.notify.domain.plans import Addressee, Audience, ChannelName, PlannedDelivery
from services.notify.service_layer.ports import DeliveryLog
from tests.contracts.conftest import scratch_database
from tests.fakes.notify import InMemoryDeliveryLog
from tests.infra import SessionInfra

WHEN = datetime(2026, 11, 1, 8, 0, 0, 123_000, tzinfo=UTC)
REPORTER_EMAIL = "pelapor@example.id"


@dataclass
class Subject:
    log: DeliveryLog
    raw_planned: Callable[[], Awaitable[list[dict[str, object]]]]


@pytest.fixture
async def subject(real_infra: SessionInfra | None) -> AsyncIterator[Subject]:
    if real_infra is None:
        fake = InMemoryDeliveryLog()

        async def raw_fake() -> list[dict[str, object]]:
            return [dataclasses.asdict(p) for p, _ in fake.planned.values()]

        yield Subject(fake, raw_fake)
        return
    async with scratch_database(real_infra) as db:

        async def raw_mongo() -> list[dict[str, object]]:
            return [d async for d in db[PLANNED].find({})]

        yield Subject(MongoDeliveryLog(db, keyring=parse_keyring(new_key_spec("t1"))), raw_mongo)


def planned(nid: str = "NTF-1", case_id: str = "CASE-1", **changes: object) -> PlannedDelivery:
    base = PlannedDelivery(
        notification_id=nid,
        event_id=f"EVT-{case_id}",
        event_type="case.status_changed",
        case_id=case_id,
        occurred_at=WHEN,
        addressee=Addressee(
            "BAWASLU:52", "Bawaslu NTB", ChannelName.WEBHOOK, "https://h.example.id/x", "id", "s1"
        ),
        audience=Audience.OFFICIAL,
        template="case.status_changed",
        context={"case_id": case_id, "status": {"id": "Terdaftar", "en": "Registered"}},
        trace={"traceparent": "00-" + "1" * 32 + "-" + "2" * 16 + "-01"},
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def step(seq: int, kind: EntryKind, nid: str = "NTF-1", **changes: object) -> LogEntry:
    base = LogEntry(nid, seq, kind, WHEN + timedelta(seconds=seq), f"step {seq}")
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


async def test_an_events_deliveries_are_recorded_once_and_read_back_whole(
    subject: Subject,
) -> None:
    assert (
        await subject.log.add_planned([planned(), planned("NTF-2")], at=WHEN, partition=0)
        == frozenset()
    )
    # The same event again, even with a delivery its first plan did not hold, beside a
    # new event: only the new event's are recorded.
    again = planned(context={"changed": True})
    other = planned("NTF-4", event_id="EVT-CASE-1-later")
    assert await subject.log.add_planned(
        [again, planned("NTF-3"), other], at=WHEN, partition=0
    ) == {"NTF-1", "NTF-3"}
    found = await subject.log.find("NTF-1")
    assert found is not None and found.planned == planned() and found.planned_at == WHEN
    assert found.entries == () and found.progress.state is DeliveryState.PENDING
    assert await subject.log.find("NTF-3") is None
    second = await subject.log.find("NTF-2")
    assert second is not None and second.planned == planned("NTF-2")
    assert {
        s.planned.notification_id for s in await subject.log.load_undelivered(partitions=None)
    } == {"NTF-1", "NTF-2", "NTF-4"}


async def test_steps_are_recorded_once_per_seq_and_read_in_order(subject: Subject) -> None:
    await subject.log.add_planned([planned()], at=WHEN, partition=0)
    due = WHEN + timedelta(seconds=30)
    failed = step(1, EntryKind.FAILED, next_due=due)
    assert await subject.log.add_entries([step(2, EntryKind.DELIVERED), failed]) == frozenset()
    assert await subject.log.add_entries([step(2, EntryKind.DEAD)]) == {("NTF-1", 2)}
    stored = await subject.log.find("NTF-1")
    assert stored is not None and stored.entries == (failed, step(2, EntryKind.DELIVERED))
    assert stored.progress.state is DeliveryState.DELIVERED and stored.progress.attempts == 2


async def test_the_start_up_load_leaves_delivered_ones_out(subject: Subject) -> None:
    await subject.log.add_planned(
        [planned("NTF-1"), planned("NTF-2"), planned("NTF-3")], at=WHEN, partition=0
    )
    due = WHEN + timedelta(seconds=30)
    await subject.log.add_entries(
        [
            step(1, EntryKind.FAILED, "NTF-1", next_due=due),
            step(1, EntryKind.FAILED, "NTF-2", next_due=due),
            step(2, EntryKind.DELIVERED, "NTF-2"),
            step(1, EntryKind.DEAD, "NTF-3"),
        ]
    )
    loaded = {
        s.planned.notification_id: s.progress
        for s in await subject.log.load_undelivered(partitions=None)
    }
    assert set(loaded) == {"NTF-1", "NTF-3"}
    assert loaded["NTF-1"].state is DeliveryState.RETRYING and loaded["NTF-1"].due == due
    assert loaded["NTF-3"].state is DeliveryState.DEAD


async def test_a_cases_deliveries_and_unknown_ids(subject: Subject) -> None:
    await subject.log.add_planned(
        [planned("NTF-1"), planned("NTF-2", "CASE-2")], at=WHEN, partition=0
    )
    later = WHEN + timedelta(minutes=1)
    next_event = planned("NTF-3", "CASE-2", event_id="EVT-CASE-2-later")
    await subject.log.add_planned([next_event], at=later, partition=0)
    await subject.log.add_entries([step(1, EntryKind.DEAD, "NTF-3")])
    found = await subject.log.find_case("CASE-2")
    assert [s.planned.notification_id for s in found] == ["NTF-2", "NTF-3"]
    assert found[1].progress.state is DeliveryState.DEAD
    assert await subject.log.find_case("CASE-9") == [] and await subject.log.find("NTF-9") is None
    assert await subject.log.add_entries([]) == frozenset()
    assert await subject.log.add_planned([], at=WHEN, partition=0) == frozenset()


async def test_a_reporters_delivery_reads_back_but_is_not_stored_in_the_clear(
    subject: Subject, adapter_kind: str
) -> None:
    reporter = planned(
        addressee=Addressee("reporter:R-1", "Pelapor", ChannelName.EMAIL, REPORTER_EMAIL, "en"),
        audience=Audience.REPORTER,
        context={"tracking_code": "NTR-ABCD-1234"},
    )
    await subject.log.add_planned([reporter], at=WHEN, partition=0)
    found = await subject.log.find("NTF-1")
    assert found is not None and found.planned == reporter
    if adapter_kind == "real":
        raw = str(await subject.raw_planned())
        assert REPORTER_EMAIL not in raw and "NTR-ABCD-1234" not in raw


async def test_a_whatsapp_keeps_its_sms_fallback(subject: Subject) -> None:
    to_phone = Addressee(
        "reporter:R-1",
        "Pelapor",
        ChannelName.WHATSAPP,
        "+6281234567890",
        fallback=ChannelName.SMS,
    )
    reporter = planned(addressee=to_phone, audience=Audience.REPORTER, context={})
    official = planned("NTF-2", addressee=dataclasses.replace(to_phone, recipient_id="staf.1"))
    await subject.log.add_planned([reporter, official], at=WHEN, partition=0)
    for nid, sent in (("NTF-1", reporter), ("NTF-2", official)):
        found = await subject.log.find(nid)
        assert found is not None and found.planned == sent
        assert found.planned.addressee.fallback is ChannelName.SMS


async def test_undelivered_are_loaded_per_partition_they_were_planned_from(
    subject: Subject,
) -> None:
    await subject.log.add_planned([planned("NTF-1"), planned("NTF-2")], at=WHEN, partition=0)
    await subject.log.add_planned([planned("NTF-3", "CASE-2")], at=WHEN, partition=2)
    await subject.log.add_planned([planned("NTF-4", "CASE-3")], at=WHEN, partition=1)
    await subject.log.add_entries([step(1, EntryKind.DELIVERED, nid="NTF-2")])

    async def ids(partitions: frozenset[int] | None) -> set[str]:
        found = await subject.log.load_undelivered(partitions=partitions)
        return {s.planned.notification_id for s in found}

    assert await ids(frozenset({0})) == {"NTF-1"}
    assert await ids(frozenset({1, 2})) == {"NTF-3", "NTF-4"}
    assert await ids(frozenset({5})) == set()
    assert await ids(None) == {"NTF-1", "NTF-3", "NTF-4"}
    [stored] = await subject.log.load_undelivered(partitions=frozenset({2}))
    assert stored.partition == 2


async def test_an_event_whose_deliveries_were_all_delivered_is_not_loaded(
    subject: Subject,
) -> None:
    await subject.log.add_planned([planned("NTF-1"), planned("NTF-2")], at=WHEN, partition=0)
    await subject.log.add_planned([planned("NTF-3", "CASE-2")], at=WHEN, partition=0)
    await subject.log.add_entries(
        [step(1, EntryKind.DELIVERED, nid) for nid in ("NTF-1", "NTF-2")]
    )
    [left] = await subject.log.load_undelivered(partitions=None)
    assert left.planned == planned("NTF-3", "CASE-2")
