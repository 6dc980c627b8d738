"""Contract of `DeliveryLog`: the in-memory fake and the Mongo adapter (FerretDB) behave alike.

What notifying relies on: a recorded delivery is found again as it was written; one id
keeps one entry, whose attempts add up over sends and whose latest outcome wins.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from schemas.notifications import DeliveryStatus
from services.notify.adapters.delivery_log import DELIVERIES, MongoDeliveryLog
from services.notify.domain.deliveries import Delivery
from services.notify.service_layer.ports import DeliveryLog
from tests.contracts.conftest import scratch_database
from tests.fakes.notify import InMemoryDeliveryLog
from tests.infra import SessionInfra

WHEN = datetime(2026, 11, 1, 8, 0, 0, 123_000, tzinfo=UTC)


@dataclass
class Subject:
    log: DeliveryLog
    count: Callable[[], Awaitable[int]]


@pytest.fixture
async def subject(real_infra: SessionInfra | None) -> AsyncIterator[Subject]:
    if real_infra is None:
        fake = InMemoryDeliveryLog()

        async def count_fake() -> int:
            return len(fake.entries)

        yield Subject(fake, count_fake)
        return
    async with scratch_database(real_infra) as db:

        async def count_mongo() -> int:
            return await db[DELIVERIES].count_documents({})

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


async def test_an_unknown_id_is_not_found(subject: Subject) -> None:
    assert await subject.log.find("NTF-NEVER") is None


async def test_a_recorded_delivery_is_found_again_as_written(subject: Subject) -> None:
    written = delivery(status=DeliveryStatus.DELIVERED, attempts=1, detail="HTTP 204")
    await subject.log.record(written)
    found = await subject.log.find("NTF-1")
    assert found == written
    assert found is not None and found.delivered


async def test_a_failed_delivery_is_found_as_failed(subject: Subject) -> None:
    await subject.log.record(delivery())
    found = await subject.log.find("NTF-1")
    assert found is not None and not found.delivered


async def test_the_same_id_twice_keeps_one_entry_with_attempts_added(subject: Subject) -> None:
    later = WHEN + timedelta(minutes=5)
    await subject.log.record(delivery())
    await subject.log.record(
        delivery(status=DeliveryStatus.DELIVERED, attempts=1, detail="HTTP 200", finished_at=later)
    )
    assert await subject.count() == 1
    assert await subject.log.find("NTF-1") == delivery(
        status=DeliveryStatus.DELIVERED, attempts=4, detail="HTTP 200", finished_at=later
    )


async def test_different_ids_are_different_entries(subject: Subject) -> None:
    await subject.log.record(delivery("NTF-1"))
    await subject.log.record(delivery("NTF-2", channel="email"))
    assert await subject.count() == 2
    found = await subject.log.find("NTF-2")
    assert found is not None and found.channel == "email"
