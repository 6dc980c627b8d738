"""Webhook signatures: HMAC-SHA256 over `id.timestamp.body`, checked in constant time."""

from __future__ import annotations

import hashlib
import hmac

ID_HEADER = "Netra-Webhook-Id"
TIMESTAMP_HEADER = "Netra-Webhook-Timestamp"
SIGNATURE_HEADER = "Netra-Webhook-Signature"


def signature(*, secret: str, webhook_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    return "v1=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def verify(*, secret: str, webhook_id: str, timestamp: int, body: bytes, header: str) -> bool:
    expected = signature(secret=secret, webhook_id=webhook_id, timestamp=timestamp, body=body)
    # As bytes: compare_digest refuses non-ASCII str, and a header may carry any byte.
    return hmac.compare_digest(expected.encode(), header.encode("utf-8", "surrogatepass"))
