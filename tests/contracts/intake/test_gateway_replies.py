"""Contract of `GatewayReplies`: the fake and the HTTP client against the gateway simulator.

The simulator is a real HTTP server in a thread (tests/channel_sinks.py): no session
infrastructure, so both parameters run in every contracts session.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import pytest

from deploy.local.gateway_simulator import SimulatorConfig
from services.intake.adapters.gateway_replies import HttpGatewayReplies
from services.intake.service_layer.inbound_ports import GatewayReplies, ReplyNotSent
from tests.channel_sinks import running_gateway
from tests.fakes.intake_inbound import FakeGatewayReplies
from tests.infra import free_ports

TOKEN = "contract-gateway-token"
NUMBER = "+6281234567890"


@dataclass
class Subject:
    replies: GatewayReplies
    accepted: Callable[[], list[tuple[str, str]]]  # (reference, text) the gateway took
    take_down: Callable[[], None]


@pytest.fixture(params=["fake", "real"])
async def subject(request: pytest.FixtureRequest) -> AsyncIterator[Subject]:
    if request.param == "fake":
        fake = FakeGatewayReplies()

        def down() -> None:
            fake.down = True

        yield Subject(fake, lambda: [(r.reference, r.text) for r in fake.sent], down)
        return
    config = SimulatorConfig(
        token=TOKEN, callback_secret="unused", receipts_url=None, inbound_url=None
    )
    with running_gateway(config) as gateway:
        real = HttpGatewayReplies(
            base_url=gateway.base_url, token=TOKEN, timeout_s=5, max_sms_segments=2
        )

        def unreachable() -> None:
            real.url = f"http://127.0.0.1:{free_ports(1)[0]}/v1/messages"

        yield Subject(
            real,
            lambda: [(a.request.reference, a.request.text) for a in gateway.simulator.accepted],
            unreachable,
        )


async def test_a_reply_reaches_the_gateway_once_per_reference(subject: Subject) -> None:
    for _ in range(2):  # the second time: an attempt whose answer was lost
        await subject.replies.send(
            channel="sms", to=NUMBER, text="Bawaslu: kode NTR-1", reference="RPL-1"
        )
    await subject.replies.send(channel="whatsapp", to=NUMBER, text="x" * 5000, reference="CEK-2")
    [(first, text), (second, _)] = subject.accepted()
    assert (first, text, second) == ("RPL-1", "Bawaslu: kode NTR-1", "CEK-2")


async def test_a_gateway_away_is_reply_not_sent(subject: Subject) -> None:
    subject.take_down()
    with pytest.raises(ReplyNotSent):
        await subject.replies.send(channel="sms", to=NUMBER, text="halo", reference="RPL-3")
