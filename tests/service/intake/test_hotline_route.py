"""Intake's side of the hotline desk (`POST /v1/hotline/reports`) on fakes: only the desk's
token files; the report is channel hotline with its operator and consent on the event,
evidence taken like any upload; a missing consent or a disguised file is a named 4xx and
nothing is stored or published."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from schemas.reports import Channel
from services.intake.entrypoints.context import Intake
from services.intake.entrypoints.hotline_http import hotline_router
from tests.evidence_samples import EXE_BYTES, GPS_IFD, MAKE, exif_of, phone_photo
from tests.fakes.clock import FakeClock
from tests.fakes.intake import FakeEvidenceStore, FakeReportPublisher
from tests.service.intake.conftest import EVIDENCE_LIMITS, intake_app

DESK_TOKEN = "hotline-desk-token-for-tests-0123456789"
AUTH = {"Authorization": f"Bearer {DESK_TOKEN}"}
REPORT = {
    "text": "Camat Sukamaju ikut kampanye paslon nomor 2 di lapangan desa kemarin sore.",
    "reporter": {"name": "Budi", "phone": "+6281234567890", "confidential": True},
}
FILED_BY = {"operator_id": "dev:operator:Rina", "operator_name": "Rina", "caller_consented": True}


@pytest.fixture
def client(intake: Intake, rate_clock: FakeClock) -> Iterator[TestClient]:
    room = 4096 + EVIDENCE_LIMITS.max_files * (EVIDENCE_LIMITS.max_file_bytes + 4096)
    app = intake_app(intake, clock=rate_clock, max_body_bytes=room)
    app.include_router(hotline_router(desk_token=DESK_TOKEN))
    with TestClient(app) as test_client:
        yield test_client


def multipart(
    report: dict[str, Any], filed_by: dict[str, Any], files: list[tuple[str, bytes]]
) -> list[Any]:
    parts: list[Any] = [
        ("report", (None, json.dumps(report).encode(), "application/json")),
        ("filed_by", (None, json.dumps(filed_by).encode(), "application/json")),
    ]
    return parts + [("evidence", (name, data)) for name, data in files]


def test_the_desk_files_a_hotline_report_with_its_operator_and_a_stripped_photo(
    client: TestClient, publisher: FakeReportPublisher, evidence: FakeEvidenceStore
) -> None:
    answer = client.post(
        "/v1/hotline/reports",
        headers=AUTH,
        files=multipart(REPORT, FILED_BY, [("a.jpg", phone_photo())]),
    )
    assert answer.status_code == 202, answer.text
    [event] = publisher.published
    report = event.data
    assert report.content.channel == Channel.HOTLINE
    assert report.filed_by is not None and report.filed_by.model_dump() == FILED_BY
    assert report.reporter.confidential and not report.reporter.anonymous
    [ref] = report.evidence
    assert answer.json()["evidence"][0]["sha256"] == ref.sha256
    stored = exif_of(evidence.files[ref.sha256])
    assert not stored.get_ifd(GPS_IFD) and MAKE not in stored


def test_json_body_and_the_channel_is_always_hotline(
    client: TestClient, publisher: FakeReportPublisher
) -> None:
    answer = client.post(
        "/v1/hotline/reports", headers=AUTH, json={"report": REPORT, "filed_by": FILED_BY}
    )
    assert answer.status_code == 202, answer.text
    claimed = client.post(
        "/v1/hotline/reports",
        headers=AUTH,
        json={"report": {**REPORT, "channel": "web"}, "filed_by": FILED_BY},
    )
    assert claimed.status_code == 422
    assert claimed.json()["errors"][0]["field"] == "channel"
    assert [e.data.content.channel for e in publisher.published] == [Channel.HOTLINE]


@pytest.mark.parametrize("consent", [False, None])
def test_no_consent_is_a_named_422_and_nothing_is_filed(
    client: TestClient, publisher: FakeReportPublisher, consent: bool | None
) -> None:
    filed_by = {k: v for k, v in FILED_BY.items() if k != "caller_consented"}
    if consent is not None:
        filed_by["caller_consented"] = consent
    answer = client.post(
        "/v1/hotline/reports", headers=AUTH, json={"report": REPORT, "filed_by": filed_by}
    )
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    [error] = answer.json()["errors"]
    assert error["field"] == "filed_by.caller_consented"
    assert "consent" in error["message"] and "persetujuan" in error["message"]
    assert publisher.published == []


def test_a_disguised_file_is_refused_and_nothing_is_stored(
    client: TestClient, publisher: FakeReportPublisher, evidence: FakeEvidenceStore
) -> None:
    files = [("a.jpg", phone_photo()), ("foto.jpg", EXE_BYTES)]
    answer = client.post(
        "/v1/hotline/reports", headers=AUTH, files=multipart(REPORT, FILED_BY, files)
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["file"] == "foto.jpg"
    assert publisher.published == [] and evidence.files == {}


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer not-the-desk"}])
def test_only_the_desk_token_files_here(
    client: TestClient, publisher: FakeReportPublisher, headers: dict[str, str]
) -> None:
    answer = client.post(
        "/v1/hotline/reports", headers=headers, json={"report": REPORT, "filed_by": FILED_BY}
    )
    assert answer.status_code == 401
    assert publisher.published == []
