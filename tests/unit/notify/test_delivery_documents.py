"""Planned deliveries and steps as store documents: one document per case event, its
officials' contexts written once in one JSON text field, a reporter's sealed; a step's
fields in one JSON text field; documents of the former layouts (one delivery each, the
context as JSON text or a nested document; a step's fields as fields) still read back."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import orjson
import pytest

from services.common.crypto import new_key_spec, parse_keyring
from services.notify.adapters.delivery_documents import (
    deliveries_of,
    entry_document,
    entry_of,
    event_document,
    notification_ids,
)
from services.notify.domain.delivery_progress import EntryKind, LogEntry
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
REPORTER_EMAIL = "pelapor@example.id"


def official(nid: str = "NTF-1", **changes: object) -> PlannedDelivery:
    base = PlannedDelivery(
        notification_id=nid,
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
        trace={"traceparent": "00-" + "1" * 32 + "-" + "2" * 16 + "-01"},
    )
    return dataclasses.replace(base, notification_id=nid, **changes)  # type: ignore[arg-type]


def reporter() -> PlannedDelivery:
    return official(
        "NTF-9",
        addressee=Addressee("reporter:R-1", "Pelapor", ChannelName.EMAIL, REPORTER_EMAIL, "en"),
        audience=Audience.REPORTER,
        template="case.opened.reporter",
        context={"tracking_code": "NTR-ABCD-1234"},
    )


def test_an_events_deliveries_are_one_document_with_each_context_once() -> None:
    email = official(
        "NTF-2", addressee=Addressee("BAWASLU:52", "Bawaslu NTB", ChannelName.EMAIL, "a@b.id")
    )
    other = official("NTF-3", context={"case_id": "CASE-1", "party": "GAKKUMDU"})
    planned = [official(), email, other, reporter()]
    document = event_document(planned, at=WHEN, partition=3, keyring=KEYRING)
    assert document["_id"] == planned[0].event_id and document["partition"] == 3
    assert notification_ids(document) == ["NTF-1", "NTF-2", "NTF-3", "NTF-9"]
    packed = orjson.loads(document["deliveries_json"])
    assert packed["contexts"] == [CONTEXT, {"case_id": "CASE-1", "party": "GAKKUMDU"}]
    assert [d.get("context") for d in packed["deliveries"]] == [0, 0, 1, None]
    assert deliveries_of(document, keyring=KEYRING) == planned


def test_a_reporters_address_and_context_are_sealed() -> None:
    document = event_document([official(), reporter()], at=WHEN, partition=0, keyring=KEYRING)
    raw = str(document)
    assert REPORTER_EMAIL not in raw and "NTR-ABCD-1234" not in raw
    assert len(document["sealed"]) == 1
    assert deliveries_of(document, keyring=KEYRING)[1] == reporter()


def test_deliveries_of_two_events_or_cases_are_refused_in_one_document() -> None:
    with pytest.raises(ValueError, match="NTF-2"):
        event_document(
            [official(), official("NTF-2", case_id="CASE-2")],
            at=WHEN,
            partition=0,
            keyring=KEYRING,
        )


def former_document(planned: PlannedDelivery) -> dict[str, object]:
    """A document as notify wrote it before deliveries were packed per event."""
    return {
        "_id": planned.notification_id,
        "event_id": planned.event_id,
        "event_type": planned.event_type,
        "case_id": planned.case_id,
        "occurred_at": planned.occurred_at,
        "channel": planned.addressee.channel.value,
        "recipient_id": planned.addressee.recipient_id,
        "audience": planned.audience.value,
        "template": planned.template,
        "trace": dict(planned.trace),
        "planned_at": WHEN,
        "addressee": {
            "recipient_id": "BAWASLU:52",
            "name": "Bawaslu NTB",
            "channel": "webhook",
            "target": "https://h.example.id/x",
            "language": "id",
            "secret_ref": "s1",
        },
        "context_json": orjson.dumps(CONTEXT).decode(),
    }


def test_a_document_of_the_former_layout_still_reads_back() -> None:
    document = former_document(official())
    assert notification_ids(document) == ["NTF-1"]
    assert deliveries_of(document, keyring=KEYRING) == [official()]
    del document["context_json"]
    document["context"] = dict(CONTEXT)  # older still: a nested document
    assert deliveries_of(document, keyring=KEYRING) == [official()]


def test_a_sealed_document_of_the_former_layout_still_reads_back() -> None:
    planned = reporter()
    document = former_document(planned)
    private = {
        "addressee": {
            "recipient_id": "reporter:R-1",
            "name": "Pelapor",
            "channel": "email",
            "target": REPORTER_EMAIL,
            "language": "en",
            "secret_ref": None,
        },
        "context": dict(planned.context),
    }
    del document["addressee"], document["context_json"]
    document["sealed"] = vars(KEYRING.seal(private, context="notify.delivery:NTF-9"))
    assert deliveries_of(document, keyring=KEYRING) == [planned]


def test_a_step_is_three_fields_and_reads_back_equal() -> None:
    at = WHEN + timedelta(microseconds=250)
    failed = LogEntry("NTF-1", 2, EntryKind.FAILED, at, "HTTP 503", at + timedelta(seconds=30))
    delivered = LogEntry("NTF-1", 3, EntryKind.DELIVERED, at, "250 OK")
    for entry in (failed, delivered):
        document = entry_document(entry)
        assert set(document) == {"_id", "notification_id", "step_json"}
        assert document["_id"] == f"NTF-1#{entry.seq}"
        assert entry_of(document) == entry


def test_a_step_of_the_former_layout_still_reads_back() -> None:
    due = WHEN + timedelta(seconds=30)
    document = {
        "_id": "NTF-1#1",
        "notification_id": "NTF-1",
        "seq": 1,
        "kind": "failed",
        "at": WHEN,
        "detail": "HTTP 503",
        "next_due": due,
    }
    assert entry_of(document) == LogEntry("NTF-1", 1, EntryKind.FAILED, WHEN, "HTTP 503", due)
