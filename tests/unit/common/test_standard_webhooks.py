"""Standard Webhooks signatures: the spec's own test vector, and what a receiver refuses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.common.standard_webhooks import (
    SIGNATURE_HEADER,
    SignatureRefused,
    sign,
    signed_headers,
    verify,
)

# The specification's published example (standardwebhooks.com, reference libraries' tests).
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
ID, TIMESTAMP, BODY = "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, b'{"test": 2432232314}'
SIGNED_AT = datetime.fromtimestamp(TIMESTAMP, UTC)


def test_signs_like_the_specification_test_vector() -> None:
    expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    assert sign(secret=SECRET, webhook_id=ID, timestamp=TIMESTAMP, body=BODY) == expected


def test_a_signed_call_verifies_and_names_its_id() -> None:
    headers = signed_headers(secret=SECRET, webhook_id=ID, timestamp=TIMESTAMP, body=BODY)
    verified = verify(secret=SECRET, headers=headers, body=BODY, now=SIGNED_AT)
    assert (verified.webhook_id, verified.timestamp) == (ID, TIMESTAMP)


def test_one_matching_signature_among_several_is_enough() -> None:
    """Receivers must accept `v1,a v1,b` while a sender rotates its secret."""
    headers = signed_headers(secret=SECRET, webhook_id=ID, timestamp=TIMESTAMP, body=BODY)
    headers[SIGNATURE_HEADER] = "v1,bm90IGl0 " + headers[SIGNATURE_HEADER]
    assert verify(secret=SECRET, headers=headers, body=BODY, now=SIGNED_AT).webhook_id == ID


@pytest.mark.parametrize(
    ("secret", "body", "now", "why"),
    [
        ("whsec_c2VjcmV0LW9mLWFub3RoZXI=", BODY, SIGNED_AT, "does not verify"),
        (SECRET, BODY + b" ", SIGNED_AT, "does not verify"),
        (SECRET, BODY, SIGNED_AT + timedelta(minutes=6), "outside the accepted window"),
        (SECRET, BODY, SIGNED_AT - timedelta(minutes=6), "outside the accepted window"),
    ],
    ids=["other-secret", "altered-body", "replayed-late", "from-the-future"],
)
def test_forged_altered_or_replayed_calls_are_refused(
    secret: str, body: bytes, now: datetime, why: str
) -> None:
    headers = signed_headers(secret=SECRET, webhook_id=ID, timestamp=TIMESTAMP, body=BODY)
    with pytest.raises(SignatureRefused, match=why):
        verify(secret=secret, headers=headers, body=body, now=now)


@pytest.mark.parametrize(
    "headers",
    [{}, {"webhook-id": ID, "webhook-timestamp": "16e8", "webhook-signature": "v1,x"}],
    ids=["none", "timestamp-not-digits"],
)
def test_missing_or_malformed_headers_are_refused_by_name(headers: dict[str, str]) -> None:
    with pytest.raises(SignatureRefused, match="webhook-"):
        verify(secret=SECRET, headers=headers, body=BODY, now=SIGNED_AT)
