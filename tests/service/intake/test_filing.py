"""Filing a report: published when the broker acks, spooled (and still accepted) when not."""

from __future__ import annotations

import pytest

from schemas.codec import encode
from schemas.reports import ReportSubmission
from services.common.crypto import Keyring, Sealed
from services.intake.domain.errors import ReportNotSaved
from services.intake.domain.receipt import Receipt
from services.intake.entrypoints.context import Intake
from services.intake.service_layer.filing import file_report
from tests.fakes.clock import DEFAULT_START
from tests.fakes.intake import FakeReportPublisher, FakeSpool

SUBMISSION = ReportSubmission.model_validate(
    {
        "channel": "web",
        "text": "Camat Sukarame hadir di kampanye paslon nomor 2 di lapangan.",
        "reporter": {"name": "Rina Pelapor", "phone": "+6281234567890", "wants_updates": True},
    }
)


async def file(intake: Intake) -> Receipt:
    return await file_report(
        SUBMISSION,
        keyring=intake.keyring,
        publisher=intake.publisher,
        spool=intake.spool,
        clock=intake.clock,
        publish_timeout_s=intake.publish_timeout_s,
        status_base_url=intake.status_base_url,
    )


async def test_accepted_once_the_broker_acks(
    intake: Intake, publisher: FakeReportPublisher, spool: FakeSpool
) -> None:
    receipt = await file(intake)
    assert receipt.accepted_via == "published"
    [event] = publisher.published
    assert event.data.report_id == receipt.report_id
    assert event.data.tracking_code == receipt.tracking_code
    assert event.data.received_at == event.time == DEFAULT_START
    assert receipt.status_url == f"http://cases.test/v1/status/{receipt.tracking_code}"
    assert len(spool) == 0


@pytest.mark.parametrize("broker", ["unreachable", "too_slow"])
async def test_spooled_and_still_accepted_when_the_broker_cannot_ack(
    intake: Intake, publisher: FakeReportPublisher, spool: FakeSpool, broker: str
) -> None:
    if broker == "unreachable":
        publisher.unreachable = True
    else:
        publisher.delay_s = intake.publish_timeout_s * 20
    receipt = await file(intake)
    assert receipt.accepted_via == "spooled"
    assert spool.pending() == [receipt.report_id]
    assert spool.read(receipt.report_id).data.tracking_code == receipt.tracking_code
    assert publisher.published == []


async def test_not_saved_when_neither_broker_nor_spool_takes_it(
    intake: Intake, publisher: FakeReportPublisher, spool: FakeSpool
) -> None:
    publisher.unreachable = True
    spool.full = True
    with pytest.raises(ReportNotSaved):
        await file(intake)


async def test_identity_is_sealed_and_never_published_in_clear(
    intake: Intake, publisher: FakeReportPublisher, keyring: Keyring
) -> None:
    await file(intake)
    [event] = publisher.published
    wire = encode(event).decode()
    assert "Rina Pelapor" not in wire and "6281234567890" not in wire
    sealed = event.data.reporter
    assert sealed.wants_updates and not sealed.anonymous
    opened = keyring.open(
        Sealed(sealed.key_id or "", sealed.nonce or "", sealed.ciphertext or ""),
        context=event.data.report_id,
    )
    assert opened == {"name": "Rina Pelapor", "phone": "+6281234567890"}


async def test_identity_is_sealed_in_the_spool_too(
    intake: Intake, publisher: FakeReportPublisher, spool: FakeSpool
) -> None:
    publisher.unreachable = True
    receipt = await file(intake)
    assert b"Rina Pelapor" not in spool.items[receipt.report_id]
