"""The SMS/WhatsApp gateway protocol's bodies (docs/gateway-protocol.md), both directions.

Netra -> gateway: `SendRequest` to `POST {base}/v1/messages` (bearer token), answered by
`SendAccepted`. Gateway -> Netra, signed per Standard Webhooks with the callback secret:
`DeliveryReceipt` to notify's `POST /v1/gateway/receipts`, `InboundMessage` to intake's
inbound route (issue 12). Unknown fields are refused: a typo must not pass silently.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

GatewayChannel = Literal["sms", "whatsapp"]
E164 = r"^\+[1-9][0-9]{6,14}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SmsFallback(_Strict):
    """The SMS a WhatsApp send falls back to when the number cannot get the WhatsApp (not
    on WhatsApp, or refused by it): to the same number, counted as any SMS is."""

    channel: Literal["sms"] = "sms"
    text: str = Field(min_length=1, max_length=4096)
    encoding: Literal["GSM-7", "UCS-2"]
    segments: int = Field(ge=1, le=20)


class SendRequest(_Strict):
    channel: GatewayChannel
    to: str = Field(pattern=E164, description="E.164 number, e.g. +6281234567890")
    text: str = Field(min_length=1, max_length=4096)
    reference: str = Field(min_length=1, max_length=80, description="the notification id")
    encoding: Literal["GSM-7", "UCS-2"] | None = Field(
        default=None, description="SMS only: how Netra counted the segments"
    )
    segments: int | None = Field(default=None, ge=1, le=20, description="SMS only")
    fallback: SmsFallback | None = Field(
        default=None, description="WhatsApp only: the SMS to send instead if it cannot reach"
    )

    @model_validator(mode="after")
    def _fallback_only_for_whatsapp(self) -> SendRequest:
        if self.fallback is not None and self.channel != "whatsapp":
            raise ValueError("fallback: only a whatsapp message falls back to an SMS")
        return self


class SendAccepted(_Strict):
    message_id: str = Field(min_length=1, max_length=120)
    status: Literal["accepted"] = "accepted"
    segments: int = Field(default=1, ge=1)


class DeliveryReceipt(_Strict):
    message_id: str = Field(min_length=1, max_length=120)
    reference: str = Field(min_length=1, max_length=80)
    status: Literal["delivered", "failed"]
    at: datetime
    error: str | None = Field(default=None, max_length=300)
    # The channel that reached the handset (or was tried last): "sms" when a WhatsApp
    # fell back to its SMS. A gateway that does not say leaves it out.
    channel: GatewayChannel | None = None


class InboundMedia(_Strict):
    url: str = Field(min_length=1, max_length=2048)
    content_type: str = Field(max_length=120)
    size: int = Field(ge=0)


class InboundMessage(_Strict):
    model_config = ConfigDict(
        extra="forbid", frozen=True, validate_by_name=True, validate_by_alias=True
    )

    message_id: str = Field(min_length=1, max_length=120)
    channel: GatewayChannel
    sender: str = Field(alias="from", pattern=E164)
    to: str = Field(min_length=1, max_length=32, description="our number or short code")
    text: str = Field(default="", max_length=4096)
    received_at: datetime
    media: list[InboundMedia] = Field(default=[], max_length=10)
