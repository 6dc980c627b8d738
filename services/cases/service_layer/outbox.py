"""Domain events -> CloudEvents envelopes in the case document's outbox.

Every event type with a published contract (schemas/topics.py) leaves the service, its
payload built by `event_payloads` with what consumers need of the case; the rest
(completion requested, plenary decided, ...) are facts on the timeline, and reach
consumers as the `case.status_changed` they cause.
"""

from __future__ import annotations

import uuid
from typing import Any

from schemas.cases import CaseOpened
from schemas.envelope import Envelope
from services.cases.domain.lifecycle.events import DomainEvent
from services.cases.domain.model import CaseState
from services.cases.service_layer.event_payloads import EventContext, payload
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


def envelopes(
    events: list[DomainEvent],
    case: CaseState,
    *,
    context: EventContext,
    opened: CaseOpened | None = None,
    seed: uuid.UUID | None = None,
) -> list[Envelope[Any]]:
    """Envelopes for the contracted events; `seed` (a source event id) fixes ids on redelivery."""
    found = []
    for event in events:
        data = payload(event, case, context, opened)
        if data is None:
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
                data=data,
            )
        )
    return found


def outbox_entries(
    events: list[DomainEvent],
    case: CaseState,
    *,
    traceparent: str | None,
    context: EventContext,
    opened: CaseOpened | None = None,
    seed: uuid.UUID | None = None,
) -> list[Document]:
    return [
        outbox_entry(envelope, key=case.case_id, traceparent=traceparent)
        for envelope in envelopes(events, case, context=context, opened=opened, seed=seed)
    ]
