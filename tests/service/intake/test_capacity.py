"""A full spool refuses (503 + Retry-After): a 202 always means the report is durable."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.fakes.intake import FakeReportPublisher, FakeSpool
from tests.service.intake.conftest import RETRY_AFTER_S

VALID = {"channel": "web", "text": "Camat Sukarame hadir di kampanye paslon nomor 2."}


def test_broker_down_and_spool_full_is_503_with_retry_after_and_nothing_lost(
    client: TestClient, publisher: FakeReportPublisher, spool: FakeSpool
) -> None:
    publisher.unreachable = True
    spool.max_reports = 2
    answers = [client.post("/v1/reports", json=VALID) for _ in range(4)]
    assert [a.status_code for a in answers] == [202, 202, 503, 503]
    refused = answers[-1]
    assert refused.headers["retry-after"] == str(RETRY_AFTER_S)
    assert refused.headers["content-type"] == "application/problem+json"
    assert "broker is back" in refused.json()["detail"]
    accepted = {a.json()["report_id"] for a in answers if a.status_code == 202}
    assert set(spool.items) == accepted  # every 202 is in the spool; no refused one is


def test_a_full_spool_does_not_matter_while_the_broker_acks(
    client: TestClient, publisher: FakeReportPublisher, spool: FakeSpool
) -> None:
    spool.max_reports = 1
    for _ in range(3):
        assert client.post("/v1/reports", json=VALID).status_code == 202
    assert len(publisher.published) == 3


def test_the_form_says_so_too_with_retry_after(
    client: TestClient, publisher: FakeReportPublisher, spool: FakeSpool
) -> None:
    publisher.unreachable = True
    spool.max_reports = 0
    response = client.post("/lapor", data={"text": VALID["text"]})
    assert response.status_code == 503 and response.headers["retry-after"] == str(RETRY_AFTER_S)
    assert "kirim sekali lagi" in response.text
