from __future__ import annotations

from services.notify.domain.signing import signature, verify

BODY = b'{"a":1}'


def test_signature_verifies_and_detects_tampering() -> None:
    header = signature(secret="s3cret", webhook_id="NTF-1", timestamp=1700000000, body=BODY)
    assert verify(
        secret="s3cret", webhook_id="NTF-1", timestamp=1700000000, body=BODY, header=header
    )
    assert not verify(
        secret="s3cret", webhook_id="NTF-1", timestamp=1700000000, body=b'{"a":2}', header=header
    )
    assert not verify(
        secret="other", webhook_id="NTF-1", timestamp=1700000000, body=BODY, header=header
    )
    assert not verify(
        secret="s3cret", webhook_id="NTF-1", timestamp=1700000001, body=BODY, header=header
    )
