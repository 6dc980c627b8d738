"""End-to-end fixtures: the four services as real processes, and real servers on the far
side of notify's channels: a Standard Webhooks receiver, the dev mail sink (SMTP) and
the SMS/WhatsApp gateway simulator (tests/channel_sinks.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from deploy.local import stack
from deploy.local.gateway_simulator import SimulatorConfig
from deploy.local.mail_sink import MailSink
from tests.channel_sinks import RunningGateway, running_gateway, running_mail_sink
from tests.e2e.lifecycle_support import short_clarification_rules
from tests.e2e.webhook_receiver import WebhookReceiver, start_receiver
from tests.infra import SessionInfra, running_services

FEED_SOURCE = "bawaslu-sigaplapor"
FEED_TOKEN = "e2e-feed-token-of-sigaplapor-000"
GATEWAY_TOKEN = "e2e-gateway-token-0123456789abcdef"
GATEWAY_CALLBACK_SECRET = "e2e-gateway-callback-secret-0123456789"


@pytest.fixture(scope="session")
def webhooks(infra: SessionInfra) -> Iterator[WebhookReceiver]:
    receiver = start_receiver(Path(infra.env["NOTIFY_WEBHOOK_SECRETS_DIR"]))
    yield receiver
    receiver.server.shutdown()


@pytest.fixture(scope="session")
def mail() -> Iterator[MailSink]:
    with running_mail_sink() as sink:
        yield sink


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


# The e2e package's services stop when it ends: later packages (tests/faults) start their
# own on the same broker, and a notify left running would share their consumer group.
@pytest.fixture(scope="package")
def services(
    infra: SessionInfra,
    webhooks: WebhookReceiver,
    mail: MailSink,
    gateway: RunningGateway,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, str]]:
    env = dict(infra.env)
    rules = short_clarification_rules(tmp_path_factory.mktemp("deadlines"))
    cases_port = env[stack.SERVICE_PORTS["cases"][0]]
    env.update(
        NOTIFY_SINK_BASE_URL=webhooks.sink_url,
        SMTP_PORT=str(mail.port),
        GATEWAY_BASE_URL=gateway.base_url,
        GATEWAY_TOKEN=GATEWAY_TOKEN,
        GATEWAY_CALLBACK_SECRET=GATEWAY_CALLBACK_SECRET,
        STATUS_BASE_URL=f"http://127.0.0.1:{cases_port}",
        NOTIFY_RETRY_FIRST_DELAY_S="0.2",
        CONSUMER_RETRY_BACKOFF_S="0.2",
        FEED_TOKENS=f"{FEED_SOURCE}:{FEED_TOKEN}",
        # SMS reports are filed 1 s after their sender's last part, not 90 s.
        INBOUND_JOIN_QUIET_S="1",
        INBOUND_CHECK_INTERVAL_S="0.2",
        # The lifecycle test lets a clarification deadline of seconds pass.
        DEADLINE_RULES_FILE=str(rules),
        DEADLINE_SCAN_INTERVAL_S="1",
    )
    yield from running_services(env)
