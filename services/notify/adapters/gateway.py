"""SMS and WhatsApp through the HTTP gateway (docs/gateway-protocol.md): one POST per attempt.

The text is fitted to at most `max_sms_segments` segments before it leaves, so a long
template never turns into a bill of ten SMS; WhatsApp takes up to 4,096 characters, and a
WhatsApp whose addressee falls back to SMS carries that SMS too, fitted alike (the
request is built by services/common/gateway_send.py, shared with intake's replies). The
notification id goes as `reference` and `Idempotency-Key`, so a gateway that got an
attempt whose answer was lost does not send it twice. "Delivered" here means accepted by
the gateway; the handset's delivery comes later as a signed receipt (entrypoints/receipts.py),
matched by the `provider_id` this returns.
"""

from __future__ import annotations

import aiohttp
from pydantic import ValidationError

from schemas.gateway import E164, SendAccepted, SendRequest
from services.common.gateway_send import SEND_PATH, send_headers, send_request
from services.notify.adapters.http_outcome import outcome_of_failure, outcome_of_status
from services.notify.adapters.http_pool import HttpPool
from services.notify.domain.plans import Addressee, ChannelName, Message, SendOutcome
from services.notify.domain.scrub import scrubbed
from services.notify.service_layer.receipts import SentMessages


class GatewayChannel:
    def __init__(
        self,
        *,
        pool: HttpPool,
        base_url: str,
        token: str,
        max_sms_segments: int,
        sent: SentMessages,
    ) -> None:
        self.pool = pool
        self.url = base_url.rstrip("/") + SEND_PATH
        self.token = token
        self.max_sms_segments = max_sms_segments
        self.sent = sent

    def request_for(self, addressee: Addressee, notification_id: str, text: str) -> SendRequest:
        """The body to send; ValueError (a ValidationError) when the address cannot be one."""
        if addressee.channel not in (ChannelName.SMS, ChannelName.WHATSAPP):
            raise ValueError(f"the gateway carries sms and whatsapp, not {addressee.channel}")
        return send_request(
            channel="sms" if addressee.channel == ChannelName.SMS else "whatsapp",
            to=addressee.target,
            text=text,
            reference=notification_id,
            max_sms_segments=self.max_sms_segments,
            sms_fallback=(
                addressee.channel == ChannelName.WHATSAPP and addressee.fallback == ChannelName.SMS
            ),
        )

    async def send(
        self, *, addressee: Addressee, notification_id: str, message: Message
    ) -> SendOutcome:
        try:
            request = self.request_for(addressee, notification_id, message.text)
        except ValueError as exc:
            # A malformed number or an empty text: no later attempt can fix it.
            return SendOutcome(False, False, f"not sendable: {_reason(exc, addressee)}")
        headers = send_headers(token=self.token, idempotency_key=notification_id)
        self.sent.expect(notification_id)
        try:
            async with self.pool.session.post(
                self.url,
                data=request.model_dump_json(exclude_none=True),
                headers=headers,
                allow_redirects=False,
            ) as response:
                raw = await response.read()
                status = response.status
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            return outcome_of_failure(exc)
        if not 200 <= status < 300:
            said = scrubbed(raw[:200].decode("utf-8", "replace"), target=addressee.target)
            return outcome_of_status(status, detail=said)
        try:
            accepted = SendAccepted.model_validate_json(raw)
        except ValidationError:
            # Accepted, but we cannot match its receipt: delivered as far as we know.
            return SendOutcome(True, False, f"HTTP {status}: accepted, unreadable answer")
        self.sent.remember(accepted.message_id, notification_id)
        return SendOutcome(
            delivered=True,
            retryable=False,
            detail=f"HTTP {status}: accepted, {accepted.segments} segment(s)",
            provider_id=accepted.message_id,
        )


def _reason(exc: ValueError, addressee: Addressee) -> str:
    if isinstance(exc, ValidationError):
        fields = ", ".join(str(error["loc"][0]) for error in exc.errors())
        hint = f" (an E.164 number {E164})" if "to" in fields else ""
        return f"invalid {fields}{hint} for recipient {addressee.recipient_id}"
    return str(exc)
