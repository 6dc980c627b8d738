"""The stored case document: the domain `CaseState` plus fields only storage needs.

Storage-only fields: `_id` (= case_id), `dedup_key`, `report_ids`, `closed` (dedup only
joins open cases), `queue_at` (deadline_at, or far future so the queue sorts nulls last
with one index), `summary`, `rules_fired`, `assignee`, `notes`, `notifications`, `outbox`,
`outbox_pending`, `write_seq`, `updated_at`.

Notifications are kept out of `timeline` on purpose: a delivery is not a state change, so
it must not bump `version` and turn a staff member's next action into a 409. Views merge
the two (`timeline_view`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from services.cases.domain.model import CaseState, TimelineEntry
from services.cases.domain.vocabulary import TERMINAL_STATUSES

Document = dict[str, Any]
FAR_FUTURE = datetime(9999, 12, 31, tzinfo=UTC)
CASE_FIELDS = frozenset(CaseState.model_fields)


def bson_ready(value: Any) -> Any:
    """Enums to their values, tuples and sets to lists, recursively (datetimes stay)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): bson_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [bson_ready(v) for v in value]
    return value


def millis(moment: datetime) -> datetime:
    """BSON keeps milliseconds; trimming first keeps what we compute equal to what we load."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def derived_fields(case: CaseState) -> Document:
    return {
        "closed": case.status in TERMINAL_STATUSES,
        "queue_at": case.deadline_at or FAR_FUTURE,
        "report_ids": [r.report_id for r in case.reports],
    }


def state_fields(case: CaseState) -> Document:
    """Everything of the case but its timeline, ready for `$set`."""
    dumped = bson_ready(case.model_dump(exclude={"timeline"}))
    assert isinstance(dumped, dict)
    return dumped | derived_fields(case)


def entry_document(entry: TimelineEntry) -> Document:
    dumped = bson_ready(entry.model_dump())
    assert isinstance(dumped, dict)
    return dumped


def case_document(case: CaseState, **storage: Any) -> Document:
    timeline = [entry_document(e) for e in case.timeline]
    defaults: Document = {
        "notes": [],
        "notifications": [],
        "assignee": None,
        "outbox": [],
        "write_seq": 0,  # see adapters/write_slots.py
    }
    return {"_id": case.case_id, **state_fields(case), "timeline": timeline, **defaults, **storage}


def state_of(document: Mapping[str, Any]) -> CaseState:
    return CaseState.model_validate({k: document[k] for k in CASE_FIELDS if k in document})


def _notification_item(entry: Mapping[str, Any]) -> Document:
    return {
        "at": entry["at"],
        "action": f"notification.{entry['status']}",
        "actor": "netra-notify",
        "role": "system",
        "from_status": None,
        "to_status": None,
        "reason": f"{entry.get('channel')} -> {entry.get('recipient')}",
        "trace_id": entry.get("trace_id"),
        "details": {"notification_id": entry.get("id"), "attempts": entry.get("attempts")},
    }


def _timeline_item(entry: Mapping[str, Any]) -> Document:
    actor = entry.get("actor") or {}
    return {
        "at": entry["at"],
        "action": entry["action"],
        "actor": actor.get("name"),
        "role": actor.get("role"),
        "from_status": entry.get("from_status"),
        "to_status": entry.get("to_status"),
        "reason": entry.get("reason"),
        "trace_id": entry.get("trace_id"),
        "details": entry.get("details") or {},
    }


def timeline_view(document: Mapping[str, Any]) -> list[Document]:
    """State changes and deliveries in time order (stable: a change before its delivery)."""
    items = [_timeline_item(e) for e in document.get("timeline", [])]
    items += [_notification_item(n) for n in document.get("notifications", [])]
    return sorted(items, key=lambda item: item["at"])
