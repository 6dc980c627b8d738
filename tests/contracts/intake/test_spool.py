"""Contract of `Spool`: the in-memory fake and the fsynced file spool behave alike.

The file spool needs no infrastructure (a tmp_path), so both parameters run in every
contracts session, without the `integration` marker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from schemas.codec import encode
from services.common.crypto import new_key_spec, parse_keyring
from services.intake.adapters.file_spool import FileSpool
from services.intake.domain.report import ReceivedEvent, receive
from services.intake.domain.submission import validate_submission
from services.intake.service_layer.ports import Spool, SpoolFull, UnreadableSpoolItem
from tests.fakes.clock import FakeClock
from tests.fakes.intake import FakeSpool

KEYRING = parse_keyring(new_key_spec())


@dataclass
class Subject:
    spool: Spool
    corrupt: Callable[[str], None]  # spoil one item as a torn write would
    reopen: Callable[[], Spool]  # the same spool after a process restart


Factory = Callable[..., Subject]  # (max_reports=..., max_bytes=...) -> Subject


@pytest.fixture(params=["fake", "real"])
def bounded(request: pytest.FixtureRequest, tmp_path: Path) -> Factory:
    def make(*, max_reports: int = 1_000, max_bytes: int = 1 << 30) -> Subject:
        if request.param == "fake":
            fake = FakeSpool(max_reports=max_reports, max_bytes=max_bytes)
            return Subject(fake, fake.corrupt, lambda: fake)
        directory = tmp_path / "spool"

        def corrupt(name: str) -> None:
            (directory / f"{name}.json").write_bytes(b'{"type": "report.received", "data": ')

        def open_spool() -> FileSpool:
            return FileSpool(directory, max_reports=max_reports, max_bytes=max_bytes)

        return Subject(open_spool(), corrupt, open_spool)

    return make


@pytest.fixture
def subject(bounded: Factory) -> Subject:
    return bounded()


def reports(count: int) -> list[ReceivedEvent]:
    """Oldest first (report ids are UUIDv7: their order is their time order, to the ms)."""
    submission = validate_submission({"channel": "api", "text": "Kades ikut kampanye paslon."})
    events = [receive(submission, keyring=KEYRING, now=FakeClock().now()) for _ in range(count)]
    return sorted(events, key=lambda e: e.data.report_id)


def test_a_spooled_report_reads_back_unchanged(subject: Subject) -> None:
    [event] = reports(1)
    subject.spool.put(event)
    assert subject.spool.pending() == [event.data.report_id]
    assert subject.spool.read(event.data.report_id) == event
    assert len(subject.spool) == 1


def test_pending_is_oldest_first_whatever_the_put_order(subject: Subject) -> None:
    events = reports(4)
    for event in reversed(events):
        subject.spool.put(event)
    assert subject.spool.pending() == [e.data.report_id for e in events]


def test_putting_the_same_report_twice_keeps_one(subject: Subject) -> None:
    [event] = reports(1)
    subject.spool.put(event)
    subject.spool.put(event)
    assert len(subject.spool) == 1


def test_a_removed_report_is_gone(subject: Subject) -> None:
    first, second = reports(2)
    subject.spool.put(first)
    subject.spool.put(second)
    subject.spool.remove(first.data.report_id)
    assert subject.spool.pending() == [second.data.report_id]
    assert len(subject.spool) == 1


def test_an_unreadable_report_says_so_and_can_be_set_aside(subject: Subject) -> None:
    bad, good = reports(2)
    subject.spool.put(bad)
    subject.spool.put(good)
    subject.corrupt(bad.data.report_id)
    with pytest.raises(UnreadableSpoolItem):
        subject.spool.read(bad.data.report_id)
    subject.spool.set_aside(bad.data.report_id, reason="torn write")
    assert subject.spool.pending() == [good.data.report_id]
    assert len(subject.spool) == 1


def test_spooled_reports_survive_a_restart(subject: Subject) -> None:
    [event] = reports(1)
    subject.spool.put(event)
    reopened = subject.reopen()
    assert reopened.pending() == [event.data.report_id]
    assert reopened.read(event.data.report_id) == event


def test_a_full_spool_refuses_and_keeps_what_it_holds(bounded: Factory) -> None:
    subject = bounded(max_reports=2)
    first, second, third = reports(3)
    subject.spool.put(first)
    assert not subject.spool.is_full()
    subject.spool.put(second)
    assert subject.spool.is_full()
    with pytest.raises(SpoolFull):
        subject.spool.put(third)
    assert subject.spool.pending() == [first.data.report_id, second.data.report_id]
    subject.spool.remove(first.data.report_id)
    subject.spool.put(third)  # room again once one is published
    assert len(subject.spool) == 2


def test_the_byte_bound_counts_what_is_written(bounded: Factory) -> None:
    first, second = reports(2)
    size = len(encode(first))
    subject = bounded(max_bytes=size + size // 2)
    subject.spool.put(first)
    with pytest.raises(SpoolFull):
        subject.spool.put(second)
    assert subject.spool.pending() == [first.data.report_id]


def test_the_bound_holds_across_a_restart(bounded: Factory) -> None:
    subject = bounded(max_reports=1)
    first, second = reports(2)
    subject.spool.put(first)
    reopened = subject.reopen()
    assert reopened.is_full()
    with pytest.raises(SpoolFull):
        reopened.put(second)


def test_a_set_aside_report_frees_its_room_and_stays_out_after_a_restart(
    bounded: Factory,
) -> None:
    subject = bounded(max_reports=2)
    bad, good = reports(2)
    subject.spool.put(bad)
    subject.spool.put(good)
    assert subject.spool.is_full()
    subject.corrupt(bad.data.report_id)
    subject.spool.set_aside(bad.data.report_id, reason="torn write")
    assert not subject.spool.is_full()  # the bound counts waiting reports only
    assert subject.reopen().pending() == [good.data.report_id]


def test_the_file_spool_quarantines_hostile_bytes_with_the_reason(tmp_path: Path) -> None:
    spool = FileSpool(tmp_path, max_reports=10, max_bytes=1 << 20)
    (tmp_path / "RPT-NESTED.json").write_bytes(b"[" * 10_000 + b"]" * 10_000)
    with pytest.raises(UnreadableSpoolItem) as raised:
        spool.read("RPT-NESTED")
    spool.set_aside("RPT-NESTED", reason=str(raised.value))
    aside = tmp_path / "unreadable"
    assert (aside / "RPT-NESTED.json").exists()
    assert "RPT-NESTED" in (aside / "RPT-NESTED.reason").read_text(encoding="utf-8")
    assert spool.pending() == [] and len(spool) == 0
