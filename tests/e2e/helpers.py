"""Small helpers for end-to-end tests: submit, poll, publish raw."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx
from aiokafka import AIOKafkaProducer


def submit(intake_url: str, report: dict[str, Any]) -> tuple[dict[str, Any], str]:
    response = httpx.post(f"{intake_url}/v1/reports", json=report, timeout=15)
    assert response.status_code == 202, response.text
    return response.json(), response.headers["X-Trace-Id"]


def wait_for(
    check: Callable[[], Any], *, timeout: float = 60.0, interval: float = 0.3, what: str = ""
) -> Any:
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}; last: {last!r}")


def status_when(
    cases_url: str, tracking_code: str, predicate: Callable[[dict[str, Any]], bool], what: str
) -> dict[str, Any]:
    def check() -> dict[str, Any] | None:
        response = httpx.get(f"{cases_url}/v1/status/{tracking_code}", timeout=10)
        if response.status_code != 200:
            return None
        body: dict[str, Any] = response.json()
        return body if predicate(body) else None

    result: dict[str, Any] = wait_for(check, what=what)
    return result


def actions(status: dict[str, Any]) -> list[str]:
    return [item["action"] for item in status.get("timeline", [])]


async def publish_raw(bootstrap: str, topic: str, value: bytes, key: bytes | None = None) -> int:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    try:
        metadata = await producer.send_and_wait(topic, value, key=key)
    finally:
        await producer.stop()
    return int(metadata.offset)
