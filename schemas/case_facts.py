"""Blocks the case events share, so a consumer (notify) never reads the cases store.

`CaseFacts` is what the case looked like when the event happened: where it is handled,
its status and dispositions, who works it, and the reporters who asked to hear of it
(their contact stays sealed: only a holder of the reporter key can open it).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from schemas.reports import SealedReporter
from schemas.triage import Category, SubjectType

Language = Literal["id", "en"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Disposition(_Frozen):
    """One track of the case (neutrality to BKN, crime to Gakkumdu, ...) and how far it got."""

    kind: str
    status: str
    recipient: str | None = None


class ReporterToTell(_Frozen):
    """A reporter who asked for updates (`wants_updates`) on a report linked to the case."""

    report_id: str
    tracking_code: str
    language: Language = "id"
    contact: SealedReporter


class CaseFacts(_Frozen):
    """What every case event after `case.opened` carries about the case at that moment.

    `assignee` is the officer's directory id when one is assigned; `unit` is the Bawaslu
    route that handles the case (its supervisor is told of missed deadlines).
    """

    region_code: str | None = None
    status: str | None = None
    routes: list[str] = []
    unit: str | None = None
    dispositions: list[Disposition] = []
    assignee: str | None = None
    reporters: list[ReporterToTell] = []


class ForwardPacket(_Frozen):
    """What the receiving body of a forward needs to start its own procedure.

    Never the reporter's identity: a body that needs it asks Bawaslu, which keeps the
    access record.
    """

    case_id: str
    category: Category
    subject_type: SubjectType
    region_code: str | None
    election_type: str
    summary: str | None = None
    reported_position: str | None = None
    reported_agency: str | None = None
    outcomes: list[str] = []
    plenary_reason: str | None = None
    decided_at: datetime | None = None
    linked_reports: int = 1
