"""Commands, in the imperative. Each carries a `command` tag so the API can parse a union.

Fields a transition requires are optional here on purpose: the transition table says what
each needs and the domain raises `MissingField`, so callers get one kind of error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator

from schemas.cases import TrackKind
from schemas.triage import Category, SubjectType, authority_of
from services.cases.domain.vocabulary import Outcome, SanctionLevel


class _Command(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    reason: str | None = None


class StartReview(_Command):
    command: Literal["start_review"] = "start_review"


class RequestCompletion(_Command):
    command: Literal["request_completion"] = "request_completion"
    missing: tuple[str, ...] = ()  # e.g. ("reporter_address", "evidence")


class RecordCompletion(_Command):
    command: Literal["record_completion"] = "record_completion"


class Register(_Command):
    command: Literal["register"] = "register"


class RegisterAsFinding(_Command):
    command: Literal["register_as_finding"] = "register_as_finding"


class NotRegister(_Command):
    command: Literal["not_register"] = "not_register"


class Withdraw(_Command):
    command: Literal["withdraw"] = "withdraw"


class TakeOver(_Command):
    command: Literal["take_over"] = "take_over"


class StartClarification(_Command):
    command: Literal["start_clarification"] = "start_clarification"


class ExtendClarification(_Command):
    command: Literal["extend_clarification"] = "extend_clarification"


class DecidePlenary(_Command):
    command: Literal["decide_plenary"] = "decide_plenary"
    outcomes: frozenset[Outcome] = frozenset()


class ForwardToBkn(_Command):
    command: Literal["forward_to_bkn"] = "forward_to_bkn"


class ForwardToGakkumdu(_Command):
    command: Literal["forward_to_gakkumdu"] = "forward_to_gakkumdu"


class ForwardToAuthority(_Command):
    """Administrative, organiser-ethics or other-law dispositions to a named body (KPU, DKPP)."""

    command: Literal["forward_to_authority"] = "forward_to_authority"
    track: TrackKind | None = None
    recipient: str | None = None


class StartBknVerification(_Command):
    command: Literal["start_bkn_verification"] = "start_bkn_verification"


class RecordBknRecommendation(_Command):
    command: Literal["record_bkn_recommendation"] = "record_bkn_recommendation"
    sanction_level: SanctionLevel | None = None
    ppk_agency: str | None = None  # the PPK the recommendation goes to, e.g. "PEMKAB:18.12"


class RecordSanction(_Command):
    command: Literal["record_sanction"] = "record_sanction"
    sanction_level: SanctionLevel | None = None


class Escalate(_Command):
    command: Literal["escalate"] = "escalate"


class ConcludeTrack(_Command):
    """Record how a forwarded track ended without a sanction recorded here (reason = result)."""

    command: Literal["conclude_track"] = "conclude_track"
    track: TrackKind | None = None


class CorrectTriage(_Command):
    """Staff correct triage's category, subject type, region or routes (reason = why).

    Unset fields keep their value; routes, when not given, follow the corrected fields.
    """

    command: Literal["correct_triage"] = "correct_triage"
    category: Category | None = None
    subject_type: SubjectType | None = None
    region_code: str | None = Field(default=None, pattern=r"^\d{2}(\.\d{2})?$")
    routes: tuple[str, ...] | None = None

    @field_validator("routes")
    @classmethod
    def _known_routes(cls, routes: tuple[str, ...] | None) -> tuple[str, ...] | None:
        for route in routes or ():
            authority_of(route)  # ValueError names the route no rule can produce
        return routes


class Close(_Command):
    command: Literal["close"] = "close"


class Reopen(_Command):
    command: Literal["reopen"] = "reopen"


class LinkReport(_Command):
    command: Literal["link_report"] = "link_report"
    report_id: str | None = None
    anonymous: bool = True  # fail closed: a link never makes a case registrable by accident


class UnlinkReport(_Command):
    command: Literal["unlink_report"] = "unlink_report"
    report_id: str | None = None


AnyCommand = (
    StartReview
    | RequestCompletion
    | RecordCompletion
    | Register
    | RegisterAsFinding
    | NotRegister
    | Withdraw
    | TakeOver
    | StartClarification
    | ExtendClarification
    | DecidePlenary
    | ForwardToBkn
    | ForwardToGakkumdu
    | ForwardToAuthority
    | StartBknVerification
    | RecordBknRecommendation
    | RecordSanction
    | Escalate
    | ConcludeTrack
    | CorrectTriage
    | Close
    | Reopen
    | LinkReport
    | UnlinkReport
)

# For parsing: `TypeAdapter(Command).validate_python({"command": "register", ...})`.
Command = Annotated[AnyCommand, Field(discriminator="command")]
LINK_COMMANDS = frozenset({"link_report", "unlink_report"})  # they have endpoints of their own
_COMMANDS: TypeAdapter[AnyCommand] = TypeAdapter(Command)


def parse_command(fields: Mapping[str, Any]) -> AnyCommand:
    """A command from plain fields; raises pydantic's ValidationError naming the field."""
    return _COMMANDS.validate_python(dict(fields))
