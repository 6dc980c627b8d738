"""What triage's subscriber asks the broker for: at rest a fetch answered at the first
report and held 500 ms (2 fetches/s), the batch of 200 / 200 ms kept for busy spells."""

from __future__ import annotations

import pytest

from schemas import topics
from services.triage.bootstrap import build_engine
from services.triage.entrypoints.consumer import register
from services.triage.settings import TriageSettings
from tests.fakes.broker import RecordingBroker
from tests.fakes.clock import FakeClock
from tests.fakes.events import RecordingPublisher


def declared(settings: TriageSettings) -> dict[str, object]:
    broker = RecordingBroker()
    register(
        broker.as_kafka(),
        engine=build_engine(settings),
        publisher=RecordingPublisher(),
        clock=FakeClock(),
        batch_max_records=settings.triage_batch_max_records,
        batch_max_wait_ms=settings.triage_batch_max_wait_ms,
        idle_wait_ms=settings.triage_idle_fetch_wait_ms,
        retry=settings.consumer_retry,
    )
    return broker.declared[topics.REPORTS_RECEIVED]


def test_at_rest_the_subscriber_fetches_twice_a_second_answered_at_the_first_report() -> None:
    options = declared(TriageSettings())
    assert (options["fetch_min_bytes"], options["fetch_max_wait_ms"]) == (1, 500)
    assert (options["max_records"], options["batch_timeout_ms"]) == (200, 200)


def test_the_idle_wait_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIAGE_IDLE_FETCH_WAIT_MS", "1000")
    assert declared(TriageSettings())["fetch_max_wait_ms"] == 1000
