"""What the read models return: queue rows, case pages, statistics (Dispatch's `CaseRead`).

Read models never carry reporter identity; `GET /v1/cases/{id}/reporter` is the only door.
"""

from __future__ import annotations

from datetime import datetime
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from schemas.cases import CaseStatus
from services.cases.domain.vocabulary import DeadlineState
from services.cases.read_models.why_view import WhyRead

T = TypeVar("T")


class _Read(BaseModel):
    model_config = ConfigDict(frozen=True)


class CaseFilters(_Read):
    """Queue filters; every one is optional and they combine with AND."""

    status: CaseStatus | None = None
    category: str | None = None
    region: str | None = Field(default=None, description="region code prefix, e.g. 18 or 18.12")
    authority: str | None = Field(
        default=None, description="route or route prefix, e.g. GAKKUMDU or BAWASLU:18"
    )
    overdue: bool | None = None
    needs_review: bool | None = None
    q: str | None = Field(default=None, description="text in the summary or the case id")
    assignee: str | None = Field(
        default=None, description="an officer's directory id, or `none`: cases nobody has"
    )


class TimelineItem(_Read):
    at: datetime
    action: str
    actor: str | None = None
    role: str | None = None
    from_status: str | None = None
    to_status: str | None = None
    reason: str | None = None
    trace_id: str | None = None
    details: dict[str, JsonValue] = {}


class EvidenceRead(_Read):
    """An evidence file's description; the bytes only through the logged download."""

    sha256: str
    media_type: str
    size: int
    filename: str
    location_kept: bool = False


class LinkedReportRead(_Read):
    report_id: str
    tracking_code: str | None = None
    anonymous: bool
    linked_at: datetime
    evidence: list[EvidenceRead] = []  # empty for roles that see metadata only


class NoteRead(_Read):
    note_id: str
    at: datetime
    author: str
    role: str
    text: str


class CaseSummary(_Read):
    """One queue row. `summary` is None for roles that see metadata only (ops)."""

    case_id: str
    status: CaseStatus
    category: str
    subject_type: str
    region_code: str | None
    routes: list[str]
    needs_review: bool
    election_type: str
    opened_at: datetime
    deadline_at: datetime | None
    deadline_state: DeadlineState | None
    overdue: bool
    linked_reports: int
    assignee: str | None = None
    summary: str | None = None
    version: int


class TrackRead(_Read):
    kind: str
    status: str
    recipient: str | None = None
    recommended_sanction: str | None = None
    sanction: str | None = None
    personnel_data_blocked: bool = False
    result: str | None = None


class CaseRead(CaseSummary):
    """A case page: everything in the row plus timeline, links, tracks, notes and actions."""

    anonymous: bool
    registration: str | None = None
    outcomes: list[str] = []
    tracks: list[TrackRead] = []
    deadline_uncertain: bool = False
    deadline_approximate: bool = False
    reports: list[LinkedReportRead] = []
    timeline: list[TimelineItem] = []
    notes: list[NoteRead] = []
    allowed_actions: list[str] = []
    can_read_reporter: bool = False
    can_assign: bool = False
    can_add_note: bool = False
    can_link: bool = False  # link a report here (the workspace's link page)
    can_split: bool = False  # split one of several reports out into a case of its own

    why: WhyRead | None = None  # triage's decision and the corrections since (why_view.py)


class Page(_Read, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


class SplitResult(_Read):
    source: CaseRead
    new_case: CaseRead


class ReporterRead(_Read):
    """The decrypted identity: returned to the caller, never logged, access recorded."""

    case_id: str
    report_id: str
    anonymous: bool
    identity: dict[str, JsonValue]
    witnesses: list[dict[str, JsonValue]] = []


class StateDuration(_Read):
    status: str
    cases: int
    total_hours: float
    mean_hours: float


class StatsRead(_Read):
    total: int
    by_status: dict[str, int]
    by_category: dict[str, int]
    by_region: dict[str, int]
    by_authority: dict[str, int]
    overdue: int
    overdue_by_status: dict[str, int]
    time_in_state: list[StateDuration]
    generated_at: datetime


ExportFormat = Literal["csv", "jsonl"]
