"""What notify's case-event subscriber asks the broker for: at rest a fetch answered at
the first event and held 500 ms (2 fetches/s), the batch of 200 / 200 ms kept for busy
spells."""

from __future__ import annotations

import pytest

from schemas import topics
from services.notify.entrypoints.consumer import register
from services.notify.settings import NotifySettings
from tests.fakes.broker import RecordingBroker
from tests.service.notify.delivery_world import World


def declared(settings: NotifySettings) -> dict[str, object]:
    broker = RecordingBroker()
    register(
        broker.as_kafka(),
        intake=World().intake,
        batch_max_records=settings.notify_batch_max_records,
        batch_max_wait_ms=settings.notify_batch_max_wait_ms,
        idle_wait_ms=settings.notify_idle_fetch_wait_ms,
        retry=settings.consumer_retry,
        group_id=settings.notify_consumer_group,
    )
    return broker.declared[topics.CASES_EVENTS]


def test_at_rest_the_subscriber_fetches_twice_a_second_answered_at_the_first_event() -> None:
    options = declared(NotifySettings())
    assert (options["fetch_min_bytes"], options["fetch_max_wait_ms"]) == (1, 500)
    assert (options["max_records"], options["batch_timeout_ms"]) == (200, 200)


def test_the_idle_wait_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOTIFY_IDLE_FETCH_WAIT_MS", "1000")
    assert declared(NotifySettings())["fetch_max_wait_ms"] == 1000
