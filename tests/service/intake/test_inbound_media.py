"""WhatsApp attachments become evidence (issue 12), on fakes: a photo is fetched from the
gateway, stripped and stored, its hash on the report; an oversized, disguised or vanished
attachment is left out and named in the report and the reply, and the text is filed."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from schemas.reports import Channel
from services.intake.entrypoints.context import Intake
from tests.evidence_samples import EXE_BYTES, GPS_IFD, exif_of, phone_photo
from tests.fakes.intake import FakeEvidenceStore, FakeReportPublisher
from tests.service.intake.conftest import EVIDENCE_LIMITS
from tests.service.intake.inbound_fixtures import QUIET, make_desk, message

TEXT = "Lapor, kades Sukamaju bagi2 amplop ke warga tadi malam, ini fotonya"
GATEWAY = "https://gateway.test/media"


def media(name: str, size: int, content_type: str = "image/jpeg") -> dict[str, object]:
    return {"url": f"{GATEWAY}/{name}", "content_type": content_type, "size": size}


async def test_a_whatsapp_photo_is_stored_stripped_and_its_hash_is_on_the_report(
    intake: Intake, publisher: FakeReportPublisher, evidence: FakeEvidenceStore
) -> None:
    d = make_desk(intake)
    photo = phone_photo()
    d.media.files[f"{GATEWAY}/p1"] = photo
    await d.desk.take(message(TEXT, channel="whatsapp", media=[media("p1", len(photo))]))
    d.clock.advance(QUIET)
    assert await d.desk.file_due() == 1

    [event] = publisher.published
    assert event.data.content.channel == Channel.WHATSAPP
    [ref] = event.data.evidence
    assert ref.media_type == "image/jpeg" and not ref.location_kept
    stored = evidence.files[ref.sha256]
    assert hashlib.sha256(stored).hexdigest() == ref.sha256
    assert not exif_of(stored).get_ifd(GPS_IFD)
    assert event.data.content.evidence_text is None  # nothing was refused
    assert GATEWAY not in event.data.content.text  # the URL is no longer pasted in the text
    [reply] = d.replies.sent
    assert event.data.tracking_code in reply.text and "lampiran" not in reply.text


async def test_bad_attachments_are_named_and_the_text_is_filed_anyway(
    intake: Intake, publisher: FakeReportPublisher, evidence: FakeEvidenceStore
) -> None:
    d = make_desk(intake)
    too_big = EVIDENCE_LIMITS.max_file_bytes + 1
    good = phone_photo()
    d.media.files |= {
        f"{GATEWAY}/exe": EXE_BYTES,  # an .exe sent as a photo
        f"{GATEWAY}/big": b"\xff\xd8\xff" + b"\0" * too_big,  # says small, is not
        f"{GATEWAY}/ok": good,
    }
    items = [
        media("exe", len(EXE_BYTES)),
        media("declared-big", too_big),  # refused by its declared size, never fetched
        media("big", 1000),
        media("gone", 1000),  # the gateway no longer holds it
        media("ok", len(good)),
    ]
    await d.desk.take(message(TEXT, channel="whatsapp", media=items))
    d.clock.advance(QUIET)
    assert await d.desk.file_due() == 1

    [event] = publisher.published
    assert event.data.content.text == TEXT
    assert len(event.data.evidence) == 1 and set(evidence.files) == {event.data.evidence[0].sha256}
    noted = event.data.content.evidence_text or ""
    assert noted.splitlines()[1:] == [
        "1: its content is not an image (JPEG, PNG, GIF, WebP), PDF, audio or video file, "
        "whatever its name says",
        f"2: {too_big} bytes; the limit is {EVIDENCE_LIMITS.max_file_bytes} bytes",
        f"3: not fetched: more than {EVIDENCE_LIMITS.max_file_bytes} bytes; the limit is "
        f"{EVIDENCE_LIMITS.max_file_bytes} bytes",
        "4: not fetched: the gateway answered 404",
    ]
    assert f"{GATEWAY}/declared-big" not in d.media.fetched
    [reply] = d.replies.sent
    assert event.data.tracking_code in reply.text
    assert "4 lampiran tidak dapat disimpan" in reply.text


async def test_more_attachments_than_allowed_keep_the_first_ones(
    intake: Intake, publisher: FakeReportPublisher
) -> None:
    d = make_desk(intake)
    photos = [phone_photo(width=10 + n) for n in range(EVIDENCE_LIMITS.max_files + 1)]
    for n, photo in enumerate(photos):
        d.media.files[f"{GATEWAY}/{n}"] = photo
    items = [media(str(n), len(photo)) for n, photo in enumerate(photos)]
    await d.desk.take(message(TEXT, channel="whatsapp", media=items))
    d.clock.advance(QUIET + timedelta(seconds=1))
    await d.desk.file_due()
    [event] = publisher.published
    assert len(event.data.evidence) == EVIDENCE_LIMITS.max_files
    assert f"{len(photos)}: more than {EVIDENCE_LIMITS.max_files} attachments" in (
        event.data.content.evidence_text or ""
    )
