"""`/ready` against the real Kafka and store: 200 naming each check while both answer,
503 naming the store as soon as the URL points where no store listens."""

from __future__ import annotations

import time
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.common.app import service_app, start_runtime
from services.common.http import ReadinessCheck
from services.common.mongo import make_client, ping
from services.common.settings import ServiceSettings
from tests.infra import SessionInfra, free_ports


def ready_app(kafka: str, mongodb_url: str) -> FastAPI:
    """The shell every service runs in, with the store check cases and notify add."""
    settings = ServiceSettings(
        netra_env="test", kafka_bootstrap_servers=kafka, ready_check_timeout_s=2.0
    )
    client = make_client(mongodb_url, write_concern="auto")
    store = ReadinessCheck("store", lambda: ping(client, timeout_s=2.0))
    return service_app(
        start_runtime(settings, service="readiness"), title="t", ready_checks=(store,)
    )


def ready_once_kafka_is_up(client: TestClient, within_s: float = 60.0) -> tuple[int, Any]:
    """The first /ready answer after the broker connected (it connects in the background)."""
    deadline = time.monotonic() + within_s
    while True:
        response = client.get("/ready")
        body = response.json()
        if body.get("checks", {}).get("kafka") == "up":
            return response.status_code, body
        assert time.monotonic() < deadline, f"Kafka never up for /ready: {body}"
        time.sleep(0.5)


def test_ready_while_kafka_and_the_store_answer(infra: SessionInfra) -> None:
    with TestClient(ready_app(infra.kafka_bootstrap, infra.mongodb_url)) as client:
        status, body = ready_once_kafka_is_up(client)
    assert status == 200
    assert body == {"status": "ready", "checks": {"kafka": "up", "store": "up"}}


def test_not_ready_naming_the_store_when_none_listens(infra: SessionInfra) -> None:
    (port,) = free_ports(1)
    with TestClient(ready_app(infra.kafka_bootstrap, f"mongodb://127.0.0.1:{port}/")) as client:
        status, body = ready_once_kafka_is_up(client)
    assert status == 503
    assert body["down"] == ["store"] and body["detail"] == "unavailable: store"
