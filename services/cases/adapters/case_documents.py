"""The stored case document: the domain `CaseState` plus fields only storage needs.

Storage-only fields: `_id` (= case_id), `dedup_key`, `report_ids`, `closed` (dedup only
joins open cases), `queue_at` (deadline_at, or far future so the queue sorts nulls last
with one index), `summary`, `rules_fired`, `assignee`, `notes`, `notifications`, `outbox`,
`outbox_pending`, `write_seq`, `updated_at`, `triage_partition` (the partition state that
owns its dedup key), `folded_links` (links a staff write took into `reports`).

The hot path never updates a case document: duplicates live in `case_links`, deliveries in
`case_notifications`, and `case_assembly.assemble` joins them for whoever reads the case.

Notifications are kept out of `timeline` on purpose: a delivery is not a state change, so
it must not bump `version` and turn a staff member's next action into a 409. Views merge
the two (`read_models/timeline.py`). Reading a document back into a `CaseState` is
`read_models/documents.state_of`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from datetime import UTC, datetime
from enum import Enum
from functools import cache
from typing import Any

import orjson
from pydantic import BaseModel

from schemas.reports import ReportReceived
from services.cases.domain.model import CaseState, TimelineEntry
from services.cases.domain.vocabulary import TERMINAL_STATUSES
from services.cases.service_layer.ports import (
    CaseLink,
    CaseOverflow,
    CaseRecord,
    Delivery,
    Document,
    Filing,
    NewCase,
)
from services.common.clock import from_iso

FAR_FUTURE = datetime(9999, 12, 31, tzinfo=UTC)


_AS_IS = frozenset({str, int, float, bool, type(None), datetime})


def bson_ready(value: Any) -> Any:
    """Enums to their values, tuples and sets to lists, recursively (datetimes stay).

    Pydantic models become their fields' dict, walked once: what `model_dump()` and then
    this walk made of them, without the intermediate copy (test_case_documents.py holds
    the two side by side)."""
    if type(value) in _AS_IS:
        return value
    if isinstance(value, BaseModel):
        return model_fields_document(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): bson_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [bson_ready(v) for v in value]
    return value


@cache
def _field_names(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(model.model_fields)


def model_fields_document(model: BaseModel, exclude: frozenset[str] = frozenset()) -> Document:
    values = model.__dict__
    return {n: bson_ready(values[n]) for n in _field_names(type(model)) if n not in exclude}


def _copied(value: Any) -> Any:
    """What `dataclasses.asdict` makes of a record's value: containers anew, leaves kept."""
    if isinstance(value, dict):
        return {k: _copied(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copied(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_copied(v) for v in value)
    return value


def record_fields(record: CaseRecord) -> Document:
    return {f.name: _copied(getattr(record, f.name)) for f in fields(record)}


def derived_fields(case: CaseState) -> Document:
    return {
        "closed": case.status in TERMINAL_STATUSES,
        "queue_at": case.deadline_at or FAR_FUTURE,
        "report_ids": [r.report_id for r in case.reports],
    }


_NO_TIMELINE = frozenset({"timeline"})


def state_fields(case: CaseState) -> Document:
    """Everything of the case but its timeline, ready for `$set`."""
    return model_fields_document(case, _NO_TIMELINE) | derived_fields(case)


def entry_document(entry: TimelineEntry) -> Document:
    return model_fields_document(entry)


def case_document(case: CaseState, *, record: CaseRecord, outbox: list[Document]) -> Document:
    """A new case: state, whole timeline, what the record keeps, an empty store-side rest."""
    return {
        "_id": case.case_id,
        **state_fields(case),
        "timeline": [entry_document(e) for e in case.timeline],
        "notes": [],
        "notifications": [],
        "folded_links": [],
        "assignee": None,
        "write_seq": 0,  # see adapters/write_slots.py
        **record_fields(record),
        "move_pending": record.pending_move is not None,
        "outbox": outbox,
        "outbox_pending": bool(outbox),
        "updated_at": case.timeline[-1].at if case.timeline else case.opened_at,
    }


def report_document(report: ReportReceived) -> Document:
    """`reports`: the report as intake sent it (the reporter sealed), keyed by its id."""
    return {
        "_id": report.report_id,
        "tracking_code": report.tracking_code,
        "received_at": report.received_at,
        "content": report.content.model_dump(mode="json"),
        "reporter": report.reporter.model_dump(mode="json"),
        "witnesses": [w.model_dump(mode="json") for w in report.witnesses],
        "evidence": [e.model_dump(mode="json") for e in report.evidence],
        # Who took the call (hotline desk): staff, not the reporter; absent otherwise.
        **({"filed_by": report.filed_by.model_dump()} if report.filed_by else {}),
    }


def filing_document(filing: Filing) -> Document:
    """`report_filings`: the triage decision (JSON types only) is one JSON text field,
    `decision_json`: it is only read back whole (`filing_decision`), and as a nested
    document its dozens of fields were most of what the store paid for the insert."""
    return {
        "_id": filing.report_id,
        "case_id": filing.case_id,
        "decision_json": orjson.dumps(filing.decision).decode(),
        "filed_at": filing.filed_at,
        "event_id": filing.event_id,
    }


def filing_decision(filing: Mapping[str, Any]) -> Document | None:
    """A filing's decision; one written before `decision_json` holds it as a document."""
    text = filing.get("decision_json")
    if text is None:
        return filing.get("decision")
    decision: Document = orjson.loads(text)
    return decision


def new_case_document(new: NewCase) -> Document:
    return case_document(new.case, record=new.record, outbox=[])


def link_document(link: CaseLink) -> Document:
    return {
        "_id": link.report_id,
        "case_id": link.case_id,
        "anonymous": link.anonymous,
        "linked_at": link.linked_at,
        "report_meta": link.report_meta,
        "entry": entry_document(link.entry),
        "triage_partition": link.triage_partition,
    }


def overflow_document(overflow: CaseOverflow) -> Document:
    """`case_overflows`: keyed by the overflow case (one full case per overflow case)."""
    return {
        "_id": overflow.overflow_case_id,
        "case_id": overflow.case_id,
        "overflow_case_id": overflow.overflow_case_id,
        "at": overflow.entry.at,
        "entry": entry_document(overflow.entry),
    }


def delivery_document(delivery: Delivery) -> Document:
    """`case_notifications`: what the timeline shows of a delivery attempt, keyed by the
    notification id and its attempt count (each attempt's outcome once: failed, failed,
    delivered are three entries). Only `case_id` is queried; the rest is one JSON text
    field, `outcome_json`, read back whole (`delivery_fields`): FerretDB's cost per
    document grows with its fields, and 3-4 of these are written per report."""
    delivered = delivery.delivered
    outcome = {
        "id": delivered.notification_id,
        "recipient": delivered.recipient,
        "channel": delivered.channel,
        "status": delivered.status.value,
        "attempts": delivered.attempts,
        "at": delivered.finished_at,
        "trace_id": delivery.trace_id,
        "detail": delivered.detail,
        "next_attempt_at": delivered.next_attempt_at,
    }
    return {
        "_id": delivery_key(delivered.notification_id, delivered.attempts),
        "case_id": delivered.case_id,
        "outcome_json": orjson.dumps(outcome).decode(),
    }


def delivery_fields(document: Mapping[str, Any]) -> Document:
    """A `case_notifications` document's fields as the timeline reads them (`_id`,
    `case_id`, and the outcome with its moments as datetimes); one written before
    `outcome_json` holds them as fields already."""
    text = document.get("outcome_json")
    if text is None:
        return dict(document)
    outcome: Document = orjson.loads(text)
    for moment in ("at", "next_attempt_at"):
        if outcome[moment] is not None:
            outcome[moment] = from_iso(outcome[moment])
    return {"_id": document["_id"], "case_id": document["case_id"], **outcome}


def delivery_key(notification_id: str, attempts: int) -> str:
    return f"{notification_id}#{attempts}"
