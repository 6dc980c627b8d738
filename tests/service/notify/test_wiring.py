"""Notify as bootstrap builds it: fails closed without its webhook secret outside
development, and `/ready` names each dependency that is down (nothing listens on the
Kafka and store ports here)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from services.common.secrets import MissingSecret
from services.notify.bootstrap import build_app
from services.notify.settings import NotifySettings
from tests.infra import free_ports


def test_production_without_a_webhook_secret_does_not_start(tmp_path: Path) -> None:
    dev_file = tmp_path / "webhook-secret"
    settings = NotifySettings(
        netra_env="production",
        webhook_dev_secret_file=dev_file,
        notify_sink_base_url="https://hooks.example.id/netra",
    )
    with pytest.raises(MissingSecret, match="NETRA_WEBHOOK_SECRET is required"):
        build_app(settings)
    assert not dev_file.exists()  # no per-host key invented


def test_ready_is_503_naming_kafka_and_the_store_when_both_are_away() -> None:
    kafka, store = free_ports(2)
    settings = NotifySettings(
        netra_env="test",
        kafka_bootstrap_servers=f"127.0.0.1:{kafka}",
        mongodb_url=f"mongodb://127.0.0.1:{store}/",
        netra_webhook_secret="test-secret-0123456789abcdef",
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
