"""Reports as submitted to intake and as carried on `netra.reports.received.v1`."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

REGION_CODE_PATTERN = r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$"

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
RegionCode = Annotated[str, StringConstraints(pattern=REGION_CODE_PATTERN)]


class Channel(StrEnum):
    WEB = "web"
    API = "api"
    HOTLINE = "hotline"
    SMS = "sms"
    WHATSAPP = "whatsapp"
    EMAIL = "email"
    BAWASLU_FEED = "bawaslu_feed"


class ReporterContact(BaseModel):
    """Who filed the report. Plain only inside intake; sealed before it leaves."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    anonymous: bool = False
    name: ShortText | None = None
    phone: Annotated[str, StringConstraints(pattern=r"^\+?[0-9 ()-]{6,20}$")] | None = None
    email: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = None
    nik: Annotated[str, StringConstraints(pattern=r"^\d{16}$")] | None = None
    address: Annotated[str, StringConstraints(max_length=500)] | None = None
    wants_updates: bool = False
    # The language updates are sent in: the portal's (?lang=), else the API body's; id default.
    language: Literal["id", "en"] = "id"
    # Named, but the name is never shown to the reported party (SP4N-LAPOR!'s "rahasia").
    confidential: bool = False

    @model_validator(mode="after")
    def _anonymous_has_no_identity(self) -> ReporterContact:
        if self.anonymous and (self.name or self.nik):
            raise ValueError("an anonymous report cannot carry a name or NIK")
        return self


class ReportContent(BaseModel):
    """What the report says: the fields triage reads. Never personal data of the reporter."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    channel: Channel
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=20_000)]
    location_text: Annotated[str, StringConstraints(max_length=500)] | None = None
    region_code: RegionCode | None = None
    reported_name: ShortText | None = None
    reported_position: ShortText | None = None
    reported_agency: ShortText | None = None
    occurred_on: date | None = None
    known_on: date | None = None
    # Where a report filed by another system came from: the feed (its authenticated
    # name, e.g. "bawaslu-sigaplapor") and that system's own id of the report. Only
    # intake's feed route sets them; the public API refuses them (issue 12).
    source: ShortText | None = None
    source_id: ShortText | None = None
    # The form's "evidence" list in the reporter's words (the files themselves: `evidence`).
    evidence_text: Annotated[str, StringConstraints(max_length=2000)] | None = None

    @model_validator(mode="after")
    def _known_not_before_occurred(self) -> ReportContent:
        if self.occurred_on and self.known_on and self.known_on < self.occurred_on:
            raise ValueError("known_on cannot be earlier than occurred_on")
        return self


MAX_WITNESSES = 5


class WitnessContact(BaseModel):
    """Someone who saw it happen. Plain only inside intake; sealed like the reporter."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: ShortText
    contact: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None


class ReportSubmission(ReportContent):
    """Body of `POST /v1/reports`."""

    reporter: ReporterContact = Field(default_factory=ReporterContact)
    witnesses: Annotated[list[WitnessContact], Field(max_length=MAX_WITNESSES)] = []


# The report form as both forms lay it out, the citizens' portal (intake) and the hotline
# desk (cases): its inputs named as the `ReportSubmission` fields they fill, so the two
# forms and the API cannot drift apart.
FORM_CONTENT_FIELDS = (
    "text",
    "location_text",
    "occurred_on",
    "known_on",
    "reported_name",
    "reported_position",
    "reported_agency",
    "evidence_text",
)
FORM_REPORTER_FIELDS = ("name", "phone", "email", "address")  # of `ReporterContact`
# Two witness rows (`witness_<n>_name`, `witness_<n>_contact`): no JavaScript adds rows;
# the API takes up to MAX_WITNESSES.
FORM_WITNESS_SLOTS = 2
# The form's `filing` choice: named, named but confidential, or anonymous.
FILING_MODES = ("identified", "confidential", "anonymous")


class SealedReporter(BaseModel):
    """Reporter identity encrypted with AES-GCM; only roles that need it can open it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    anonymous: bool
    wants_updates: bool = False
    language: Literal["id", "en"] = "id"  # of the updates; not personal, so not sealed
    confidential: bool = False
    key_id: str | None = None
    nonce: str | None = None
    ciphertext: str | None = None


def witness_seal_context(report_id: str, index: int) -> str:
    """The associated data a witness is sealed with (intake) and opened with (cases)."""
    return f"{report_id}/witness/{index}"


class SealedWitness(BaseModel):
    """One witness's name and contact, AES-GCM sealed with `<report_id>/witness/<n>` as
    associated data (a ciphertext cannot be moved to another report or witness)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key_id: str
    nonce: str
    ciphertext: str


SHA256_HEX = r"^[0-9a-f]{64}$"


class EvidenceRef(BaseModel):
    """A file stored outside the event (intake's EvidenceStore), named by its content hash.

    `media_type` is what intake sniffed from the bytes, never what the client claimed;
    `sha256` is of the bytes as stored (after an image's metadata was stripped).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    sha256: Annotated[str, StringConstraints(pattern=SHA256_HEX)]
    media_type: str
    size: Annotated[int, Field(ge=1)]
    filename: Annotated[str, StringConstraints(max_length=200)]
    location_kept: bool = False


class DeskFiling(BaseModel):
    """A report an operator took by phone at the hotline desk (issue 12): who took the call
    and that the caller agreed to the report being recorded. The operator is staff (the
    staff token's subject and name), not personal data of the reporter; the caller's
    confidentiality choice is the reporter's own flags (`SealedReporter`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    operator_id: ShortText
    operator_name: ShortText
    # Recorded only as true: the desk files nothing without the caller's consent.
    caller_consented: Literal[True]


class ReportReceived(BaseModel):
    """Payload of `report.received`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    report_id: str
    tracking_code: str
    received_at: datetime
    content: ReportContent
    reporter: SealedReporter
    witnesses: list[SealedWitness] = []
    evidence: list[EvidenceRef] = []
    # Set only by intake's hotline route, for a report an operator filed (channel hotline).
    filed_by: DeskFiling | None = None
