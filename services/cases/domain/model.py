"""The case as the domain sees it: a frozen, JSON-round-trippable pydantic model."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, JsonValue, StringConstraints, model_validator

from schemas.cases import CaseStatus, TrackKind, TrackStatus
from schemas.triage import Category, SubjectType
from services.cases.domain.vocabulary import (
    FINISHED_TRACK_STATUSES,
    DeadlineState,
    ElectionType,
    Outcome,
    Registration,
    Role,
    SanctionLevel,
)

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
NATIONAL = "RI"  # the region of a national office (Bawaslu RI, BKN pusat, Gakkumdu pusat)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Actor(_Frozen):
    """Who acts. `region` is a Kemendagri code or "RI"; None scopes a regional role to nothing."""

    name: Name
    role: Role
    region: str | None = None
    agency: str | None = None
    # The staff token's subject: what a hotline report records as its operator, and how
    # an operator is matched to the reports it filed (access.py).
    subject: str | None = None


SYSTEM_ACTOR = Actor(name="netra-cases", role=Role.SYSTEM)  # deliveries, deadlines, dedup links


class ActorRef(_Frozen):
    """What the timeline keeps of an actor: enough to audit, nothing personal beyond the name."""

    name: str
    role: Role


class TimelineEntry(_Frozen):
    at: datetime
    actor: ActorRef
    action: str
    from_status: CaseStatus | None
    to_status: CaseStatus
    reason: str | None = None
    trace_id: str | None = None
    details: dict[str, JsonValue] = {}


class LinkedReport(_Frozen):
    report_id: str
    anonymous: bool
    linked_at: datetime
    filed_by: str | None = None  # the operator (staff subject) of a hotline report


class Track(_Frozen):
    """One disposition (neutrality to BKN, crime to Gakkumdu, ...) and how far it got."""

    kind: TrackKind
    status: TrackStatus = TrackStatus.PENDING
    decided_at: datetime
    recipient: str | None = None
    forwarded_at: datetime | None = None
    recommended_sanction: SanctionLevel | None = None
    ppk_agency: str | None = None
    sanction: SanctionLevel | None = None
    personnel_data_blocked: bool = False
    result: str | None = None
    finished_at: datetime | None = None

    @property
    def finished(self) -> bool:
        return self.status in FINISHED_TRACK_STATUSES


class CaseState(_Frozen):
    case_id: str
    status: CaseStatus
    opened_at: datetime
    election_type: ElectionType
    category: Category
    subject_type: SubjectType
    region_code: str | None
    routes: tuple[str, ...] = ()
    needs_review: bool = False
    anonymous: bool
    reports: tuple[LinkedReport, ...] = Field(min_length=1)
    registration: Registration | None = None
    outcomes: tuple[Outcome, ...] = ()
    tracks: tuple[Track, ...] = ()
    clarification_extended: bool = False
    deadline_at: datetime | None = None
    deadline_state: DeadlineState | None = None
    deadline_uncertain: bool = False
    deadline_approximate: bool = False
    # Repeats of a missed deadline so far, and when the next is due (the scan's query).
    deadline_reminders: int = Field(default=0, ge=0)
    deadline_remind_at: datetime | None = None
    timeline: tuple[TimelineEntry, ...] = ()
    version: int = Field(default=1, ge=1)

    @model_validator(mode="after")
    def _consistent(self) -> CaseState:
        if self.anonymous != all(r.anonymous for r in self.reports):
            raise ValueError(
                "anonymous must be true exactly when no linked report names its reporter"
            )
        if len({r.report_id for r in self.reports}) != len(self.reports):
            raise ValueError("a report is linked twice")
        if len({t.kind for t in self.tracks}) != len(self.tracks):
            raise ValueError("a case carries at most one track of each kind")
        if (self.deadline_at is None) != (self.deadline_state is None):
            raise ValueError("deadline_state is set exactly when deadline_at is")
        return self

    def track(self, kind: TrackKind) -> Track | None:
        return next((t for t in self.tracks if t.kind == kind), None)

    @property
    def open_tracks(self) -> tuple[Track, ...]:
        return tuple(t for t in self.tracks if not t.finished)

    @property
    def bawaslu_routes(self) -> tuple[str, ...]:
        return tuple(r.removeprefix("BAWASLU:") for r in self.routes if r.startswith("BAWASLU:"))
