"""Payloads on `netra.cases.events.v1` (key: case_id)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from schemas.case_facts import CaseFacts, ForwardPacket, ReporterToTell
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
    reporters: list[ReporterToTell] = []  # the opening report's, when it wants updates
    # The opening report's intake channel and receipt (the dashboard's reports per day,
    # issue 14); optional like the fields above.
    channel: str | None = None
    received_at: datetime | None = None


class CaseReportLinked(CaseFacts):
    """A report joined the case. From the filing hot path, which reads no case: `routes`
    and `region_code` are the linked report's own triage (duplicates share them)."""

    case_id: str
    report_id: str
    linked_at: datetime
    linked_reports: int
    tracking_code: str | None = None  # the linked report's, for the public status look-up
    channel: str | None = None  # the linked report's intake channel (dashboard, issue 14)
    received_at: datetime | None = None


class CaseStatusChanged(CaseFacts):
    case_id: str
    from_status: str
    to_status: str
    changed_at: datetime
    actor_role: str
    reason: str | None = None
    action: str | None = None  # the command that changed it (register, decide_plenary, ...)
    deadline_at: datetime | None = None


class CaseDeadline(CaseFacts):
    """Payload of `case.deadline_approaching` and `case.deadline_missed`.

    `reminder` counts the repeats of a missed deadline (0: the first notice): the cases
    deadline scan publishes it again every configured interval until the step is done.
    """

    case_id: str
    status: str
    deadline_at: datetime
    detected_at: datetime
    reminder: int = 0


class CaseRegistered(CaseFacts):
    case_id: str
    registered_at: datetime
    registration: str  # report (laporan) or finding (temuan)


class CaseForwarded(CaseFacts):
    """A disposition forwarded: `recipient` is BKN, a Gakkumdu route or a named authority."""

    case_id: str
    forwarded_at: datetime
    track: TrackKind
    recipient: str
    packet: ForwardPacket


class CaseAssigned(CaseFacts):
    case_id: str
    assigned_at: datetime
    previous_assignee: str | None = None


class CaseEscalated(CaseFacts):
    """The PPK did not act: BKN blocks the employee's data and the case goes up a level."""

    case_id: str
    escalated_at: datetime
    track: TrackKind
    reason: str | None = None
    ppk_agency: str | None = None
    personnel_data_blocked: bool = True


class CaseClosed(CaseFacts):
    case_id: str
    closed_at: datetime
    outcomes: list[str] = Field(default_factory=list)
    sanction: str | None = None


class CaseReportUnlinked(CaseFacts):
    case_id: str
    report_id: str
    unlinked_at: datetime
    reason: str | None = None


class TriageDecision(BaseModel):
    """Triage's classification of a case as it stood before a staff correction."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    category: Category
    subject_type: SubjectType
    region_code: str | None = None
    routes: list[str] = []


class CaseTriageCorrected(CaseFacts):
    """Staff corrected category, subject or region; the case's routes (in the facts) are
    re-derived or named by the correction, so a newly routed authority learns of it."""

    case_id: str
    corrected_at: datetime
    category: Category
    subject_type: SubjectType
    before: TriageDecision
    reason: str | None = None
