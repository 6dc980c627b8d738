"""End-to-end fixtures: the four services as real processes, webhooks to a real server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from deploy.local import stack
from tests.e2e.webhook_receiver import WebhookReceiver, start_receiver
from tests.infra import SessionInfra, running_services

WEBHOOK_SECRET = "e2e-webhook-secret"
FEED_SOURCE = "bawaslu-sigaplapor"
FEED_TOKEN = "e2e-feed-token-of-sigaplapor-000"


@pytest.fixture(scope="session")
def webhooks() -> Iterator[WebhookReceiver]:
    receiver = start_receiver()
    yield receiver
    receiver.server.shutdown()


@pytest.fixture(scope="session")
def services(infra: SessionInfra, webhooks: WebhookReceiver) -> Iterator[dict[str, str]]:
    env = dict(infra.env)
    cases_port = env[stack.SERVICE_PORTS["cases"][0]]
    env.update(
        NOTIFY_SINK_BASE_URL=f"{webhooks.base_url}/hooks",
        NETRA_WEBHOOK_SECRET=WEBHOOK_SECRET,
        STATUS_BASE_URL=f"http://127.0.0.1:{cases_port}",
        NOTIFY_RETRY_FIRST_DELAY_S="0.2",
        CONSUMER_RETRY_BACKOFF_S="0.2",
        FEED_TOKENS=f"{FEED_SOURCE}:{FEED_TOKEN}",
    )
    yield from running_services(env)
