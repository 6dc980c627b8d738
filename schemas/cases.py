"""Payloads on `netra.cases.events.v1` (key: case_id)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from schemas.triage import Category, SubjectType


class CaseOpened(BaseModel):
    """A new case exists; every routed authority must hear of it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    case_id: str
    report_id: str
    opened_at: datetime
    category: Category
    subject_type: SubjectType
    region_code: str | None
    routes: list[str]
    needs_review: bool
    summary: str
    reported_position: str | None = None
    reported_agency: str | None = None


class CaseReportLinked(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    case_id: str
    report_id: str
    linked_at: datetime
    linked_reports: int


class CaseStatusChanged(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    case_id: str
    from_status: str
    to_status: str
    changed_at: datetime
    actor_role: str
    reason: str | None = None
    routes: list[str] = []


class CaseDeadline(BaseModel):
    """Payload of `case.deadline_approaching` and `case.deadline_missed`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    case_id: str
    status: str
    deadline_at: datetime
    detected_at: datetime
    routes: list[str] = []
