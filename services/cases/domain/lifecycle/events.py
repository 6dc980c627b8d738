"""Domain events, in the past tense. The shell wraps them in the CloudEvents envelope."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, JsonValue


class EventType(StrEnum):
    OPENED = "case.opened"
    STATUS_CHANGED = "case.status_changed"
    COMPLETION_REQUESTED = "case.completion_requested"
    REGISTERED = "case.registered"
    TAKEN_OVER = "case.taken_over"
    TRIAGE_CORRECTED = "case.triage_corrected"
    CLARIFICATION_EXTENDED = "case.clarification_extended"
    PLENARY_DECIDED = "case.plenary_decided"
    DISPOSITION_RECORDED = "case.disposition_recorded"
    FORWARDED = "case.forwarded"
    ESCALATED = "case.escalated"
    SANCTION_RECORDED = "case.sanction_recorded"
    CLOSED = "case.closed"
    REOPENED = "case.reopened"
    REPORT_LINKED = "case.report_linked"
    REPORT_UNLINKED = "case.report_unlinked"
    DEADLINE_APPROACHING = "case.deadline_approaching"
    DEADLINE_MISSED = "case.deadline_missed"
    ASSIGNED = "case.assigned"


class DomainEvent(BaseModel):
    """One fact about a case; `case_version` is the version it produced (ordering, dedup)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: EventType
    case_id: str
    case_version: int
    occurred_at: datetime
    trace_id: str | None = None
    data: dict[str, JsonValue] = {}
