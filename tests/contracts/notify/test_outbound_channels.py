"""Contract of `OutboundChannel`: the fake and each real channel behave alike.

Real sides: email against the dev mail sink, the Standard Webhooks channel against an
HTTP receiver that verifies every signature, SMS against the gateway simulator (all
started here: tests/channel_sinks.py). What the delivery worker relies on: one attempt
per send; delivered once under its notification id (which the receiver can dedupe by);
a refusal or an unreachable endpoint is an outcome whose `retryable` says whether another
attempt can help, never an exception.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass

import pytest

from deploy.local.gateway_simulator import SimulatorConfig
from services.common.clock import SystemClock
from services.notify.adapters.email import EmailChannel, SmtpServer
from services.notify.adapters.gateway import GatewayChannel
from services.notify.adapters.http_pool import HttpPool
from services.notify.adapters.secret_files import SecretFiles
from services.notify.adapters.signed_webhook import StandardWebhookChannel
from services.notify.adapters.smtp_sessions import SmtpSessions
from services.notify.domain.plans import Addressee, ChannelName, Message
from services.notify.service_layer.delivery_ports import OutboundChannel
from services.notify.service_layer.receipts import SentMessages
from tests.channel_sinks import running_gateway, running_mail_sink, running_webhook_receiver
from tests.fakes.notify_channels import RecordingOutboundChannel
from tests.infra import SessionInfra, free_ports

MESSAGE = Message(
    subject="[Netra] Kasus baru CASE-1: politik uang",
    text="Kepada Bawaslu Lampung,\n\nKasus baru CASE-1 diteruskan kepada Anda.",
    html="<p>Kasus baru CASE-1 diteruskan kepada Anda.</p>",
    data={"case_id": "CASE-1", "text": "Kasus baru CASE-1"},
)
TOKEN = "contract-gateway-token"
WEBHOOK_SECRET = "whsec_Y29udHJhY3Qtc2VjcmV0LW9mLWJhd2FzbHUtbGFtcHVuZw=="
KINDS = ["email", "webhook", "sms"]


@dataclass
class Subject:
    channel: OutboundChannel
    addressee: Addressee
    unusable: Addressee  # an address no attempt can deliver to
    arrived: Callable[[], list[str]]  # the notification ids the far side took
    refuse_next: Callable[[bool], None]  # True: a transient refusal, False: a permanent one
    take_down: Callable[[], None]


def addressee(kind: str, target: str) -> Addressee:
    channel = {"email": ChannelName.EMAIL, "webhook": ChannelName.WEBHOOK, "sms": ChannelName.SMS}
    secret_ref = "bawaslu-lampung" if kind == "webhook" else None
    return Addressee("bawaslu-lampung", "Bawaslu Lampung", channel[kind], target, "id", secret_ref)


def fake_subject(kind: str) -> Subject:
    fake = RecordingOutboundChannel(valid_marker="valid")
    return Subject(
        fake,
        addressee(kind, "valid-target"),
        addressee(kind, "nowhere"),
        lambda: [sent.notification_id for sent in fake.sent],
        fake.refuse_next.append,
        lambda: setattr(fake, "down", True),
    )


@contextlib.contextmanager
def email_subject() -> Iterator[Subject]:
    with running_mail_sink() as sink:
        server = SmtpServer("127.0.0.1", sink.port, "notifikasi@netra.test", 5, False, None, None)

        def take_down() -> None:
            server_down = SmtpServer(
                "127.0.0.1", free_ports(1)[0], server.sender, 5, False, None, None
            )
            channel.server = server_down

        def refuse(transient: bool) -> None:
            sink.state.refuse_next.append(
                "451 4.3.0 try later" if transient else "554 5.7.1 rejected"
            )

        channel = EmailChannel(
            server=server, clock=SystemClock(), sessions=SmtpSessions(messages_per_connection=50)
        )
        sink.state.unknown.add("nobody@bawaslu.test")
        yield Subject(
            channel,
            addressee("email", "lampung@bawaslu.test"),
            addressee("email", "nobody@bawaslu.test"),
            lambda: [str(m["Message-ID"]).split("@")[0].lstrip("<") for m in sink.received()],
            refuse,
            take_down,
        )


@contextlib.asynccontextmanager
async def opened_pool() -> AsyncIterator[HttpPool]:
    pool = HttpPool(timeout_s=2, max_connections=4)
    await pool.open()
    try:
        yield pool
    finally:
        await pool.close()


@contextlib.asynccontextmanager
async def webhook_subject(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Subject]:
    secrets_dir = tmp_path_factory.mktemp("webhook-secrets")
    (secrets_dir / "bawaslu-lampung").write_text(WEBHOOK_SECRET)
    secrets = SecretFiles(directory=secrets_dir, development=False)
    with running_webhook_receiver({"bawaslu-lampung": WEBHOOK_SECRET}) as endpoint:
        async with opened_pool() as pool:
            channel = StandardWebhookChannel(pool=pool, secrets=secrets, clock=SystemClock())
            yield Subject(
                channel,
                addressee("webhook", endpoint.url("bawaslu-lampung")),
                addressee("webhook", "ftp://bawaslu.test/hook"),
                lambda: [hook.webhook_id for hook in endpoint.received],
                lambda transient: endpoint.fail_next.append(503 if transient else 410),
                endpoint.stop,
            )


@contextlib.asynccontextmanager
async def sms_subject() -> AsyncIterator[Subject]:
    config = SimulatorConfig(
        token=TOKEN, callback_secret="unused", receipts_url=None, inbound_url=None
    )
    with running_gateway(config) as gateway:
        async with opened_pool() as pool:
            channel = GatewayChannel(
                pool=pool,
                base_url=gateway.base_url,
                token=TOKEN,
                max_sms_segments=2,
                sent=SentMessages(100),
            )

            def refuse(transient: bool) -> None:
                def order() -> None:
                    gateway.simulator.faults.status = 503 if transient else 403
                    gateway.simulator.faults.times = 1

                gateway.call(order)

            def take_down() -> None:
                channel.url = f"http://127.0.0.1:{free_ports(1)[0]}/v1/messages"

            yield Subject(
                channel,
                addressee("sms", "+6281234567890"),
                addressee("sms", "0812-not-e164"),
                lambda: [a.request.reference for a in gateway.simulator.accepted],
                refuse,
                take_down,
            )


@pytest.fixture(params=KINDS)
async def subject(
    request: pytest.FixtureRequest,
    real_infra: SessionInfra | None,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Subject]:
    kind = str(request.param)
    if real_infra is None:
        yield fake_subject(kind)
        return
    if kind == "email":
        with email_subject() as real:
            yield real
    elif kind == "webhook":
        async with webhook_subject(tmp_path_factory) as real:
            yield real
    else:
        async with sms_subject() as real:
            yield real


NID = "NTF-" + "A" * 32


async def test_a_send_arrives_once_under_its_notification_id(subject: Subject) -> None:
    outcome = await subject.channel.send(
        addressee=subject.addressee, notification_id=NID, message=MESSAGE
    )
    assert (outcome.delivered, outcome.retryable) == (True, False)
    assert subject.arrived() == [NID]


async def test_a_resend_of_the_same_id_reaches_the_receiver_under_the_same_id(
    subject: Subject,
) -> None:
    for _ in range(2):
        outcome = await subject.channel.send(
            addressee=subject.addressee, notification_id=NID, message=MESSAGE
        )
        assert outcome.delivered
    assert set(subject.arrived()) == {NID}  # what the receiver dedupes by


async def test_a_transient_refusal_is_retryable_and_the_next_attempt_delivers(
    subject: Subject,
) -> None:
    subject.refuse_next(True)
    first = await subject.channel.send(
        addressee=subject.addressee, notification_id=NID, message=MESSAGE
    )
    assert (first.delivered, first.retryable) == (False, True) and first.detail
    assert subject.arrived() == []
    second = await subject.channel.send(
        addressee=subject.addressee, notification_id=NID, message=MESSAGE
    )
    assert second.delivered and subject.arrived() == [NID]


async def test_a_permanent_refusal_is_not_retryable(subject: Subject) -> None:
    subject.refuse_next(False)
    outcome = await subject.channel.send(
        addressee=subject.addressee, notification_id=NID, message=MESSAGE
    )
    assert (outcome.delivered, outcome.retryable) == (False, False) and outcome.detail
    assert subject.arrived() == []


async def test_an_address_no_attempt_can_reach_is_refused_for_good(subject: Subject) -> None:
    outcome = await subject.channel.send(
        addressee=subject.unusable, notification_id=NID, message=MESSAGE
    )
    assert (outcome.delivered, outcome.retryable) == (False, False) and outcome.detail
    assert subject.arrived() == []


async def test_an_unreachable_endpoint_is_a_retryable_outcome_not_an_exception(
    subject: Subject,
) -> None:
    subject.take_down()
    outcome = await subject.channel.send(
        addressee=subject.addressee, notification_id=NID, message=MESSAGE
    )
    assert (outcome.delivered, outcome.retryable) == (False, True) and outcome.detail
    assert subject.arrived() == []
