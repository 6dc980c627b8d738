"""Draining the spool: oldest first, a bad item set aside with its reason, a down broker
pauses the pass, a report the broker refuses is set back while the others go on."""

from __future__ import annotations

import asyncio

from services.common.crypto import Keyring
from services.common.item_retries import FailingItems
from services.common.json_limits import JsonLimits
from services.common.supervised import BackgroundTask, Backoff, Supervisor, TaskState
from services.intake.domain.feed_identity import parse_feed_tokens
from services.intake.domain.report import ReceivedEvent, receive
from services.intake.domain.submission import validate_submission
from services.intake.entrypoints.context import Intake
from services.intake.entrypoints.spool_task import drain_spool_forever
from services.intake.service_layer.spool_drain import DrainPass, drain_spool
from tests.fakes.clock import FakeClock
from tests.fakes.intake import FakeEvidenceStore, FakeReportPublisher, FakeSpool, FakeStatusSource
from tests.service.intake.conftest import EVIDENCE_LIMITS, MAX_JSON_BYTES

TIMEOUT_S = 0.05


def spooled(spool: FakeSpool, keyring: Keyring, count: int) -> list[ReceivedEvent]:
    """Oldest first: report ids are UUIDv7, so their order is their time order (to the ms)."""
    submission = validate_submission({"channel": "sms", "text": "Lurah membagikan kaos paslon."})
    events = [receive(submission, keyring=keyring, now=FakeClock().now()) for _ in range(count)]
    for event in reversed(events):  # put order does not matter
        spool.put(event)
    return sorted(events, key=lambda e: e.data.report_id)


async def drain(
    spool: FakeSpool, publisher: FakeReportPublisher, failing: FailingItems | None = None
) -> DrainPass:
    return await drain_spool(
        spool=spool,
        publisher=publisher,
        publish_timeout_s=TIMEOUT_S,
        failing=failing or FailingItems("test_spool", base_s=0, max_s=0),
    )


async def test_publishes_everything_oldest_first_and_empties_the_spool(keyring: Keyring) -> None:
    spool, publisher = FakeSpool(), FakeReportPublisher()
    events = spooled(spool, keyring, 4)
    done = await drain(spool, publisher)
    ids = [e.data.report_id for e in events]
    assert publisher.report_ids() == ids == done.published
    assert len(spool) == 0


async def test_an_unreadable_item_is_set_aside_and_the_others_still_go(keyring: Keyring) -> None:
    spool, publisher = FakeSpool(), FakeReportPublisher()
    first, bad, last = (e.data.report_id for e in spooled(spool, keyring, 3))
    spool.corrupt(bad)
    done = await drain(spool, publisher)
    assert publisher.report_ids() == [first, last]
    assert done.set_aside == [bad] and list(spool.set_aside_items) == [bad]
    assert spool.set_aside_reasons[bad]  # quarantined with a reason, not dropped
    assert spool.pending() == []


async def test_a_down_broker_pauses_the_pass_and_keeps_everything(keyring: Keyring) -> None:
    spool, publisher = FakeSpool(), FakeReportPublisher(unreachable=True)
    ids = [e.data.report_id for e in spooled(spool, keyring, 3)]
    done = await drain(spool, publisher)
    assert done.stopped_at == ids[0] and done.published == []
    assert spool.pending() == ids
    publisher.unreachable = False
    await drain(spool, publisher)
    assert publisher.report_ids() == ids


async def test_a_slow_broker_counts_as_down(keyring: Keyring) -> None:
    spool, publisher = FakeSpool(), FakeReportPublisher(delay_s=TIMEOUT_S * 20)
    spooled(spool, keyring, 2)
    done = await drain(spool, publisher)
    assert done.published == [] and len(spool) == 2


async def test_a_report_the_broker_refuses_is_set_back_and_the_others_go(
    keyring: Keyring,
) -> None:
    spool = FakeSpool()
    refused, behind = (e.data.report_id for e in spooled(spool, keyring, 2))
    publisher = FakeReportPublisher(rejects={refused})
    failing = FailingItems("test_spool", base_s=60, max_s=60)
    done = await drain(spool, publisher, failing)
    assert done.set_back == [refused] and done.published == [behind]
    assert spool.pending() == [refused] and failing.waiting() == 1
    again = await drain(spool, publisher, failing)  # within its back-off: not tried again
    assert again.set_back == [] and again.published == []
    publisher.rejects.clear()
    retried = await drain(spool, publisher, FailingItems("test_spool", base_s=0, max_s=0))
    assert retried.published == [refused] and len(spool) == 0


class DirectoryAwayTwice(FakeSpool):
    """Listing the spool fails twice (the disk away), then works."""

    failures_left: int = 2

    def pending(self) -> list[str]:
        if self.failures_left:
            self.failures_left -= 1
            raise OSError(5, "Input/output error")
        return super().pending()


async def test_the_supervised_drainer_restarts_after_a_crash_and_then_drains(
    keyring: Keyring,
) -> None:
    spool, publisher = DirectoryAwayTwice(), FakeReportPublisher()
    ids = [e.data.report_id for e in spooled(spool, keyring, 2)]
    intake = Intake(
        keyring=keyring,
        publisher=publisher,
        spool=spool,
        statuses=FakeStatusSource(),
        clock=FakeClock(),
        publish_timeout_s=TIMEOUT_S,
        status_base_url="http://cases.test",
        input_limits=JsonLimits(max_depth=16, max_string_chars=1000, max_items=16),
        retry_after_s=30,
        feeds=parse_feed_tokens(None),
        evidence_store=FakeEvidenceStore(),
        evidence_limits=EVIDENCE_LIMITS,
        max_json_bytes=MAX_JSON_BYTES,
    )
    failing = FailingItems("test_spool", base_s=0, max_s=0)
    task = BackgroundTask(
        "spool_drain", lambda: drain_spool_forever(intake, interval_s=0.01, failing=failing)
    )
    supervisor = Supervisor((task,), backoff=Backoff(base_s=0.001, max_s=0.01, settle_s=60))
    async with supervisor.running():
        for _ in range(200):
            if len(spool) == 0:
                break
            await asyncio.sleep(0.01)
        health = supervisor.health["spool_drain"]
        assert health.restarts == 2 and health.state is TaskState.RUNNING
        assert health.last_error is not None and health.last_error.startswith("OSError")
    assert publisher.report_ids() == ids
