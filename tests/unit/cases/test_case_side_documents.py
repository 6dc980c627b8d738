"""The documents cases writes beside a case, per report and per delivery: a
`case_notifications` outcome and a `report_filings` decision are each one JSON text field
read back whole (an outcome's moments as aware datetimes); documents written before, with
these as fields, read the same."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from schemas.notifications import DeliveryStatus, NotificationDelivered
from services.cases.adapters.case_documents import (
    delivery_document,
    delivery_fields,
    filing_decision,
    filing_document,
)
from services.cases.service_layer.ports import Delivery, Filing

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


DECISION = {
    "category": "kampanye",
    "routes": ["BAWASLU:52.01", "KASN"],
    "scores": {"kampanye": 0.82, "netralitas": 0.4},
    "needs_review": False,
    "note": 'kutipan "tanda petik"',
}


def test_a_filings_decision_is_one_text_field_and_reads_back_equal() -> None:
    document = filing_document(Filing("RPT-1", "CASE-1", DECISION, AT, "e-1"))
    assert "decision" not in document and isinstance(document["decision_json"], str)
    assert filing_decision(document) == DECISION


def test_a_filing_written_with_a_nested_decision_reads_the_same() -> None:
    assert filing_decision({"_id": "RPT-1", "case_id": "CASE-1", "decision": DECISION}) == DECISION
    assert filing_decision({"_id": "RPT-1", "case_id": "CASE-1"}) is None
