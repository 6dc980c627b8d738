from __future__ import annotations

from datetime import UTC, datetime

import pytest

from schemas.reports import ReportSubmission
from services.common.crypto import Sealed, new_key_spec, parse_keyring
from services.intake.domain.report import receive

KEYRING = parse_keyring(new_key_spec())
TEXT = "Kades ikut membagikan amplop kepada warga menjelang pencoblosan."


def submit(reporter: dict[str, object]) -> ReportSubmission:
    return ReportSubmission.model_validate({"channel": "web", "text": TEXT, "reporter": reporter})


@pytest.mark.parametrize(
    ("reporter", "anonymous"),
    [
        ({"name": "Ani", "address": "Jl. Melati 1"}, False),
        ({"anonymous": True}, True),
        ({"phone": "+628123456789"}, True),  # no name: cannot be registered
        ({}, True),
    ],
)
def test_a_report_without_a_name_is_anonymous(reporter: dict[str, object], anonymous: bool) -> None:
    envelope = receive(submit(reporter), keyring=KEYRING, now=datetime.now(UTC))
    assert envelope.data.reporter.anonymous is anonymous


def test_identity_is_sealed_to_its_report() -> None:
    envelope = receive(
        submit({"name": "Ani", "nik": "3201010101010001"}), keyring=KEYRING, now=datetime.now(UTC)
    )
    sealed = envelope.data.reporter
    assert sealed.ciphertext and "Ani" not in envelope.model_dump_json()
    opened = KEYRING.open(
        Sealed(sealed.key_id or "", sealed.nonce or "", sealed.ciphertext),
        context=envelope.data.report_id,
    )
    assert opened == {"name": "Ani", "nik": "3201010101010001"}
    assert envelope.type == "report.received" and envelope.subject == envelope.data.report_id
