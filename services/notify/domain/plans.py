"""The contract between planning, rendering and delivering a notification (issue 11).

Planning turns one case event into `PlannedDelivery`s (the matrix says who is told over
which channels, the directory says how to reach them). The delivery worker records each
as pending, renders it (`Message`) and sends it through the channel named by its
addressee, one attempt per `send`, retrying with back-off until delivered or dead.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class ChannelName(StrEnum):
    EMAIL = "email"
    WEBHOOK = "webhook"
    SMS = "sms"
    WHATSAPP = "whatsapp"


class Audience(StrEnum):
    """Officials may read the case; a reporter only ever sees citizen-safe fields."""

    OFFICIAL = "official"
    REPORTER = "reporter"


def planned_notification_id(*, event_id: str, recipient_id: str, channel: str) -> str:
    """Stable per (event, recipient, channel): the key that makes a second send impossible."""
    digest = hashlib.sha256(f"{event_id}|{recipient_id}|{channel}".encode()).hexdigest()
    return "NTF-" + digest[:32].upper()


@dataclass(frozen=True)
class Addressee:
    """One person or unit on one channel.

    `recipient_id` is stable across directory edits (a directory id, or `reporter:<report
    id>`); `target` is the address, URL or E.164 number; `secret_ref` names the signing
    secret of a webhook recipient (never the secret itself); `fallback` is the channel the
    gateway uses instead when this one cannot reach the same number (a WhatsApp's SMS).
    """

    recipient_id: str
    name: str
    channel: ChannelName
    target: str
    language: str = "id"
    secret_ref: str | None = None
    fallback: ChannelName | None = None


@dataclass(frozen=True)
class PlannedDelivery:
    """One notification to be sent: what the delivery log records as pending.

    `context` holds JSON-safe values the template may show; for `Audience.REPORTER` it holds
    only citizen-safe fields (tracking code, citizen status label, next steps), never
    internal notes, officials' names or other reports.
    """

    notification_id: str
    event_id: str
    event_type: str
    case_id: str
    occurred_at: datetime
    addressee: Addressee
    audience: Audience
    template: str
    context: Mapping[str, Any]
    trace: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Message:
    """A rendered notification: `data` is a webhook's JSON body, the rest is for people."""

    subject: str
    text: str
    html: str | None
    data: Mapping[str, Any]


@dataclass(frozen=True)
class SendOutcome:
    """One attempt's result. A refusal or an unreachable endpoint is an outcome, not an error.

    `retryable` is False for what another attempt cannot fix (a 4xx other than 408/429, an
    address the server rejects); `provider_id` is the gateway's or SMTP server's message id.
    """

    delivered: bool
    retryable: bool
    detail: str
    provider_id: str | None = None
