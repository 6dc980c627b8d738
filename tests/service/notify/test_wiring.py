"""Notify as bootstrap builds it: fails closed without its secrets outside development,
and `/ready` names each dependency that is down (nothing listens on the Kafka and store
ports here)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from services.common.limits import BodySizeLimit
from services.common.rate_limit_http import RateLimit
from services.common.secrets import MissingSecret
from services.common.server_spans import ServerSpans
from services.notify.bootstrap import build_app
from services.notify.entrypoints.receipts import ReceiptsMiddleware
from services.notify.settings import NotifySettings
from tests.infra import free_ports


def test_production_without_its_secrets_does_not_start(tmp_path: Path) -> None:
    dev_files = {
        "notify_admin_dev_token_file": tmp_path / "notify-admin-token",
        "pii_dev_key_file": tmp_path / "pii-keys",
        "gateway_token_dev_file": tmp_path / "gateway-token",
        "gateway_callback_secret_dev_file": tmp_path / "gateway-callback-secret",
    }
    settings = NotifySettings(
        netra_env="production",
        notify_sink_base_url="https://hooks.example.id/netra",
        **dev_files,  # type: ignore[arg-type]
    )
    with pytest.raises(MissingSecret, match="is required outside development"):
        build_app(settings)
    assert not [f for f in dev_files.values() if f.exists()]  # no per-host key invented


def test_ready_is_503_naming_kafka_and_the_store_when_both_are_away() -> None:
    kafka, store = free_ports(2)
    settings = NotifySettings(
        netra_env="test",
        kafka_bootstrap_servers=f"127.0.0.1:{kafka}",
        mongodb_url=f"mongodb://127.0.0.1:{store}/",
        ready_check_timeout_s=0.2,
    )
    with TestClient(build_app(settings)) as client:
        response = client.get("/ready")
        assert client.get("/health").status_code == 200
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["down"] == ["kafka", "store"] and "kafka, store" in body["detail"]
    assert body["checks"] == {"kafka": "down", "store": "down"}


def test_receipts_are_served_inside_the_span_and_the_body_limits() -> None:
    """Rate limits, then body limits, then the server span, then the receipts: a receipt
    the middleware answers is bounded and traced as the route was."""
    kafka, store = free_ports(2)
    settings = NotifySettings(
        netra_env="test",
        kafka_bootstrap_servers=f"127.0.0.1:{kafka}",
        mongodb_url=f"mongodb://127.0.0.1:{store}/",
    )
    app = build_app(settings)
    stack: list[object] = [middleware.cls for middleware in app.user_middleware]
    assert stack == [RateLimit, BodySizeLimit, ServerSpans, ReceiptsMiddleware]
    unsigned = TestClient(app).post("/v1/gateway/receipts", content=b"{}")
    assert unsigned.status_code == 401 and "webhook-signature" in unsigned.json()["detail"]
