"""Contract of `Channel`: the recording fake and the webhook adapter behave alike.

The real side posts to a small HTTP receiver this test starts (tests/e2e/webhook_receiver.py).
What notifying relies on: a send arrives once, under its notification id and with its body;
transient failures (a 5xx) are retried up to the attempt limit; past it, or when the
endpoint is unreachable, the channel gives up and says so in its result, never raising.
Then the webhook's own promise: every request is signed (Standard Webhooks headers).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from services.notify.adapters.webhook import WebhookChannel, WebhookSession
from services.notify.domain.signing import verify
from services.notify.service_layer.ports import Channel
from tests.e2e.webhook_receiver import WebhookReceiver, start_receiver
from tests.fakes.clock import FakeClock
from tests.fakes.notify import RecordingChannel, Sent
from tests.infra import SessionInfra

MAX_ATTEMPTS = 3
SECRET = "contract-secret"
WHEN = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
BODY = {"case_id": "CASE-1", "message": {"id": "Kasus baru", "en": "New case"}}


@dataclass
class Subject:
    channel: Channel
    target: str
    arrived: Callable[[], list[Sent]]
    fail_next: Callable[[int], None]
    take_down: Callable[[], None]


class RunningReceiver:
    """The receiver, stoppable once by a test and again (harmlessly) at teardown."""

    def __init__(self) -> None:
        self.receiver: WebhookReceiver = start_receiver()
        self.running = True

    def stop(self) -> None:
        if self.running:
            self.running = False
            self.receiver.server.shutdown()
            self.receiver.server.server_close()

    def arrived(self) -> list[Sent]:
        base = self.receiver.base_url
        with self.receiver.lock:
            hooks = list(self.receiver.received)
        return [Sent(base + h.path, h.headers["Netra-Webhook-Id"], h.json()) for h in hooks]


@pytest.fixture
async def subject(real_infra: SessionInfra | None) -> AsyncIterator[Subject]:
    if real_infra is None:
        fake = RecordingChannel(max_attempts=MAX_ATTEMPTS)

        def fail_fake(n: int) -> None:
            fake.fail_next = n

        def down_fake() -> None:
            fake.down = True

        yield Subject(fake, "https://b.example/hook", lambda: fake.sent, fail_fake, down_fake)
        return
    running = RunningReceiver()

    def fail_real(n: int) -> None:
        running.receiver.fail_next = n

    try:
        async with opened_session() as client:
            channel = webhook_channel(client)
            target = f"{running.receiver.base_url}/hooks/bawaslu"
            yield Subject(channel, target, running.arrived, fail_real, running.stop)
    finally:
        running.stop()


@contextlib.asynccontextmanager
async def opened_session() -> AsyncIterator[WebhookSession]:
    session = WebhookSession(timeout_s=2, max_connections=4)
    await session.open()
    try:
        yield session
    finally:
        await session.close()


def webhook_channel(client: WebhookSession) -> WebhookChannel:
    return WebhookChannel(
        client=client,
        secret=SECRET,
        clock=FakeClock(WHEN),
        max_attempts=MAX_ATTEMPTS,
        backoff_base_s=0.01,
    )


async def test_a_send_arrives_once_with_its_id_and_body(subject: Subject) -> None:
    result = await subject.channel.send(target=subject.target, notification_id="NTF-1", body=BODY)
    assert (result.delivered, result.attempts) == (True, 1)
    assert subject.arrived() == [Sent(subject.target, "NTF-1", BODY)]


async def test_transient_failures_are_retried_then_delivered_once(subject: Subject) -> None:
    subject.fail_next(MAX_ATTEMPTS - 1)
    result = await subject.channel.send(target=subject.target, notification_id="NTF-1", body=BODY)
    assert (result.delivered, result.attempts) == (True, MAX_ATTEMPTS)
    assert subject.arrived() == [Sent(subject.target, "NTF-1", BODY)]


async def test_the_channel_gives_up_after_the_last_attempt(subject: Subject) -> None:
    subject.fail_next(MAX_ATTEMPTS + 5)
    result = await subject.channel.send(target=subject.target, notification_id="NTF-1", body=BODY)
    assert (result.delivered, result.attempts) == (False, MAX_ATTEMPTS)
    assert result.detail
    assert subject.arrived() == []


async def test_an_unreachable_endpoint_is_a_result_not_an_exception(subject: Subject) -> None:
    subject.take_down()
    result = await subject.channel.send(target=subject.target, notification_id="NTF-1", body=BODY)
    assert (result.delivered, result.attempts) == (False, MAX_ATTEMPTS)
    assert result.detail
    assert subject.arrived() == []


# The webhook's own promises below need only a loopback server, no session infrastructure.


@pytest.fixture
def receiver() -> Iterator[RunningReceiver]:
    running = RunningReceiver()
    yield running
    running.stop()


async def test_every_webhook_is_signed_with_the_secret_and_the_clock(
    receiver: RunningReceiver,
) -> None:
    async with opened_session() as client:
        await webhook_channel(client).send(
            target=f"{receiver.receiver.base_url}/hooks/b", notification_id="NTF-1", body=BODY
        )
    [hook] = receiver.receiver.received
    assert hook.headers["Netra-Webhook-Id"] == "NTF-1"
    assert hook.headers["Netra-Webhook-Timestamp"] == str(int(WHEN.timestamp()))
    assert verify(
        secret=SECRET,
        webhook_id="NTF-1",
        timestamp=int(WHEN.timestamp()),
        body=hook.body,
        header=hook.headers["Netra-Webhook-Signature"],
    )
    assert not verify(
        secret="another-secret",
        webhook_id="NTF-1",
        timestamp=int(WHEN.timestamp()),
        body=hook.body,
        header=hook.headers["Netra-Webhook-Signature"],
    )


async def test_the_attempt_that_gets_through_after_a_5xx_is_signed_too(
    receiver: RunningReceiver,
) -> None:
    receiver.receiver.fail_next = 1
    async with opened_session() as client:
        result = await webhook_channel(client).send(
            target=f"{receiver.receiver.base_url}/hooks/b", notification_id="NTF-2", body=BODY
        )
    assert (result.delivered, result.attempts, result.detail) == (True, 2, "HTTP 204")
    [hook] = receiver.receiver.received
    assert verify(
        secret=SECRET,
        webhook_id="NTF-2",
        timestamp=int(hook.headers["Netra-Webhook-Timestamp"]),
        body=hook.body,
        header=hook.headers["Netra-Webhook-Signature"],
    )
