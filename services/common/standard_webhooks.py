"""Standard Webhooks signatures (https://www.standardwebhooks.com/), both sides.

Notify signs what it sends (webhook channel), the SMS/WhatsApp gateway signs what it
calls back with (delivery receipts to notify, inbound messages to intake, issue 12):
`webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`. A secret
written `whsec_<base64>` is used as its decoded bytes, as the spec says; any other
secret as its UTF-8 bytes. A receiver refuses a timestamp further than `tolerance` from
its clock (replays of an old, validly signed call), and dedupes by `webhook-id`.

Pure: no I/O, so both services' domains and entrypoints may use it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

ID_HEADER = "webhook-id"
TIMESTAMP_HEADER = "webhook-timestamp"
SIGNATURE_HEADER = "webhook-signature"
SECRET_PREFIX = "whsec_"  # noqa: S105 - the spec's prefix, not a secret
DEFAULT_TOLERANCE = timedelta(minutes=5)


class SignatureRefused(ValueError):
    """Why a signed call was refused; the message names the header, never the secret."""


def secret_bytes(secret: str) -> bytes:
    if secret.startswith(SECRET_PREFIX):
        try:
            return base64.b64decode(secret[len(SECRET_PREFIX) :], validate=True)
        except binascii.Error as exc:
            raise ValueError("a whsec_ secret must be base64 after its prefix") from exc
    return secret.encode()


def sign(*, secret: str, webhook_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_bytes(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signed_headers(*, secret: str, webhook_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        ID_HEADER: webhook_id,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: sign(
            secret=secret, webhook_id=webhook_id, timestamp=timestamp, body=body
        ),
    }


@dataclass(frozen=True)
class Verified:
    webhook_id: str
    timestamp: int


def verify(
    *,
    secret: str,
    headers: Mapping[str, str],
    body: bytes,
    now: datetime,
    tolerance: timedelta = DEFAULT_TOLERANCE,
) -> Verified:
    """The call's id and timestamp when one of its `v1` signatures matches; else raises.

    `headers` must look names up case-insensitively (Starlette's and aiohttp's do).
    """
    webhook_id = headers.get(ID_HEADER, "")
    raw_timestamp = headers.get(TIMESTAMP_HEADER, "")
    given = headers.get(SIGNATURE_HEADER, "")
    if not webhook_id or not raw_timestamp or not given:
        raise SignatureRefused(
            f"missing {ID_HEADER}, {TIMESTAMP_HEADER} or {SIGNATURE_HEADER} header"
        )
    if not (raw_timestamp.isascii() and raw_timestamp.isdigit()) or len(raw_timestamp) > 12:
        raise SignatureRefused(f"{TIMESTAMP_HEADER} must be whole seconds since the epoch")
    timestamp = int(raw_timestamp)
    if abs(now.timestamp() - timestamp) > tolerance.total_seconds():
        raise SignatureRefused(f"{TIMESTAMP_HEADER} is outside the accepted window (replayed?)")
    expected = sign(secret=secret, webhook_id=webhook_id, timestamp=timestamp, body=body)
    # As bytes: compare_digest refuses non-ASCII str, and a header may carry any byte.
    wanted = expected.encode()
    for candidate in given.split(" "):
        if hmac.compare_digest(wanted, candidate.encode("utf-8", "surrogatepass")):
            return Verified(webhook_id, timestamp)
    raise SignatureRefused(f"{SIGNATURE_HEADER} does not verify")
