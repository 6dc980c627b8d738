"""`case_notifications` documents: the outcome as one JSON text field and back, with its
moments as aware datetimes; a document written before (the outcome as fields) reads the same."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from schemas.notifications import DeliveryStatus, NotificationDelivered
from services.cases.adapters.case_documents import delivery_document, delivery_fields
from services.cases.service_layer.ports import Delivery

AT = datetime(2026, 11, 1, 8, 0, 0, 123_456, tzinfo=UTC)


def failed() -> Delivery:
    outcome = NotificationDelivered(
        notification_id="NTF-1",
        case_id="CASE-1",
        source_event_id="e",
        source_event_type="case.opened",
        recipient="BAWASLU:18.12",
        channel="email",
        status=DeliveryStatus.FAILED,
        attempts=2,
        finished_at=AT,
        detail='421 "sibuk"',
        next_attempt_at=AT + timedelta(seconds=30),
    )
    return Delivery(outcome, trace_id="4bf92f3577b34da6a3ce929d0e0e4736")


EXPECTED = {
    "_id": "NTF-1#2",
    "case_id": "CASE-1",
    "id": "NTF-1",
    "recipient": "BAWASLU:18.12",
    "channel": "email",
    "status": "failed",
    "attempts": 2,
    "at": AT,
    "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736",
    "detail": '421 "sibuk"',
    "next_attempt_at": AT + timedelta(seconds=30),
}


def test_an_outcome_is_three_fields_and_reads_back_whole() -> None:
    document = delivery_document(failed())
    assert set(document) == {"_id", "case_id", "outcome_json"}
    assert delivery_fields(document) == EXPECTED


def test_a_delivered_outcome_has_no_next_attempt() -> None:
    delivery = failed()
    done = delivery.delivered.model_copy(
        update={"status": DeliveryStatus.DELIVERED, "next_attempt_at": None, "detail": None}
    )
    fields = delivery_fields(delivery_document(Delivery(done, None)))
    assert (fields["status"], fields["next_attempt_at"], fields["trace_id"]) == (
        "delivered",
        None,
        None,
    )


def test_a_document_written_with_the_outcome_as_fields_reads_the_same() -> None:
    assert delivery_fields(dict(EXPECTED)) == EXPECTED
