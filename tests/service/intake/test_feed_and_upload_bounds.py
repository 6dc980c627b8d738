"""Where the feed import and evidence uploads meet (the s10 merge): the upload-sized body
bound of the app does not reach the routes without files, and the public API takes files
but still cannot speak as a feed."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from services.intake.entrypoints.context import Intake
from tests.evidence_samples import PDF_BYTES
from tests.fakes.clock import FakeClock
from tests.fakes.intake import FakeEvidenceStore, FakeReportPublisher
from tests.service.intake.conftest import EVIDENCE_LIMITS, FEED_TOKEN, MAX_JSON_BYTES, intake_app

TEXT = "Camat Sukamaju memasang baliho paslon nomor 2 di halaman kantor kecamatan"
AUTH = {"Authorization": f"Bearer {FEED_TOKEN}"}


@pytest.fixture
def client(intake: Intake, rate_clock: FakeClock) -> Iterator[TestClient]:
    """The app's bound as bootstrap sizes it: room for every file at its limit."""
    room = 4096 + EVIDENCE_LIMITS.max_files * (EVIDENCE_LIMITS.max_file_bytes + 4096)
    with TestClient(intake_app(intake, clock=rate_clock, max_body_bytes=room)) as test_client:
        yield test_client


@pytest.mark.parametrize(
    ("claim", "field"),
    [({"channel": "bawaslu_feed"}, "channel"), ({"source_id": "A-1"}, "source_id")],
)
def test_a_multipart_report_claiming_to_be_a_feed_is_refused_and_keeps_no_file(
    client: TestClient,
    publisher: FakeReportPublisher,
    evidence: FakeEvidenceStore,
    claim: dict[str, str],
    field: str,
) -> None:
    report = {"channel": "api", "text": TEXT, **claim}
    response = client.post(
        "/v1/reports",
        files=[("report", (None, json.dumps(report).encode())), ("evidence", ("a.pdf", PDF_BYTES))],
    )
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert publisher.published == [] and evidence.files == {}


def test_a_feed_batch_over_the_json_bound_is_a_413_though_the_app_allows_uploads(
    client: TestClient, publisher: FakeReportPublisher
) -> None:
    padding = "x" * (MAX_JSON_BYTES + 1)
    body = json.dumps({"reports": [{"source_id": "A-1", "text": TEXT, "location_text": padding}]})
    response = client.post(
        "/v1/feeds/reports", content=body, headers={**AUTH, "content-type": "application/json"}
    )
    assert response.status_code == 413 and response.json()["limit"] == MAX_JSON_BYTES
    assert publisher.published == []


def test_a_feed_batch_not_in_json_is_a_415(client: TestClient) -> None:
    response = client.post("/v1/feeds/reports", data={"reports": "x"}, headers=AUTH)
    assert response.status_code == 415


def test_an_open311_request_over_the_json_bound_is_a_413_spec_error(
    client: TestClient, publisher: FakeReportPublisher
) -> None:
    form = {"service_code": "kampanye", "description": "x" * (MAX_JSON_BYTES + 1)}
    response = client.post("/open311/v2/requests.json", data=form)
    assert response.status_code == 413
    assert response.json()[0]["code"] == 413
    assert publisher.published == []
