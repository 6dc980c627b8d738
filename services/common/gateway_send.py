"""A send to the SMS/WhatsApp gateway (docs/gateway-protocol.md), built alike by every sender.

Notify's gateway channel and intake's replies to citizens (issue 12) both post a
`SendRequest` to `{base}/v1/messages`: an SMS fitted to at most `max_sms_segments`
segments (services/common/sms_segments.py) with its encoding and count declared, a
WhatsApp text cut to the 4,096 characters the protocol allows, optionally with the same
text fitted as an SMS for the gateway to send instead when the WhatsApp cannot reach the
number (`sms_fallback`). Pure: no I/O.
"""

from __future__ import annotations

from schemas.gateway import GatewayChannel, SendRequest, SmsFallback
from services.common.sms_segments import fit_sms

WHATSAPP_MAX_CHARS = 4096
SEND_PATH = "/v1/messages"


def send_request(
    *,
    channel: GatewayChannel,
    to: str,
    text: str,
    reference: str,
    max_sms_segments: int,
    sms_fallback: bool = False,
) -> SendRequest:
    """The body to send; a ValidationError (a ValueError) when it cannot be one.

    `sms_fallback` (WhatsApp only): the text also goes fitted as an SMS, which the gateway
    sends to the same number instead when the WhatsApp cannot reach it.
    """
    if channel == "sms":
        sms = _fitted_sms(text, max_sms_segments)
        return SendRequest(
            channel="sms",
            to=to,
            text=sms.text,
            reference=reference,
            encoding=sms.encoding,
            segments=sms.segments,
        )
    cut = text[: WHATSAPP_MAX_CHARS - 1] + "…" if len(text) > WHATSAPP_MAX_CHARS else text
    fallback = _fitted_sms(text, max_sms_segments) if sms_fallback else None
    return SendRequest(channel="whatsapp", to=to, text=cut, reference=reference, fallback=fallback)


def _fitted_sms(text: str, max_sms_segments: int) -> SmsFallback:
    """The text fitted as an SMS, with the encoding and segment count it declares."""
    fitted = fit_sms(text, max_sms_segments)
    return SmsFallback(text=fitted.text, encoding=fitted.encoding, segments=len(fitted.segments))


def send_headers(*, token: str, idempotency_key: str) -> dict[str, str]:
    return {
        "Authorization": f"Bearer {token}",
        "Idempotency-Key": idempotency_key,
        "Content-Type": "application/json",
    }
