"""The app bootstrap builds, with real adapters and a broker that is not there.

No infrastructure: nothing listens on the Kafka port, so a report must land in the file
spool under tmp_path, sealed, and the service still reports itself alive but not ready.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from services.common.limits import BodySizeLimit
from services.common.rate_limit_http import RateLimit
from services.common.server_spans import ServerSpans
from services.intake.bootstrap import build_app
from services.intake.entrypoints.reports_middleware import ReportsMiddleware
from services.intake.settings import IntakeSettings

JSON = {"content-type": "application/json"}
VALID = {
    "channel": "web",
    "text": "Camat Sukarame hadir di kampanye paslon nomor 2 di lapangan.",
    "reporter": {"name": "Rina Pelapor", "phone": "+6281234567890"},
}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = IntakeSettings(
        status_base_url="http://127.0.0.1:1",
        kafka_bootstrap_servers="127.0.0.1:1",  # nothing listens: Kafka is "down"
        spool_dir=tmp_path / "spool",
        pii_dev_key_file=tmp_path / "pii",
        publish_timeout_s=0.5,
        max_body_bytes=4096,
    )
    with TestClient(build_app(settings)) as test_client:
        yield test_client


def test_kafka_down_spools_durably_and_still_answers_202(
    client: TestClient, tmp_path: Path
) -> None:
    response = client.post("/v1/reports", json=VALID)
    assert response.status_code == 202
    receipt = response.json()
    assert receipt["accepted_via"] == "spooled"
    spooled = list((tmp_path / "spool").glob("*.json"))
    assert [p.stem for p in spooled] == [receipt["report_id"]]
    text = spooled[0].read_text()
    assert "Rina Pelapor" not in text and "6281234567890" not in text
    assert json.loads(text)["data"]["tracking_code"] == receipt["tracking_code"]


def test_status_service_down_shows_unavailable(client: TestClient) -> None:
    response = client.get("/lacak", params={"kode": "NTR-0000-0000-0000-0000"})
    assert response.status_code == 503 and "tidak tersedia" in response.text


def test_health_and_metrics(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    assert client.get("/ready").status_code == 503
    assert "netra_intake_reports_total" in client.get("/metrics").text


def test_the_real_file_spool_is_bounded_503_with_retry_after(tmp_path: Path) -> None:
    settings = IntakeSettings(
        kafka_bootstrap_servers="127.0.0.1:1",
        spool_dir=tmp_path / "spool",
        pii_dev_key_file=tmp_path / "pii",
        publish_timeout_s=0.5,
        spool_max_reports=1,
        retry_after_s=7,
    )
    with TestClient(build_app(settings)) as client:
        first = client.post("/v1/reports", json=VALID)
        second = client.post("/v1/reports", json=VALID)
    assert first.status_code == 202 and second.status_code == 503
    assert second.headers["retry-after"] == "7"
    spooled = [p.stem for p in (tmp_path / "spool").glob("*.json")]
    assert spooled == [first.json()["report_id"]]


def test_json_reports_are_served_inside_the_span_and_the_guards(client: TestClient) -> None:
    """Rate limits, then body limits, then the server span, then `ReportsMiddleware`: a
    report it answers is limited, bounded and traced as the route's was."""
    stack = [middleware.cls for middleware in client.app.user_middleware]  # type: ignore[attr-defined]
    assert stack == [RateLimit, BodySizeLimit, ServerSpans, ReportsMiddleware]
    too_large = client.post("/v1/reports", content=b"{" * 5000, headers=JSON)
    assert too_large.status_code == 413 and too_large.json()["instance"] == "/v1/reports"
    malformed = client.post("/v1/reports", content=b'{"text": ', headers=JSON)
    assert malformed.status_code == 400 and malformed.json()["title"] == "Malformed JSON"
    assert malformed.json()["instance"] == "/v1/reports"


def test_a_request_opens_only_intakes_own_server_span(client: TestClient) -> None:
    """FastAPI's native telemetry (on once a global tracer provider is set, as every
    runtime sets it) would open a second server span per request: ~120 us of CPU."""
    provider = trace.get_tracer_provider()  # the first runtime's of this process
    assert isinstance(provider, TracerProvider)
    spans = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(spans))
    assert client.post("/v1/reports", json=VALID).status_code == 202
    assert client.get("/health").status_code == 200
    assert {span.instrumentation_scope.name for span in spans.get_finished_spans()} <= {  # type: ignore[union-attr]
        "netra.http"
    }
