"""Contract of `DeliveryLog`: the in-memory fake and the Mongo adapter (FerretDB) behave alike.

What notifying relies on: a claim says which ids were claimed before, and nothing else;
a recorded send is found again as written; one id's sends are found merged (attempts
added up, the latest send's outcome); a send recorded twice keeps the first; an id
claimed but never recorded is not found.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from schemas.notifications import DeliveryStatus
from services.notify.adapters.delivery_log import SENDS, MongoDeliveryLog
from services.notify.domain.deliveries import Delivery
from services.notify.service_layer.ports import DeliveryLog
from tests.contracts.conftest import scratch_database
from tests.fakes.notify import InMemoryDeliveryLog
from tests.infra import SessionInfra

WHEN = datetime(2026, 11, 1, 8, 0, 0, 123_000, tzinfo=UTC)


@dataclass
class Subject:
    log: DeliveryLog
    count_sends: Callable[[], Awaitable[int]]


@pytest.fixture
async def subject(real_infra: SessionInfra | None) -> AsyncIterator[Subject]:
    if real_infra is None:
        fake = InMemoryDeliveryLog()

        async def count_fake() -> int:
            return len(fake.sends)

        yield Subject(fake, count_fake)
        return
    async with scratch_database(real_infra) as db:

        async def count_mongo() -> int:
            return await db[SENDS].count_documents({})

        yield Subject(MongoDeliveryLog(db), count_mongo)


def delivery(nid: str = "NTF-1", **changes: object) -> Delivery:
    base = Delivery(
        notification_id=nid,
        case_id="CASE-1",
        route="BAWASLU:52.03",
        channel="webhook",
        status=DeliveryStatus.FAILED,
        attempts=3,
        detail="HTTP 503",
        finished_at=WHEN,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


async def test_fresh_ids_are_claimed_and_a_second_claim_names_them(subject: Subject) -> None:
    assert await subject.log.claim(["NTF-1", "NTF-2"]) == frozenset()
    assert await subject.log.claim(["NTF-3", "NTF-1"]) == {"NTF-1"}
    assert await subject.log.claim(["NTF-2", "NTF-3"]) == {"NTF-2", "NTF-3"}


async def test_claiming_nothing_is_nothing(subject: Subject) -> None:
    assert await subject.log.claim([]) == frozenset()
    await subject.log.record([])
    assert await subject.log.find_all([]) == {}


async def test_an_unknown_or_only_claimed_id_is_not_found(subject: Subject) -> None:
    await subject.log.claim(["NTF-CLAIMED"])
    assert await subject.log.find_all(["NTF-NEVER", "NTF-CLAIMED"]) == {}


async def test_a_recorded_delivery_is_found_again_as_written(subject: Subject) -> None:
    written = delivery(status=DeliveryStatus.DELIVERED, attempts=1, detail="HTTP 204")
    await subject.log.record([written])
    found = await subject.log.find_all(["NTF-1"])
    assert found == {"NTF-1": written}
    assert found["NTF-1"].delivered


async def test_a_failed_delivery_is_found_as_failed(subject: Subject) -> None:
    await subject.log.record([delivery()])
    found = await subject.log.find_all(["NTF-1"])
    assert not found["NTF-1"].delivered


async def test_sends_of_one_id_are_found_merged(subject: Subject) -> None:
    later = WHEN + timedelta(minutes=5)
    await subject.log.record([delivery()])
    await subject.log.record(
        [
            delivery(
                status=DeliveryStatus.DELIVERED,
                attempts=1,
                detail="HTTP 200",
                finished_at=later,
                send_number=2,
            )
        ]
    )
    assert await subject.count_sends() == 2
    assert await subject.log.find_all(["NTF-1"]) == {
        "NTF-1": delivery(
            status=DeliveryStatus.DELIVERED,
            attempts=4,
            detail="HTTP 200",
            finished_at=later,
            send_number=2,
        )
    }


async def test_a_send_recorded_twice_keeps_the_first(subject: Subject) -> None:
    await subject.log.record([delivery()])
    await subject.log.record(
        [delivery(status=DeliveryStatus.DELIVERED, attempts=1), delivery("NTF-2")]
    )
    assert await subject.count_sends() == 2
    found = await subject.log.find_all(["NTF-1", "NTF-2"])
    assert found["NTF-1"] == delivery()
    assert found["NTF-2"] == delivery("NTF-2")


async def test_different_ids_are_different_entries(subject: Subject) -> None:
    await subject.log.record([delivery("NTF-1"), delivery("NTF-2", channel="email")])
    found = await subject.log.find_all(["NTF-2"])
    assert list(found) == ["NTF-2"] and found["NTF-2"].channel == "email"
