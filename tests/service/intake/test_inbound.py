"""The SMS/WhatsApp desk on fakes: messages become one report, CEK answers the status."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import timedelta

import pytest

from schemas.reports import Channel, ReportSubmission
from services.common.crypto import Sealed
from services.intake.domain.evidence import Upload
from services.intake.domain.receipt import Receipt
from services.intake.domain.report import ReceivedEvent
from services.intake.domain.tracking import PublicStatus
from services.intake.entrypoints.context import Intake
from services.intake.service_layer.inbound import SenderLimited
from tests.fakes.intake import FakeReportPublisher, FakeSpool, FakeStatusSource
from tests.service.intake.inbound_fixtures import NUMBER, QUIET, make_desk, message

PART_1 = "Lapor, camat Sukamaju ikut kampanye paslon 2"
PART_2 = "di lapangan desa kemarin sore, pakai seragam dinas"


async def test_parts_from_one_sender_join_one_report_sealed_and_answered(
    intake: Intake, publisher: FakeReportPublisher
) -> None:
    d = make_desk(intake)
    assert await d.desk.take(message(PART_1, "GW-1")) == "joining"
    d.clock.advance(timedelta(seconds=30))
    await d.desk.take(message(PART_2, "GW-2"))
    d.clock.advance(QUIET - timedelta(seconds=1))
    assert await d.desk.file_due() == 0  # still within the quiet spell after part 2
    d.clock.advance(timedelta(seconds=1))
    assert await d.desk.file_due() == 1

    [event] = publisher.published
    assert event.data.content.channel == Channel.SMS
    assert event.data.content.text == f"{PART_1}\n{PART_2}"
    assert NUMBER.lstrip("+") not in json.dumps(event.model_dump(mode="json"))
    opened = intake.keyring.open(_sealed(event), context=event.data.report_id)
    assert opened == {"phone": NUMBER}
    [sent] = d.replies.sent
    assert (sent.channel, sent.to) == ("sms", NUMBER)
    assert event.data.tracking_code in sent.text and "diterima" in sent.text
    assert d.journal.parts == {} and d.desk.joining() == 0


async def test_an_english_report_is_answered_in_english(intake: Intake) -> None:
    d = make_desk(intake)
    await d.desk.take(message("The village head was giving money to voters for the candidate"))
    d.clock.advance(QUIET)
    await d.desk.file_due()
    [sent] = d.replies.sent
    assert "your report was received" in sent.text


async def test_a_long_stream_is_filed_after_the_longest_join(
    intake: Intake, publisher: FakeReportPublisher
) -> None:
    d = make_desk(intake)
    for n in range(6):  # one part a minute: never quiet for 90 s
        await d.desk.take(message(f"bagian {n} dari laporan panjang", f"GW-{n}"))
        d.clock.advance(timedelta(seconds=60))
        await d.desk.file_due()
    assert len(publisher.published) == 1  # at 300 s, parts 0-4; part 5 starts another


async def test_a_whatsapp_photo_the_gateway_no_longer_holds_leaves_the_text_filed(
    intake: Intake, publisher: FakeReportPublisher
) -> None:
    """Photos become evidence (test_inbound_media.py); one that cannot be fetched is named."""
    d = make_desk(intake)
    photo = {"url": "https://gw.test/media/abc", "content_type": "image/jpeg", "size": 1234}
    await d.desk.take(message(PART_1, channel="whatsapp", media=[photo]))
    d.clock.advance(QUIET)
    await d.desk.file_due()
    [event] = publisher.published
    assert event.data.content.channel == Channel.WHATSAPP
    assert event.data.content.text == PART_1 and event.data.evidence == []
    assert "1: not fetched: the gateway answered 404" in (event.data.content.evidence_text or "")


async def test_a_greeting_gets_the_how_to_not_a_report(
    intake: Intake, publisher: FakeReportPublisher
) -> None:
    d = make_desk(intake)
    await d.desk.take(message("halo"))
    d.clock.advance(QUIET)
    await d.desk.file_due()
    assert publisher.published == []
    assert "ceritakan apa yang terjadi" in d.replies.sent[0].text


async def test_a_report_not_saved_stays_in_the_journal_for_the_next_pass(
    intake: Intake, publisher: FakeReportPublisher, spool: FakeSpool
) -> None:
    d = make_desk(intake)
    publisher.unreachable, spool.full = True, True
    await d.desk.take(message(PART_1))
    d.clock.advance(QUIET)
    assert await d.desk.file_due() == 0
    assert list(d.journal.parts) == ["GW-IN-1"] and d.replies.sent == []
    publisher.unreachable, spool.full = False, False
    assert await d.desk.file_due() == 1
    assert len(publisher.published) == 1 and d.journal.parts == {}


async def test_parts_kept_before_a_restart_are_filed_after_it(
    intake: Intake, publisher: FakeReportPublisher
) -> None:
    before = make_desk(intake)
    await before.desk.take(message(PART_1))
    after = make_desk(intake)
    after.journal.parts = before.journal.parts  # the same disk, a new process
    assert after.desk.recover() == 1 and after.desk.recover() == 0
    after.clock.advance(QUIET)
    assert await after.desk.file_due() == 1
    assert publisher.published[0].data.content.text == PART_1


async def test_a_failed_reply_leaves_the_report_filed(
    intake: Intake, publisher: FakeReportPublisher
) -> None:
    d = make_desk(intake)
    d.replies.down = True
    await d.desk.take(message(PART_1))
    d.clock.advance(QUIET)
    assert await d.desk.file_due() == 1 and len(publisher.published) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CEK NTR-7Q2K-9XPA-3M4N-5B6C", "Kajian awal"),
        ("check ntr 7q2k 9xpa 3m4n 5b6c", "Being reviewed"),
        ("cek NTR-0000-0000-0000-0000", "tidak ada laporan dengan kode NTR-0000-0000-0000-0000"),
        ("CEK 12345", "kode tidak dikenali"),
    ],
)
async def test_cek_answers_the_citizen_status(
    intake: Intake, statuses: FakeStatusSource, text: str, expected: str
) -> None:
    code = "NTR-7Q2K-9XPA-3M4N-5B6C"
    statuses.statuses[code] = PublicStatus.model_validate(
        {"tracking_code": code, "status": "preliminary_review", "received_at": "2024-11-04T09:00Z"}
    )
    d = make_desk(intake)
    assert await d.desk.take(message(text)) == "answered"
    [sent] = d.replies.sent
    assert expected.lower() in sent.text.lower() and d.journal.parts == {}


async def test_cek_while_cases_is_down_says_try_later(
    intake: Intake, statuses: FakeStatusSource
) -> None:
    statuses.unavailable = True
    d = make_desk(intake)
    await d.desk.take(message("CEK NTR-7Q2K-9XPA-3M4N-5B6C"))
    assert "Coba lagi nanti" in d.replies.sent[0].text


async def test_a_sender_over_its_burst_is_refused(intake: Intake) -> None:
    d = make_desk(intake, burst=2)
    await d.desk.take(message(PART_1, "GW-1"))
    await d.desk.take(message(PART_2, "GW-2"))
    with pytest.raises(SenderLimited):
        await d.desk.take(message(PART_2, "GW-3"))
    assert list(d.journal.parts) == ["GW-1", "GW-2"]


def _sealed(event: ReceivedEvent) -> Sealed:
    reporter = event.data.reporter
    assert reporter.key_id and reporter.nonce and reporter.ciphertext
    return Sealed(reporter.key_id, reporter.nonce, reporter.ciphertext)


async def test_a_part_taken_while_its_report_is_filed_starts_the_next_report(
    intake: Intake, publisher: FakeReportPublisher
) -> None:
    d = make_desk(intake)
    file_first = d.desk.file

    async def file_while_the_citizen_types(
        submission: ReportSubmission, uploads: Sequence[Upload]
    ) -> Receipt:
        await d.desk.take(message(PART_2, "GW-2"))
        return await file_first(submission, uploads)

    d.desk.file = file_while_the_citizen_types
    await d.desk.take(message(PART_1, "GW-1"))
    d.clock.advance(QUIET)
    assert await d.desk.file_due() == 1
    assert list(d.journal.parts) == ["GW-2"] and d.desk.joining() == 1
    d.clock.advance(QUIET)
    d.desk.file = file_first
    assert await d.desk.file_due() == 1
    assert [e.data.content.text for e in publisher.published] == [PART_1, PART_2]
