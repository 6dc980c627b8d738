"""Domain events -> CloudEvents envelopes in the case document's outbox.

Only the event types with a published contract (schemas/topics.py) leave the service;
the rest (registered, forwarded, ...) are facts on the timeline, where staff see them,
and `case.status_changed` carries the headline change to notify.
"""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel

from schemas.cases import CaseDeadline, CaseOpened, CaseReportLinked, CaseStatusChanged
from schemas.envelope import Envelope
from services.cases.domain.lifecycle.events import DomainEvent, EventType
from services.cases.domain.model import CaseState
from services.cases.service_layer.ports import Document

SOURCE = "netra/cases"
EVENT_NAMESPACE = uuid.UUID("6f1d9f3e-6a38-5c7b-9d0e-2b7f3f1c8a41")


def event_id(case_id: str, version: int, event_type: str) -> uuid.UUID:
    """Deterministic per (case, version, type): a retried write can only repeat the same id."""
    return uuid.uuid5(EVENT_NAMESPACE, f"{case_id}:{version}:{event_type}")


def outbox_entry(envelope: Envelope[Any], *, key: str, traceparent: str | None) -> Document:
    return {
        "id": str(envelope.id),
        "type": envelope.type,
        "key": key,
        "envelope": envelope.model_dump(mode="json", serialize_as_any=True),
        "traceparent": traceparent,
    }


def _payload(event: DomainEvent, case: CaseState, opened: CaseOpened | None) -> BaseModel | None:
    data = event.data
    if event.type == EventType.OPENED:
        return opened
    if event.type == EventType.STATUS_CHANGED:
        last = case.timeline[-1]
        return CaseStatusChanged(
            case_id=case.case_id,
            from_status=str(data["from_status"]),
            to_status=str(data["to_status"]),
            changed_at=event.occurred_at,
            actor_role=last.actor.role.value,
            reason=last.reason,
            routes=list(case.routes),
        )
    if event.type == EventType.REPORT_LINKED:
        return CaseReportLinked(
            case_id=case.case_id,
            report_id=str(data["report_id"]),
            linked_at=event.occurred_at,
            linked_reports=len(case.reports),
        )
    if event.type in (EventType.DEADLINE_APPROACHING, EventType.DEADLINE_MISSED):
        assert case.deadline_at is not None
        return CaseDeadline(
            case_id=case.case_id,
            status=case.status.value,
            deadline_at=case.deadline_at,
            detected_at=event.occurred_at,
            routes=list(case.routes),
        )
    return None


def envelopes(
    events: list[DomainEvent],
    case: CaseState,
    *,
    opened: CaseOpened | None = None,
    seed: uuid.UUID | None = None,
) -> list[Envelope[Any]]:
    """Envelopes for the contracted events; `seed` (a source event id) fixes ids on redelivery."""
    found = []
    for event in events:
        payload = _payload(event, case, opened)
        if payload is None:
            continue
        found.append(
            Envelope[Any](
                id=uuid.uuid5(seed, event.type.value)
                if seed
                else event_id(case.case_id, event.case_version, event.type.value),
                source=SOURCE,
                type=event.type.value,
                subject=case.case_id,
                time=event.occurred_at,
                data=payload,
            )
        )
    return found


def outbox_entries(
    events: list[DomainEvent],
    case: CaseState,
    *,
    traceparent: str | None,
    opened: CaseOpened | None = None,
    seed: uuid.UUID | None = None,
) -> list[Document]:
    return [
        outbox_entry(envelope, key=case.case_id, traceparent=traceparent)
        for envelope in envelopes(events, case, opened=opened, seed=seed)
    ]
