"""What each real channel promises beyond the shared contract (loopback servers, no infra).

Email: text and HTML alternatives, a Message-ID made from the notification id, the
subject in UTF-8. Webhook: signed with the recipient's own secret (another recipient's
does not verify), no secret means no send, a stalled endpoint costs one bounded attempt.
Gateway: an SMS never exceeds its segment limit (a WhatsApp's SMS fallback neither), the
simulator's signed receipt is matched to the notification at notify's receipt route and
names the channel that reached the handset, and its signed inbound messages
parse as the protocol says (what intake receives, issue 12).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path

import aiohttp
import uvicorn
from fastapi import FastAPI

from deploy.local.gateway_simulator import SimulatorConfig
from schemas.gateway import InboundMessage
from services.common.clock import SystemClock
from services.common.problem import install_problem_handlers
from services.notify.adapters.email import EmailChannel, SmtpServer
from services.notify.adapters.gateway import GatewayChannel
from services.notify.adapters.http_pool import HttpPool
from services.notify.adapters.secret_files import SecretFiles
from services.notify.adapters.signed_webhook import StandardWebhookChannel
from services.notify.adapters.smtp_sessions import SmtpSessions
from services.notify.domain.plans import Addressee, ChannelName, Message
from services.notify.entrypoints.receipts import receipts_router
from services.notify.service_layer.receipts import Receipts, SentMessages
from tests.channel_sinks import (
    RunningGateway,
    running_gateway,
    running_mail_sink,
    running_webhook_receiver,
)
from tests.e2e.helpers import wait_for
from tests.fakes.notify import InMemoryReceipts
from tests.infra import free_ports

NID = "NTF-0123456789ABCDEF0123456789ABCDEF"
MESSAGE = Message(
    subject="[Netra] Tenggat kasus CASE-9 terlewat — pengingat",
    text="Kepada Bawaslu Lampung,\n\nTenggat kasus CASE-9 telah lewat.",
    html="<p>Tenggat kasus CASE-9 telah lewat.</p>",
    data={"case_id": "CASE-9"},
)


def to(channel: ChannelName, target: str, secret_ref: str | None = None) -> Addressee:
    return Addressee("r-1", "Bawaslu Lampung", channel, target, "id", secret_ref)


async def test_an_email_has_text_and_html_and_a_message_id_from_the_notification() -> None:
    with running_mail_sink() as sink:
        server = SmtpServer("127.0.0.1", sink.port, "notifikasi@netra.test", 5, False, None, None)
        outcome = await EmailChannel(
            server=server, clock=SystemClock(), sessions=SmtpSessions(messages_per_connection=50)
        ).send(
            addressee=to(ChannelName.EMAIL, "lampung@bawaslu.test"),
            notification_id=NID,
            message=MESSAGE,
        )
        [mail] = sink.received()
    assert outcome.delivered and outcome.provider_id == f"<{NID}@netra.test>"
    assert mail["Message-ID"] == f"<{NID}@netra.test>"
    assert (mail["To"], mail["From"]) == ("lampung@bawaslu.test", "notifikasi@netra.test")
    assert mail["Subject"] == MESSAGE.subject  # the em dash survives the encoding
    assert mail.get_content_type() == "multipart/alternative"
    assert mail["Content-Language"] == "id"  # on the message, not only its text part
    plain, html = mail.get_body(("plain",)), mail.get_body(("html",))
    assert plain is not None and "Tenggat kasus CASE-9 telah lewat." in plain.get_content()
    assert html is not None and "<p>Tenggat kasus CASE-9" in html.get_content()


async def test_a_refusal_that_echoes_the_address_does_not_carry_it_on() -> None:
    with running_mail_sink() as sink:
        sink.state.refuse_next.append("554 5.7.1 <lampung@bawaslu.test> rejected by policy")
        server = SmtpServer("127.0.0.1", sink.port, "notifikasi@netra.test", 5, False, None, None)
        outcome = await EmailChannel(
            server=server, clock=SystemClock(), sessions=SmtpSessions(messages_per_connection=50)
        ).send(
            addressee=to(ChannelName.EMAIL, "lampung@bawaslu.test"),
            notification_id=NID,
            message=MESSAGE,
        )
    assert (outcome.delivered, outcome.retryable) == (False, False)
    assert outcome.detail == "SMTP 554: 5.7.1 <<recipient>> rejected by policy"


async def test_a_webhook_verifies_with_its_recipients_secret_only(tmp_path: Path) -> None:
    (tmp_path / "bkn-kanreg-5").write_text("whsec_a2FucmVnLTUtc2VjcmV0LWZvci10ZXN0cw==")
    (tmp_path / "gakkumdu-18").write_text("whsec_Z2Fra3VtZHUtMTgtc2VjcmV0LWZvci10ZXN0cw==")
    secrets = SecretFiles(directory=tmp_path, development=False)
    # The receiver knows bkn-kanreg-5's secret under both names: gakkumdu-18's call,
    # signed with gakkumdu-18's own secret, must not verify with it.
    known = {
        "bkn-kanreg-5": secrets.secret("bkn-kanreg-5"),
        "gakkumdu-18": secrets.secret("bkn-kanreg-5"),
    }
    pool = HttpPool(timeout_s=2, max_connections=2)
    await pool.open()
    try:
        with running_webhook_receiver(known) as endpoint:
            channel = StandardWebhookChannel(pool=pool, secrets=secrets, clock=SystemClock())
            good = await channel.send(
                addressee=to(ChannelName.WEBHOOK, endpoint.url("bkn-kanreg-5"), "bkn-kanreg-5"),
                notification_id=NID,
                message=MESSAGE,
            )
            other = await channel.send(
                addressee=to(ChannelName.WEBHOOK, endpoint.url("gakkumdu-18"), "gakkumdu-18"),
                notification_id=NID,
                message=MESSAGE,
            )
            no_ref = await channel.send(
                addressee=to(ChannelName.WEBHOOK, endpoint.url("x")),
                notification_id=NID,
                message=MESSAGE,
            )
            no_file = await channel.send(
                addressee=to(ChannelName.WEBHOOK, endpoint.url("x"), "missing-ref"),
                notification_id=NID,
                message=MESSAGE,
            )
    finally:
        await pool.close()
    assert good.delivered and [h.secret_ref for h in endpoint.received] == ["bkn-kanreg-5"]
    assert (other.delivered, other.retryable, other.detail) == (False, False, "HTTP 401")
    assert endpoint.refused == ["webhook-signature does not verify"]
    assert (no_ref.delivered, no_ref.retryable) == (False, False) and "secret_ref" in no_ref.detail
    # Ops can still put the file in place: later attempts may succeed.
    assert (no_file.delivered, no_file.retryable) == (
        False,
        True,
    ) and "missing-ref" in no_file.detail
    assert "whsec_" not in no_file.detail


async def test_a_stalled_endpoint_costs_one_bounded_attempt(tmp_path: Path) -> None:
    (tmp_path / "slow").write_text("slow-endpoint-secret")
    pool = HttpPool(timeout_s=0.5, max_connections=2)
    await pool.open()
    try:
        with running_webhook_receiver({"slow": "slow-endpoint-secret"}) as endpoint:
            endpoint.stall_s = 3
            channel = StandardWebhookChannel(
                pool=pool,
                secrets=SecretFiles(directory=tmp_path, development=False),
                clock=SystemClock(),
            )
            started = time.monotonic()
            outcome = await channel.send(
                addressee=to(ChannelName.WEBHOOK, endpoint.url("slow"), "slow"),
                notification_id=NID,
                message=MESSAGE,
            )
            took = time.monotonic() - started
    finally:
        await pool.close()
    assert (outcome.delivered, outcome.retryable) == (False, True)
    assert "Timeout" in outcome.detail and took < 1.5


async def test_a_long_sms_is_cut_to_its_segment_limit_and_whatsapp_is_not() -> None:
    config = SimulatorConfig(
        token="t0ken", callback_secret="unused", receipts_url=None, inbound_url=None
    )
    long_text = Message("s", "Kasus CASE-9 di Lampung: tenggat terlewat. " * 30, None, {})
    with running_gateway(config) as gateway:
        pool = HttpPool(timeout_s=2, max_connections=2)
        await pool.open()
        try:
            channel = GatewayChannel(
                pool=pool,
                base_url=gateway.base_url,
                token="t0ken",
                max_sms_segments=2,
                sent=SentMessages(10),
            )
            sms = await channel.send(
                addressee=to(ChannelName.SMS, "+6281234567890"),
                notification_id=NID,
                message=long_text,
            )
            whatsapp = await channel.send(
                addressee=to(ChannelName.WHATSAPP, "+6281234567890"),
                notification_id=NID + "W",
                message=long_text,
            )
            wrong_token = GatewayChannel(
                pool=pool,
                base_url=gateway.base_url,
                token="wrong",
                max_sms_segments=2,
                sent=SentMessages(10),
            )
            refused = await wrong_token.send(
                addressee=to(ChannelName.SMS, "+6281234567890"),
                notification_id=NID + "X",
                message=long_text,
            )
        finally:
            await pool.close()
        sms_request, whatsapp_request = (a.request for a in gateway.simulator.accepted)
    assert sms.delivered and sms.provider_id == "SIM-000001" and "2 segment(s)" in sms.detail
    assert (sms_request.encoding, sms_request.segments) == ("GSM-7", 2)
    assert len(sms_request.text) <= 306 and sms_request.text.endswith("...")
    assert whatsapp.delivered and whatsapp_request.text == long_text.text
    assert (refused.delivered, refused.retryable) == (False, False) and "401" in refused.detail


@contextlib.contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """`app` on a real uvicorn server in a thread: its base URL."""
    [port] = free_ports(1)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@contextlib.asynccontextmanager
async def receipts_round_trip(
    secret: str, *, max_sms_segments: int
) -> AsyncIterator[tuple[RunningGateway, GatewayChannel, InMemoryReceipts]]:
    """Notify's receipt route on a real server, the simulator calling it back, and a gateway
    channel sending through the simulator with the route's record of what was sent."""
    sent, recorder = SentMessages(10), InMemoryReceipts()
    app = FastAPI()
    install_problem_handlers(app)
    app.include_router(
        receipts_router(
            receipts=Receipts(sent=sent, recorder=recorder),
            callback_secret=secret,
            clock=SystemClock(),
        )
    )
    with serving(app) as notify:
        config = SimulatorConfig(
            token="t0ken",
            callback_secret=secret,
            receipts_url=f"{notify}/v1/gateway/receipts",
            inbound_url=None,
        )
        with running_gateway(config) as gateway:
            pool = HttpPool(timeout_s=2, max_connections=2)
            await pool.open()
            try:
                channel = GatewayChannel(
                    pool=pool,
                    base_url=gateway.base_url,
                    token="t0ken",
                    max_sms_segments=max_sms_segments,
                    sent=sent,
                )
                yield gateway, channel, recorder
            finally:
                await pool.close()


def wait_for_receipts(gateway: RunningGateway, count: int) -> None:
    # Both servers run on threads of their own: a blocking wait is fine here.
    wait_for(lambda: len(gateway.simulator.receipt_answers) == count, timeout=5, what="receipts")


async def test_the_simulators_signed_receipts_are_matched_at_notifys_route() -> None:
    secret = "whsec_Z2F0ZXdheS1yb3VuZC10cmlwLXNlY3JldA=="
    async with receipts_round_trip(secret, max_sms_segments=1) as (gateway, channel, recorder):
        gateway.call(lambda: gateway.simulator.faults.unreachable.add("+6289999999999"))
        for number, nid in (("+6281234567890", NID), ("+6289999999999", NID + "2")):
            outcome = await channel.send(
                addressee=to(ChannelName.SMS, number), notification_id=nid, message=MESSAGE
            )
            assert outcome.delivered
        wait_for_receipts(gateway, 2)
    assert gateway.simulator.receipt_answers == [204, 204]
    assert sorted((nid, r.status) for nid, r in recorder.received) == [
        (NID, "delivered"),
        (NID + "2", "failed"),
    ]


async def test_a_whatsapp_falls_back_to_its_sms_for_a_number_not_on_whatsapp() -> None:
    secret = "whsec_ZmFsbGJhY2stcm91bmQtdHJpcC1zZWNyZXQ="
    long_text = Message("s", "Laporan NTR-7Q2K-9XPA diregistrasi oleh Bawaslu. " * 10, None, {})
    on_whatsapp, feature_phone = "+6281234567890", "+6281355550000"
    with_fallback = replace(to(ChannelName.WHATSAPP, on_whatsapp), fallback=ChannelName.SMS)
    sends = [
        (with_fallback, NID + "A"),
        (replace(with_fallback, target=feature_phone), NID + "B"),
        (to(ChannelName.WHATSAPP, feature_phone), NID + "C"),  # no fallback
    ]
    async with receipts_round_trip(secret, max_sms_segments=2) as (gateway, channel, recorder):
        gateway.call(lambda: gateway.simulator.faults.no_whatsapp.add(feature_phone))
        for addressee, nid in sends:
            outcome = await channel.send(
                addressee=addressee, notification_id=nid, message=long_text
            )
            assert outcome.delivered, outcome.detail
        wait_for_receipts(gateway, 3)
    requests = [a.request for a in gateway.simulator.accepted]
    fell_back = [a.fell_back for a in gateway.simulator.accepted]
    # one request per message; the fallback SMS travels with the WhatsApp, fitted to 2 segments
    assert [r.channel for r in requests] == ["whatsapp"] * 3
    assert requests[0].text == long_text.text and requests[2].fallback is None
    fallback = requests[1].fallback
    assert fallback is not None and (fallback.encoding, fallback.segments) == ("GSM-7", 2)
    assert len(fallback.text) <= 306 and fallback.text.endswith("...")
    assert fell_back == [False, True, False]
    assert gateway.simulator.receipt_answers == [204, 204, 204]
    assert sorted((nid, r.status, r.channel) for nid, r in recorder.received) == [
        (NID + "A", "delivered", "whatsapp"),
        (NID + "B", "delivered", "sms"),
        (NID + "C", "failed", "whatsapp"),
    ]


async def test_the_simulators_inbound_message_is_signed_and_parses_as_the_protocol_says() -> None:
    """What intake's inbound route (issue 12) will receive from the gateway."""
    secret = "whsec_aW5ib3VuZC1jYWxsYmFjay1zZWNyZXQ="
    with running_webhook_receiver({"inbound": secret}) as intake:
        config = SimulatorConfig(
            token="t0ken",
            callback_secret=secret,
            receipts_url=None,
            inbound_url=intake.url("inbound"),
        )
        with running_gateway(config) as gateway:
            async with aiohttp.ClientSession() as client:
                order = {
                    "channel": "whatsapp",
                    "from": "+6281234567890",
                    "text": "CEK NTR-7Q2K-9XPA",
                }
                async with client.post(f"{gateway.base_url}/_sim/inbound", json=order) as answer:
                    told = await answer.json()
                async with client.post(
                    f"{gateway.base_url}/_sim/inbound", json={"from": "0812"}
                ) as bad:
                    refused = bad.status
    [hook] = intake.received
    message = InboundMessage.model_validate_json(hook.body)
    assert told["answer"] == 204 and message.message_id == told["message_id"]
    assert (message.channel, message.sender, message.text) == (
        "whatsapp",
        "+6281234567890",
        "CEK NTR-7Q2K-9XPA",
    )
    assert refused == 422 and intake.refused == []


async def test_a_mail_server_down_for_a_while_then_back_takes_the_retry() -> None:
    with running_mail_sink() as sink:
        server = SmtpServer("127.0.0.1", sink.port, "notifikasi@netra.test", 2, False, None, None)
        channel = EmailChannel(
            server=server, clock=SystemClock(), sessions=SmtpSessions(messages_per_connection=50)
        )
        address = to(ChannelName.EMAIL, "lampung@bawaslu.test")
        sink.stop()
        down = await channel.send(addressee=address, notification_id=NID, message=MESSAGE)
        sink.start()
        back = await channel.send(addressee=address, notification_id=NID, message=MESSAGE)
        [mail] = sink.received()
    assert (down.delivered, down.retryable) == (False, True) and "127.0.0.1" in down.detail
    assert back.delivered and mail["Message-ID"] == f"<{NID}@netra.test>"
