"""Per-client rate limits on filing and lookups: 429 problem+json with Retry-After."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from tests.fakes.clock import FakeClock
from tests.service.intake.conftest import FILING, LOOKUPS

VALID = {"channel": "web", "text": "Camat Sukarame hadir di kampanye paslon nomor 2."}
CODE = "NTR-0000-0000-0000-0000"


def test_filing_past_the_burst_is_429_with_retry_after(client: TestClient) -> None:
    answers = [client.post("/v1/reports", json=VALID).status_code for _ in range(FILING.burst)]
    assert answers == [202] * FILING.burst
    refused = client.post("/v1/reports", json=VALID)
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert int(refused.headers["retry-after"]) >= 1


def test_the_form_shares_the_filing_allowance(client: TestClient) -> None:
    for _ in range(FILING.burst):
        client.post("/v1/reports", json=VALID)
    assert client.post("/lapor", data={"text": VALID["text"]}).status_code == 429


def test_the_allowance_comes_back_with_time(client: TestClient, rate_clock: FakeClock) -> None:
    for _ in range(FILING.burst + 1):
        client.post("/v1/reports", json=VALID)
    rate_clock.advance(timedelta(seconds=1 / FILING.per_second))
    assert client.post("/v1/reports", json=VALID).status_code == 202


def test_lookups_have_their_own_allowance(client: TestClient) -> None:
    for _ in range(FILING.burst + 1):
        client.post("/v1/reports", json=VALID)
    answers = {
        client.get("/lacak", params={"kode": CODE}).status_code for _ in range(LOOKUPS.burst)
    }
    assert 429 not in answers
    assert client.get("/lacak", params={"kode": CODE}).status_code == 429
    assert client.get("/").status_code == 200  # the form page itself is not limited


def test_a_trusted_proxy_names_the_client_and_others_cannot(client: TestClient) -> None:
    # The test client's peer is "testclient", not a trusted proxy: its header is ignored.
    for n in range(FILING.burst):
        client.post("/v1/reports", json=VALID, headers={"X-Forwarded-For": f"192.0.2.{n}"})
    assert client.post("/v1/reports", json=VALID).status_code == 429


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_bucket(
    client: TestClient,
) -> None:
    proxied = TestClient(client.app, client=("10.1.2.3", 50000))
    for _ in range(FILING.burst):
        proxied.post("/v1/reports", json=VALID, headers={"X-Forwarded-For": "198.51.100.7"})
    spoofed = {"X-Forwarded-For": "1.2.3.4, 198.51.100.7"}  # left entries are the client's own
    assert proxied.post("/v1/reports", json=VALID, headers=spoofed).status_code == 429
    other = {"X-Forwarded-For": "198.51.100.8"}
    assert proxied.post("/v1/reports", json=VALID, headers=other).status_code == 202
