"""Signed webhook delivery against a real loopback HTTP server: retries, back-off, give-up."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from services.notify.adapters.webhook import WebhookChannel
from services.notify.domain.signing import verify
from tests.e2e.webhook_receiver import WebhookReceiver, start_receiver

pytestmark = pytest.mark.unit
SECRET = "unit-secret"


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    server = start_receiver()
    yield server
    server.server.shutdown()


async def send(receiver: WebhookReceiver, *, attempts: int = 4, target: str | None = None):  # type: ignore[no-untyped-def]
    async with httpx.AsyncClient(timeout=2) as client:
        channel = WebhookChannel(
            client=client, secret=SECRET, max_attempts=attempts, backoff_base_s=0.01
        )
        return await channel.send(
            target=target or f"{receiver.base_url}/hooks/bawaslu",
            notification_id="NTF-UNIT",
            body={"case_id": "CASE-1", "message": {"id": "Kasus baru", "en": "New case"}},
        )


async def test_transient_failures_are_retried_then_delivered_once(
    receiver: WebhookReceiver,
) -> None:
    receiver.fail_next = 2
    result = await send(receiver)
    assert result.delivered and result.attempts == 3
    [hook] = receiver.received
    assert hook.headers["Netra-Webhook-Id"] == "NTF-UNIT"
    assert verify(
        secret=SECRET,
        webhook_id="NTF-UNIT",
        timestamp=int(hook.headers["Netra-Webhook-Timestamp"]),
        body=hook.body,
        header=hook.headers["Netra-Webhook-Signature"],
    )
    assert hook.json()["message"]["id"] == "Kasus baru"


async def test_gives_up_after_the_last_attempt(receiver: WebhookReceiver) -> None:
    receiver.fail_next = 10
    result = await send(receiver, attempts=3)
    assert not result.delivered and result.attempts == 3 and result.detail == "HTTP 503"
    assert receiver.received == []


async def test_unreachable_endpoint_is_reported_not_raised() -> None:
    async with httpx.AsyncClient(timeout=0.5) as client:
        channel = WebhookChannel(client=client, secret=SECRET, max_attempts=2, backoff_base_s=0.01)
        result = await channel.send(target="http://127.0.0.1:1/x", notification_id="N", body={})
    assert not result.delivered and result.attempts == 2 and "ConnectError" in result.detail
