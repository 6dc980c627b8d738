"""The cases subscribers' pacing, and what a batch costs the store.

Only report.triaged is on a report's way to its case and keeps the short wait; the other
two wait longer for fuller batches (and far fewer idle fetches). A batch of deliveries is
one insert, duplicates tolerated as before.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

import pytest
from pydantic import BaseModel

from schemas import topics
from schemas.envelope import Envelope
from schemas.events import NOTIFICATION_DELIVERED
from schemas.notifications import NotificationDelivered
from services.cases.bootstrap import consumer_pacing
from services.cases.entrypoints.consumer import Batching, CaseIntake, subscriptions
from services.cases.service_layer.ports import Delivery
from services.cases.settings import CasesSettings
from services.common.kafka import Consumed
from tests.contracts.cases.test_case_store import delivered
from tests.fakes.cases.filing_log import InMemoryFilingLog
from tests.fakes.cases.store import InMemoryCaseStore
from tests.service.cases.test_filing import World


class CountingFilingLog(InMemoryFilingLog):
    """The fake, counting each insert call and the documents it carried."""

    def __init__(self, store: InMemoryCaseStore) -> None:
        super().__init__(store)
        self.calls: Counter[str] = Counter()
        self.documents: Counter[str] = Counter()

    async def insert_deliveries(self, deliveries: Sequence[Delivery]) -> set[str]:
        self.calls["case_notifications"] += 1
        self.documents["case_notifications"] += len(deliveries)
        return await super().insert_deliveries(deliveries)


def consumed(delivery: NotificationDelivered, offset: int) -> Consumed:
    envelope = Envelope[BaseModel](
        source="netra-notify", type=NOTIFICATION_DELIVERED, data=delivery
    )
    return Consumed(envelope, topics.NOTIFICATIONS_DELIVERED, 0, offset, delivery.case_id)


def test_only_the_triaged_subscriber_keeps_the_short_wait() -> None:
    world = World()
    intake = CaseIntake(filing_log=world.log, triaged=world.filing)
    by_topic = {
        s.topic: s.batching for s in subscriptions(intake, consumer_pacing(CasesSettings()))
    }
    assert by_topic == {
        topics.REPORTS_TRIAGED: Batching(100, 200, idle_wait_ms=500),
        topics.REPORTS_RECEIVED: Batching(100, 500),
        topics.NOTIFICATIONS_DELIVERED: Batching(500, 500),
    }


def test_the_off_path_waits_are_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASES_OFFPATH_BATCH_MAX_WAIT_MS", "250")
    monkeypatch.setenv("CASES_DELIVERIES_BATCH_MAX_WAIT_MS", "800")
    monkeypatch.setenv("CASES_DELIVERIES_BATCH_MAX_RECORDS", "50")
    monkeypatch.setenv("CASES_IDLE_FETCH_WAIT_MS", "900")
    pacing = consumer_pacing(CasesSettings())
    assert pacing.received == Batching(100, 250)
    assert pacing.delivered == Batching(50, 800)
    assert pacing.triaged == Batching(100, 200, idle_wait_ms=900)


async def test_a_batch_of_deliveries_is_one_insert_and_a_redelivery_changes_nothing() -> None:
    store = InMemoryCaseStore()
    log = CountingFilingLog(store)
    intake = CaseIntake(filing_log=log, triaged=World().filing)
    batch = [consumed(delivered("CASE-1", f"NTF-{i}"), i) for i in range(300)]
    again = replace(batch[0], offset=300)  # a redelivery inside the same batch

    await intake.on_delivered([*batch, again])
    await intake.on_delivered(batch[:10])  # the batch read again after a failed commit

    assert log.calls["case_notifications"] == 2
    assert log.documents["case_notifications"] == 311
    assert sorted(store.deliveries) == sorted(f"NTF-{i}#1" for i in range(300))
