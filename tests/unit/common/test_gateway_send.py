"""The gateway send body both notify and intake build (services/common/gateway_send.py)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from schemas.gateway import SendRequest
from services.common.gateway_send import WHATSAPP_MAX_CHARS, send_headers, send_request
from services.common.sms_segments import split_sms

TO = "+6281234567890"


def test_an_sms_is_fitted_and_declares_what_it_counted() -> None:
    request = send_request(
        channel="sms", to=TO, text="x" * 1000, reference="R-1", max_sms_segments=2
    )
    counted = split_sms(request.text)
    assert (
        (request.encoding, request.segments)
        == (counted.encoding, len(counted.segments))
        == (
            "GSM-7",
            2,
        )
    )
    assert request.text.endswith("...")


def test_a_whatsapp_text_is_cut_to_the_protocol_limit() -> None:
    request = send_request(
        channel="whatsapp", to=TO, text="y" * 5000, reference="R-2", max_sms_segments=3
    )
    assert len(request.text) == WHATSAPP_MAX_CHARS and request.encoding is None


def test_a_number_that_is_not_e164_cannot_be_sent() -> None:
    with pytest.raises(ValidationError):
        send_request(channel="sms", to="0812", text="hi", reference="R-3", max_sms_segments=3)


def test_the_headers_carry_token_and_idempotency_key() -> None:
    headers = send_headers(token="t", idempotency_key="R-4")
    assert headers["Authorization"] == "Bearer t" and headers["Idempotency-Key"] == "R-4"


def test_a_whatsapp_may_carry_its_text_fitted_as_an_sms_fallback() -> None:
    text = "Laporan NTR-7Q2K-9XPA: status berubah — lihat netra.test " * 20
    request = send_request(
        channel="whatsapp",
        to=TO,
        text=text,
        reference="R-4",
        max_sms_segments=3,
        sms_fallback=True,
    )
    assert request.text == text and request.fallback is not None
    counted = split_sms(request.fallback.text)
    assert (request.fallback.encoding, request.fallback.segments) == (
        counted.encoding,
        len(counted.segments),
    )
    assert request.fallback.encoding == "UCS-2" and request.fallback.segments == 3
    plain = send_request(channel="whatsapp", to=TO, text="hi", reference="R-5", max_sms_segments=3)
    assert plain.fallback is None


def test_only_a_whatsapp_falls_back() -> None:
    with pytest.raises(ValidationError, match="only a whatsapp message falls back"):
        SendRequest.model_validate(
            {
                "channel": "sms",
                "to": TO,
                "text": "hi",
                "reference": "R-6",
                "encoding": "GSM-7",
                "segments": 1,
                "fallback": {"text": "hi", "encoding": "GSM-7", "segments": 1},
            }
        )
