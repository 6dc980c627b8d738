"""Contract of the desk's `HotlineIntake`: the fake and the HTTP client against intake's
real `POST /v1/hotline/reports` (intake's app over its in-memory ports, on a uvicorn
server in a thread: no session infrastructure).

Both file a call and answer its receipt, refuse a call intake cannot take with the field
named (`CallRefused`), and say so when intake is away (`IntakeUnavailable`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from schemas.reports import Channel
from services.cases.adapters.intake_hotline import HttpHotlineIntake
from services.cases.service_layer.desk_ports import (
    CallRefused,
    DeskCall,
    DeskFile,
    HotlineIntake,
    IntakeUnavailable,
)
from services.common.crypto import new_key_spec, parse_keyring
from services.intake.domain.feed_identity import parse_feed_tokens
from services.intake.entrypoints.context import Intake
from services.intake.entrypoints.hotline_http import hotline_router
from tests.contracts.notify.test_channel_promises import serving
from tests.evidence_samples import phone_photo
from tests.fakes.cases.desk import FakeHotlineIntake
from tests.fakes.clock import FakeClock
from tests.fakes.intake import FakeEvidenceStore, FakeReportPublisher, FakeSpool, FakeStatusSource
from tests.infra import free_ports
from tests.service.intake.conftest import (
    EVIDENCE_LIMITS,
    INPUT_LIMITS,
    MAX_JSON_BYTES,
    intake_app,
)

TOKEN = "contract-hotline-desk-token-0123456789"
FILED_BY = {"operator_id": "idp|rina", "operator_name": "Rina", "caller_consented": True}
REPORT: dict[str, Any] = {
    "text": "Camat Sukamaju ikut kampanye paslon nomor 2 di lapangan desa kemarin sore.",
    "reporter": {"name": "Budi", "confidential": True},
}


@dataclass
class Subject:
    intake: HotlineIntake
    take_away: Callable[[], None]
    filed_channels: Callable[[], list[Channel]]


def intake_over_fakes(publisher: FakeReportPublisher) -> Intake:
    return Intake(
        keyring=parse_keyring(new_key_spec()),
        publisher=publisher,
        spool=FakeSpool(),
        statuses=FakeStatusSource(),
        clock=FakeClock(),
        publish_timeout_s=0.5,
        status_base_url="http://cases.test",
        input_limits=INPUT_LIMITS,
        retry_after_s=30,
        feeds=parse_feed_tokens(None),
        evidence_store=FakeEvidenceStore(),
        evidence_limits=EVIDENCE_LIMITS,
        max_json_bytes=MAX_JSON_BYTES,
    )


@pytest.fixture(params=["fake", "real"])
def subject(request: pytest.FixtureRequest) -> Iterator[Subject]:
    if request.param == "fake":
        fake = FakeHotlineIntake()

        def away() -> None:
            fake.away = True

        yield Subject(fake, away, lambda: [Channel.HOTLINE for _ in fake.calls])
        return
    publisher = FakeReportPublisher()
    app = intake_app(intake_over_fakes(publisher), clock=FakeClock(), max_body_bytes=2**22)
    app.include_router(hotline_router(desk_token=TOKEN))
    with serving(app) as base_url:
        real = HttpHotlineIntake(base_url=base_url, token=TOKEN, timeout_s=10)

        def unreachable() -> None:
            real.url = f"http://127.0.0.1:{free_ports(1)[0]}/v1/hotline/reports"

        yield Subject(
            real, unreachable, lambda: [e.data.content.channel for e in publisher.published]
        )


async def test_a_call_is_filed_and_its_receipt_answered(subject: Subject) -> None:
    photo = DeskFile("foto.jpg", phone_photo())
    receipt = await subject.intake.file_call(DeskCall(REPORT, FILED_BY, [photo]))
    assert receipt.tracking_code.startswith("NTR-") and receipt.report_id.startswith("RPT-")
    assert len(receipt.evidence_sha256) == 1
    assert subject.filed_channels() == [Channel.HOTLINE]


async def test_a_call_intake_cannot_take_is_refused_with_the_field_named(
    subject: Subject,
) -> None:
    with pytest.raises(CallRefused) as refused:
        await subject.intake.file_call(DeskCall({**REPORT, "text": ""}, FILED_BY))
    assert refused.value.status == 422
    assert [e["field"] for e in refused.value.errors] == ["text"]
    assert subject.filed_channels() == []


async def test_intake_away_is_unavailable_and_nothing_is_filed(subject: Subject) -> None:
    subject.take_away()
    with pytest.raises(IntakeUnavailable):
        await subject.intake.file_call(DeskCall(REPORT, FILED_BY))
    assert subject.filed_channels() == []
