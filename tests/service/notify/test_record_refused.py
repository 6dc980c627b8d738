"""The store refuses the record of sends that went out (it stopped mid-batch): the batch's
retry sends nothing again and writes the records then. tests/faults found it: with
FerretDB stopped under load, 49 webhooks arrived twice at the sink."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import pytest
from pydantic import BaseModel

from schemas.envelope import Envelope
from services.notify.domain.deliveries import Delivery
from services.notify.service_layer.notifying import CaseEvent
from tests.fakes.notify import InMemoryDeliveryLog
from tests.service.notify.test_notifying import World, case_opened


@dataclass
class StoreAway:
    """The in-memory log, except that the next `refuse` writes of a send fail as an
    unreachable store would."""

    log: InMemoryDeliveryLog = field(default_factory=InMemoryDeliveryLog)
    refuse: int = 0

    async def claim(self, notification_ids: Sequence[str]) -> frozenset[str]:
        return await self.log.claim(notification_ids)

    async def record(self, deliveries: Sequence[Delivery]) -> None:
        if self.refuse > 0:
            self.refuse -= 1
            raise ConnectionError("store away")
        await self.log.record(deliveries)

    async def find_all(self, notification_ids: Collection[str]) -> dict[str, Delivery]:
        return await self.log.find_all(notification_ids)


async def test_a_refused_record_is_written_on_the_retry_and_nothing_is_sent_twice() -> None:
    store = StoreAway(refuse=1)
    world = World()
    notifier = world.notifier()
    notifier.deliveries = store
    events = [case_opened("GAKKUMDU:52.03", case_id=f"CASE-{n}") for n in range(3)]

    with pytest.raises(ConnectionError):
        await notifier.notify([_event(e) for e in events])
    assert len(world.webhook.sent) == 3 and store.log.sends == {}

    assert await notifier.notify([_event(e) for e in events]) == []  # the batch's retry

    assert len(world.webhook.sent) == 3
    assert {nid for nid, _ in store.log.sends} == {s.notification_id for s in world.webhook.sent}
    assert notifier.unrecorded == []


async def test_records_refused_before_go_with_the_next_batch() -> None:
    store = StoreAway(refuse=1)
    world = World()
    notifier = world.notifier()
    notifier.deliveries = store
    with pytest.raises(ConnectionError):
        await notifier.notify([_event(case_opened("GAKKUMDU:52.03", case_id="CASE-A"))])

    await notifier.notify([_event(case_opened("GAKKUMDU:52.03", case_id="CASE-B"))])

    assert len(store.log.sends) == 2 and notifier.unrecorded == []


def _event(envelope: Envelope[BaseModel]) -> CaseEvent:
    return CaseEvent(envelope)
