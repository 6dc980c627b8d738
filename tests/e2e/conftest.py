"""End-to-end fixtures: the four services as real processes, webhooks to a real server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from deploy.local import stack
from deploy.local.gateway_simulator import SimulatorConfig
from tests.channel_sinks import RunningGateway, running_gateway
from tests.e2e.webhook_receiver import WebhookReceiver, start_receiver
from tests.infra import SessionInfra, running_services

WEBHOOK_SECRET = "e2e-webhook-secret"
FEED_SOURCE = "bawaslu-sigaplapor"
FEED_TOKEN = "e2e-feed-token-of-sigaplapor-000"

GATEWAY_TOKEN = "e2e-gateway-token"
GATEWAY_CALLBACK_SECRET = "e2e-gateway-callback-secret"


@pytest.fixture(scope="session")
def webhooks() -> Iterator[WebhookReceiver]:
    receiver = start_receiver()
    yield receiver
    receiver.server.shutdown()


@pytest.fixture(scope="session")
def gateway(infra: SessionInfra) -> Iterator[RunningGateway]:
    """The SMS/WhatsApp gateway simulator, calling the session's intake and notify."""
    intake_port = infra.env[stack.SERVICE_PORTS["intake"][0]]
    notify_port = infra.env[stack.SERVICE_PORTS["notify"][0]]
    config = SimulatorConfig(
        token=GATEWAY_TOKEN,
        callback_secret=GATEWAY_CALLBACK_SECRET,
        receipts_url=f"http://127.0.0.1:{notify_port}/v1/gateway/receipts",
        inbound_url=f"http://127.0.0.1:{intake_port}/v1/gateway/inbound",
    )
    with running_gateway(config) as running:
        yield running


@pytest.fixture(scope="session")
def services(
    infra: SessionInfra, webhooks: WebhookReceiver, gateway: RunningGateway
) -> Iterator[dict[str, str]]:
    env = dict(infra.env)
    cases_port = env[stack.SERVICE_PORTS["cases"][0]]
    env.update(
        NOTIFY_SINK_BASE_URL=f"{webhooks.base_url}/hooks",
        NETRA_WEBHOOK_SECRET=WEBHOOK_SECRET,
        STATUS_BASE_URL=f"http://127.0.0.1:{cases_port}",
        NOTIFY_RETRY_FIRST_DELAY_S="0.2",
        CONSUMER_RETRY_BACKOFF_S="0.2",
        FEED_TOKENS=f"{FEED_SOURCE}:{FEED_TOKEN}",
        GATEWAY_BASE_URL=gateway.base_url,
        GATEWAY_TOKEN=GATEWAY_TOKEN,
        GATEWAY_CALLBACK_SECRET=GATEWAY_CALLBACK_SECRET,
        # SMS reports are filed 1 s after their sender's last part, not 90 s.
        INBOUND_JOIN_QUIET_S="1",
        INBOUND_CHECK_INTERVAL_S="0.2",
    )
    yield from running_services(env)
