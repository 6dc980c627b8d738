from __future__ import annotations

from datetime import UTC, datetime

import pytest

from schemas.cases import CaseOpened
from schemas.triage import Category, SubjectType
from services.notify.domain.directory import DirectoryError, parse_directory
from services.notify.domain.messages import case_opened_message, notification_id
from services.notify.domain.signing import signature, verify
from services.notify.settings import PACKAGED_DIRECTORY

pytestmark = pytest.mark.unit

DIRECTORY = """
version: 1
authorities:
  - {pattern: "BAWASLU:*", name: "Bawaslu {code}", endpoints: [{channel: webhook, target: "{sink}/b"}]}
  - {pattern: "BAWASLU:18*", name: "Bawaslu Lampung {code}",
     endpoints: [{channel: webhook, target: "{sink}/lampung"}]}
  - {pattern: "BAWASLU:18.12", name: "Bawaslu Tubaba", endpoints: [{channel: webhook, target: "{sink}/t"}]}
"""


def test_most_specific_directory_entry_wins() -> None:
    directory = parse_directory(DIRECTORY, substitutions={"sink": "http://s"})
    assert directory.recipient_for("BAWASLU:18.12").name == "Bawaslu Tubaba"  # type: ignore[union-attr]
    lampung = directory.recipient_for("BAWASLU:18.01")
    assert lampung is not None and lampung.endpoints[0].target == "http://s/lampung"
    assert directory.recipient_for("BAWASLU:35").name == "Bawaslu 35"  # type: ignore[union-attr]
    assert directory.recipient_for("KEMENDAGRI") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("version: 2\n", "version: 1"),
        ("version: 1\nauthorities: [{pattern: X, name: Y, colour: red}]", "unknown field"),
        (
            "version: 1\nauthorities: [{pattern: X, name: Y, endpoints: [{channel: fax, target: t}]}]",
            "unknown channel 'fax'",
        ),
        ("version: 1\nauthorities: [{name: Y}]", "required"),
    ],
)
def test_directory_errors_are_clear(text: str, message: str) -> None:
    with pytest.raises(DirectoryError, match=message):
        parse_directory(text, substitutions={"sink": ""})


def test_packaged_directory_serves_every_route_kind() -> None:
    directory = parse_directory(PACKAGED_DIRECTORY.read_text(), substitutions={"sink": "http://s"})
    for route in (
        "BAWASLU:RI",
        "BAWASLU:18.12",
        "GAKKUMDU:52.03",
        "KEMENDAGRI",
        "TNI_POLRI",
        "PEMDA:52.03",
        "SP4N_LAPOR",
    ):
        assert directory.recipient_for(route) is not None, route


def test_signature_verifies_and_detects_tampering() -> None:
    header = signature(secret="s3cret", webhook_id="NTF-1", timestamp=1700000000, body=b'{"a":1}')
    assert verify(
        secret="s3cret", webhook_id="NTF-1", timestamp=1700000000, body=b'{"a":1}', header=header
    )
    assert not verify(
        secret="s3cret", webhook_id="NTF-1", timestamp=1700000000, body=b'{"a":2}', header=header
    )
    assert not verify(
        secret="other", webhook_id="NTF-1", timestamp=1700000000, body=b'{"a":1}', header=header
    )


def test_notification_id_is_stable_per_event_recipient_and_channel() -> None:
    a = notification_id(source_event_id="e1", route="BAWASLU:18", channel="webhook")
    assert a == notification_id(source_event_id="e1", route="BAWASLU:18", channel="webhook")
    assert a != notification_id(source_event_id="e2", route="BAWASLU:18", channel="webhook")
    assert a != notification_id(source_event_id="e1", route="GAKKUMDU:18", channel="webhook")


def test_message_is_in_bahasa_indonesia_with_english_beside() -> None:
    opened = CaseOpened(
        case_id="CASE-1",
        report_id="RPT-1",
        opened_at=datetime(2026, 11, 1, tzinfo=UTC),
        category=Category.MONEY_POLITICS,
        subject_type=SubjectType.VILLAGE,
        region_code="52.03",
        routes=["BAWASLU:52.03"],
        needs_review=True,
        summary="amplop",
    )
    message = case_opened_message(opened, recipient_name="Bawaslu 52.03")
    assert "politik uang" in message["id"] and "Perlu telaah manual" in message["id"]
    assert "money politics" in message["en"] and "manual review" in message["en"]
