"""`POST /v1/feeds/reports` on fakes: authenticated as its source, idempotent by
(source, source_id); and the public API no longer speaks as a feed."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from schemas.reports import Channel
from services.intake.domain.feed_identity import feed_report_id
from tests.fakes.intake import FakeReportPublisher, FakeSpool
from tests.service.intake.conftest import FEED_SOURCE, FEED_TOKEN

AUTH = {"Authorization": f"Bearer {FEED_TOKEN}"}
TEXT = "Camat Sukamaju memasang baliho paslon nomor 2 di halaman kantor kecamatan"


def batch(*ids: str, **extra: Any) -> dict[str, Any]:
    return {"reports": [{"source_id": i, "text": TEXT, **extra} for i in ids]}


@pytest.mark.parametrize(
    "header", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": FEED_TOKEN}]
)
def test_without_a_feed_token_nothing_is_filed(
    client: TestClient, publisher: FakeReportPublisher, header: dict[str, str]
) -> None:
    response = client.post("/v1/feeds/reports", json=batch("A-1"), headers=header)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.headers["content-type"] == "application/problem+json"
    assert publisher.published == []


def test_a_batch_is_filed_as_the_tokens_feed_under_ids_derived_from_the_source_id(
    client: TestClient, publisher: FakeReportPublisher
) -> None:
    response = client.post("/v1/feeds/reports", json=batch("A-1", "A-2"), headers=AUTH)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["source"] == FEED_SOURCE
    assert [r["source_id"] for r in body["results"]] == ["A-1", "A-2"]
    ids = [feed_report_id(FEED_SOURCE, "A-1"), feed_report_id(FEED_SOURCE, "A-2")]
    assert [r["report_id"] for r in body["results"]] == ids
    assert publisher.report_ids() == ids
    for event in publisher.published:
        assert event.data.content.channel == Channel.BAWASLU_FEED
        assert event.data.content.source == FEED_SOURCE


def test_the_same_row_sent_again_is_the_same_report_with_the_same_receipt(
    client: TestClient, publisher: FakeReportPublisher
) -> None:
    first = client.post("/v1/feeds/reports", json=batch("A-1"), headers=AUTH).json()
    again = client.post("/v1/feeds/reports", json=batch("A-1"), headers=AUTH).json()
    assert first["results"] == again["results"]
    assert len(set(publisher.report_ids())) == 1


def test_each_bad_report_is_answered_on_its_own_and_the_good_ones_are_filed(
    client: TestClient, publisher: FakeReportPublisher
) -> None:
    reports = [
        {"source_id": "A-1", "text": TEXT},
        {"source_id": "A-2", "text": "pendek"},
        {"text": TEXT},
        {"source_id": "A-4", "text": TEXT, "channel": "web"},
        {"source_id": "A-5", "text": TEXT, "source": "another-feed"},
    ]
    response = client.post("/v1/feeds/reports", json={"reports": reports}, headers=AUTH)
    results = response.json()["results"]
    assert "tracking_code" in results[0]
    assert [[e["field"] for e in r.get("errors", [])] for r in results[1:]] == [
        ["text"],
        ["source_id"],
        ["channel"],
        ["source"],
    ]
    assert len(publisher.published) == 1


def test_a_batch_over_the_item_bound_or_without_reports_is_refused_whole(
    client: TestClient, publisher: FakeReportPublisher
) -> None:
    too_many = batch(*(f"A-{n}" for n in range(65)))
    assert client.post("/v1/feeds/reports", json=too_many, headers=AUTH).status_code in (413, 422)
    empty = client.post("/v1/feeds/reports", json={"reports": []}, headers=AUTH)
    assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "reports"
    assert publisher.published == []


def test_a_report_not_kept_makes_the_batch_503_and_sending_it_again_is_safe(
    client: TestClient, publisher: FakeReportPublisher, spool: FakeSpool
) -> None:
    publisher.unreachable, spool.full = True, True
    response = client.post("/v1/feeds/reports", json=batch("A-1"), headers=AUTH)
    assert response.status_code == 503 and response.headers["retry-after"]
    publisher.unreachable, spool.full = False, False
    again = client.post("/v1/feeds/reports", json=batch("A-1"), headers=AUTH)
    assert again.status_code == 200 and len(publisher.published) == 1


@pytest.mark.parametrize(
    ("claim", "field"),
    [
        ({"channel": "bawaslu_feed"}, "channel"),
        ({"channel": "web", "source": "bawaslu-sigaplapor"}, "source"),
        ({"channel": "web", "source_id": "A-1"}, "source_id"),
    ],
)
def test_the_public_api_cannot_claim_to_be_a_feed(
    client: TestClient, publisher: FakeReportPublisher, claim: dict[str, str], field: str
) -> None:
    response = client.post("/v1/reports", json={"text": TEXT, **claim})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert publisher.published == []
