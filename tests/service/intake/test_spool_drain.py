"""Draining the spool: oldest first, a bad item set aside, a down broker pauses the pass."""

from __future__ import annotations

from services.common.crypto import Keyring
from services.intake.domain.report import ReceivedEvent, receive
from services.intake.domain.submission import validate_submission
from services.intake.service_layer.spool_drain import DrainPass, drain_spool
from tests.fakes.clock import FakeClock
from tests.fakes.intake import FakeReportPublisher, FakeSpool

TIMEOUT_S = 0.05


def spooled(spool: FakeSpool, keyring: Keyring, count: int) -> list[ReceivedEvent]:
    """Oldest first: report ids are UUIDv7, so their order is their time order (to the ms)."""
    submission = validate_submission({"channel": "sms", "text": "Lurah membagikan kaos paslon."})
    events = [receive(submission, keyring=keyring, now=FakeClock().now()) for _ in range(count)]
    for event in reversed(events):  # put order does not matter
        spool.put(event)
    return sorted(events, key=lambda e: e.data.report_id)


async def drain(spool: FakeSpool, publisher: FakeReportPublisher) -> DrainPass:
    return await drain_spool(spool=spool, publisher=publisher, publish_timeout_s=TIMEOUT_S)


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


async def test_a_report_the_broker_refuses_holds_back_those_behind_it(keyring: Keyring) -> None:
    """Kept as it was: a pass stops at the first publish failure (issue 10 revisits this)."""
    spool = FakeSpool()
    refused, behind = (e.data.report_id for e in spooled(spool, keyring, 2))
    publisher = FakeReportPublisher(rejects={refused})
    done = await drain(spool, publisher)
    assert done.stopped_at == refused and spool.pending() == [refused, behind]
