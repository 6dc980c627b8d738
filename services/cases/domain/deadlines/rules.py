"""The deadline configuration as validated models (adapters/deadline_rules_file reads it)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from schemas.cases import CaseStatus, TrackKind
from services.cases.domain.vocabulary import DayUnit, ElectionType


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DeadlineRule(_Frozen):
    amount: int = Field(ge=1)
    unit: DayUnit
    counted_from: tuple[str, ...] = ()
    extension: int | None = Field(default=None, ge=1)
    when_track: TrackKind | None = None
    basis: Annotated[str, StringConstraints(min_length=1)]
    uncertain: bool = False
    alternatives: tuple[int, ...] = ()
    note: str | None = None


class ElectionDeadlines(_Frozen):
    reporting_window: DeadlineRule
    statuses: dict[CaseStatus, DeadlineRule] = {}
    tracks: dict[TrackKind, DeadlineRule] = {}


class DeadlineRules(_Frozen):
    version: str
    cuti_bersama_is_day_off: bool = True
    warn_before_hours: int = Field(ge=0)
    # A missed deadline is announced again this often until the step is done; None: once.
    remind_missed_every_hours: int | None = Field(default=None, ge=1)
    election_types: dict[ElectionType, ElectionDeadlines]

    def for_election(self, election_type: ElectionType) -> ElectionDeadlines:
        return self.election_types[election_type]
