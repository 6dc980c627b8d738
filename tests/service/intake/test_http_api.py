"""Intake's HTTP edge on fakes: bad input gets problem+json naming the field; 202 + receipt."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from schemas.reports import Channel
from services.intake.domain.submission import PUBLIC_CHANNELS
from tests.fakes.intake import FakeReportPublisher, FakeSpool

VALID = {
    "channel": "web",
    "text": "Camat Sukarame hadir di kampanye paslon nomor 2 di lapangan.",
    "reporter": {"name": "Rina Pelapor", "phone": "+6281234567890"},
}


def problem(response_json: dict[str, object]) -> dict[str, object]:
    assert {"type", "title", "status"} <= set(response_json)
    return response_json


def test_wrong_media_type_is_415(client: TestClient) -> None:
    response = client.post(
        "/v1/reports", content=b"text=hi", headers={"content-type": "text/plain"}
    )
    assert response.status_code == 415
    assert response.headers["content-type"] == "application/problem+json"


def test_malformed_json_is_400(client: TestClient) -> None:
    response = client.post(
        "/v1/reports", content=b'{"channel": "web",', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert "not valid JSON" in str(problem(response.json())["detail"])


def test_body_over_the_limit_is_413_before_parsing(client: TestClient) -> None:
    huge = b'{"text": "' + b"a" * 10_000 + b'"}'
    response = client.post(
        "/v1/reports", content=huge, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert problem(response.json())["status"] == 413


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"channel": "pigeon"}, "channel"),
        ({"text": "short"}, "text"),
        ({"region_code": "18-12"}, "region_code"),
        ({"occurred_on": "2026-11-10", "known_on": "2026-11-01"}, "body"),
        ({"reporter": {"anonymous": True, "name": "X"}}, "reporter"),
        ({"reporter": {"email": "not-an-email"}}, "reporter.email"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_invalid_fields_are_named(client: TestClient, patch: dict[str, object], field: str) -> None:
    response = client.post("/v1/reports", json={**VALID, **patch})
    assert response.status_code == 422
    body = problem(response.json())
    assert any(error["field"] == field for error in body["errors"]), body  # type: ignore[attr-defined]


def test_published_report_answers_202_with_its_receipt(
    client: TestClient, publisher: FakeReportPublisher
) -> None:
    response = client.post("/v1/reports", json=VALID)
    assert response.status_code == 202 and "X-Trace-Id" in response.headers
    receipt = response.json()
    assert receipt["accepted_via"] == "published"
    assert publisher.report_ids() == [receipt["report_id"]]


def test_broker_down_spools_and_still_answers_202(
    client: TestClient, publisher: FakeReportPublisher, spool: FakeSpool
) -> None:
    publisher.unreachable = True
    response = client.post("/v1/reports", json=VALID)
    assert response.status_code == 202
    receipt = response.json()
    assert receipt["accepted_via"] == "spooled"
    assert receipt["tracking_code"].startswith("NTR-")
    assert receipt["status_url"].endswith(f"/v1/status/{receipt['tracking_code']}")
    assert spool.pending() == [receipt["report_id"]]


def test_nowhere_to_keep_the_report_is_503_problem(
    client: TestClient, publisher: FakeReportPublisher, spool: FakeSpool
) -> None:
    publisher.unreachable, spool.full = True, True
    response = client.post("/v1/reports", json=VALID)
    assert response.status_code == 503
    assert problem(response.json())["title"] == "Report not saved"


@pytest.mark.parametrize("channel", [c for c in Channel if c not in PUBLIC_CHANNELS])
def test_a_channel_with_its_own_route_is_refused_naming_the_allowed_ones(
    client: TestClient, publisher: FakeReportPublisher, channel: Channel
) -> None:
    response = client.post("/v1/reports", json={**VALID, "channel": channel.value})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    [error] = response.json()["errors"]
    assert error["field"] == "channel"
    assert "allowed: web, api, email" in error["message"]  # English, then Bahasa Indonesia
    assert "yang diizinkan: web, api, email" in error["message"]
    assert publisher.published == []


@pytest.mark.parametrize("channel", PUBLIC_CHANNELS)
def test_the_public_channels_are_filed(
    client: TestClient, publisher: FakeReportPublisher, channel: Channel
) -> None:
    response = client.post("/v1/reports", json={**VALID, "channel": channel.value})
    assert response.status_code == 202
    assert publisher.report_ids() == [response.json()["report_id"]]
