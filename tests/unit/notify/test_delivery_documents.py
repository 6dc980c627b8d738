"""Planned deliveries as store documents: an official's context is one JSON text field, and
documents written before (the context as a nested document) still read back."""

from __future__ import annotations

from datetime import UTC, datetime

from services.common.crypto import new_key_spec, parse_keyring
from services.notify.adapters.delivery_documents import planned_document, planned_of
from services.notify.domain.plans import Addressee, Audience, ChannelName, PlannedDelivery

WHEN = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
KEYRING = parse_keyring(new_key_spec("t1"))
CONTEXT = {
    "case_id": "CASE-1",
    "routes": ["BAWASLU:52", "GAKKUMDU:52"],
    "status": {"id": "Terdaftar", "en": "Registered"},
    "deadline_at": "2026-11-08T08:00:00+00:00",
    "note": 'kutipan "tanda petik" dan \\ garis miring',
}


def official() -> PlannedDelivery:
    return PlannedDelivery(
        notification_id="NTF-1",
        event_id="7c0b7e3e-0000-4000-8000-000000000001",
        event_type="case.opened",
        case_id="CASE-1",
        occurred_at=WHEN,
        addressee=Addressee(
            "BAWASLU:52", "Bawaslu NTB", ChannelName.WEBHOOK, "https://h.example.id/x", "id", "s1"
        ),
        audience=Audience.OFFICIAL,
        template="case.opened",
        context=CONTEXT,
    )


def test_an_officials_context_is_stored_as_one_text_field_and_read_back_equal() -> None:
    document = planned_document(official(), at=WHEN, keyring=KEYRING)
    assert "context" not in document
    assert isinstance(document["context_json"], str)
    assert '"tanda petik"' not in document["context_json"]  # escaped inside the JSON text
    assert planned_of(document, keyring=KEYRING) == official()


def test_a_document_written_with_a_nested_context_still_reads_back() -> None:
    document = planned_document(official(), at=WHEN, keyring=KEYRING)
    del document["context_json"]
    document["context"] = dict(CONTEXT)
    assert planned_of(document, keyring=KEYRING) == official()
