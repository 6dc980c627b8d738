"""`/ready` asks every named check at once, each within its timeout: a check that says
no, raises or hangs is down, and the 503 names exactly those."""

from __future__ import annotations

import asyncio
import time

from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client import CollectorRegistry

from services.common.http import ReadinessCheck, ops_router


async def up() -> bool:
    return True


async def says_no() -> bool:
    return False


async def raises() -> bool:
    raise ConnectionError("refused")


async def hangs() -> bool:
    await asyncio.sleep(60)
    return True


def ready(*checks: ReadinessCheck) -> TestClient:
    app = FastAPI()
    app.include_router(
        ops_router(
            registry=CollectorRegistry(), checks=checks, check_timeout_s=0.2, background=list
        )
    )
    return TestClient(app)


def test_all_up_is_200_listing_each_check() -> None:
    response = ready(ReadinessCheck("kafka", up), ReadinessCheck("store", up)).get("/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"kafka": "up", "store": "up"}}


def test_the_503_names_every_check_that_is_down_within_one_timeout() -> None:
    client = ready(
        ReadinessCheck("kafka", hangs),
        ReadinessCheck("store", raises),
        ReadinessCheck("spool", says_no),
        ReadinessCheck("relay", up),
    )
    started = time.monotonic()
    response = client.get("/ready")
    assert time.monotonic() - started < 5  # the checks run together, the hang is cut short
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["down"] == ["kafka", "store", "spool"]
    assert body["detail"] == "unavailable: kafka, store, spool"
    assert body["checks"]["relay"] == "up"
