"""Payloads on `netra.cases.events.v1` (key: case_id)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from schemas.triage import Category, SubjectType


class CaseStatus(StrEnum):
    """Headline status of a case (DOMAIN.md section 3). Track detail lives on `Track`."""

    RECEIVED = "received"
    PRELIMINARY_REVIEW = "preliminary_review"
    NEEDS_COMPLETION = "needs_completion"
    NOT_REGISTERED = "not_registered"
    WITHDRAWN = "withdrawn"
    REGISTERED = "registered"
    CLARIFICATION = "clarification"
    PLENARY_DECIDED = "plenary_decided"
    FORWARDED = "forwarded"
    BKN_VERIFICATION = "bkn_verification"
    PPK_EXAMINATION = "ppk_examination"
    ESCALATED = "escalated"
    CLOSED = "closed"


class TrackKind(StrEnum):
    """A disposition the case carries after the plenary; one per violation outcome."""

    NEUTRALITY = "neutrality"
    CRIMINAL = "criminal"
    ADMINISTRATIVE = "administrative"
    ETHICS = "ethics"
    OTHER_LAW = "other_law"


class TrackStatus(StrEnum):
    PENDING = "pending"  # decided by the plenary, not yet forwarded
    FORWARDED = "forwarded"
    IN_VERIFICATION = "in_verification"  # neutrality: BKN verifying
    AWAITING_PPK = "awaiting_ppk"  # neutrality: recommendation sent to the PPK
    ESCALATED = "escalated"  # neutrality: PPK did not act
    SANCTIONED = "sanctioned"
    CONCLUDED = "concluded"  # finished without a sanction recorded here


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
    # What staff read models need to show the case without reading the store (issue 9):
    # optional, so an event from a producer that predates them still decodes.
    status: str | None = None
    election_type: str | None = None
    deadline_at: datetime | None = None
    deadline_state: str | None = None
    tracking_code: str | None = None


class CaseReportLinked(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    case_id: str
    report_id: str
    linked_at: datetime
    linked_reports: int
    tracking_code: str | None = None  # the linked report's, for the public status look-up


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
