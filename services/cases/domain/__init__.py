"""Pure domain of the cases service: lifecycle, deadlines, access policy. No I/O.

Entry points: `open_case`, `transition`, `allowed_commands`, `refresh_deadline`,
`split_report`; policy: `can_view`, `can_read_reporter`, `can_act`; deadlines:
`deadline_for`, `deadline_state`, `DeadlinePolicy`.
"""

from schemas.cases import CaseStatus, TrackKind, TrackStatus
from services.cases.domain.access import can_act, can_read_reporter, can_view, commands_for_role
from services.cases.domain.case_deadlines import (
    DeadlinePolicy,
    case_deadline,
    default_deadline_policy,
)
from services.cases.domain.commands import (
    AnyCommand,
    Close,
    Command,
    ConcludeTrack,
    DecidePlenary,
    Escalate,
    ExtendClarification,
    ForwardToAuthority,
    ForwardToBkn,
    ForwardToGakkumdu,
    LinkReport,
    NotRegister,
    RecordBknRecommendation,
    RecordCompletion,
    RecordSanction,
    Register,
    RegisterAsFinding,
    Reopen,
    RequestCompletion,
    StartBknVerification,
    StartClarification,
    StartReview,
    TakeOver,
    UnlinkReport,
    Withdraw,
)
from services.cases.domain.deadline_rules import DeadlineRules, load_deadline_rules
from services.cases.domain.deadline_watch import refresh_deadline
from services.cases.domain.deadlines import (
    Deadline,
    deadline_for,
    deadline_state,
    reporting_deadline,
)
from services.cases.domain.errors import (
    CaseError,
    DeadlineConfigError,
    FormalRequirementNotMet,
    HolidayDataMissing,
    InvalidTransition,
    MissingField,
    NotAllowed,
)
from services.cases.domain.events import DomainEvent, EventType
from services.cases.domain.lifecycle import allowed_commands, transition
from services.cases.domain.model import (
    Actor,
    ActorRef,
    CaseState,
    LinkedReport,
    TimelineEntry,
    Track,
)
from services.cases.domain.opening import SYSTEM_ACTOR, open_case
from services.cases.domain.splitting import split_report
from services.cases.domain.table import COMMAND_NAMES, TRANSITIONS, TransitionSpec
from services.cases.domain.vocabulary import (
    DeadlineState,
    ElectionType,
    Outcome,
    Registration,
    Role,
    SanctionLevel,
)
from services.cases.domain.working_calendar import WorkingCalendar

__all__ = [
    "COMMAND_NAMES",
    "SYSTEM_ACTOR",
    "TRANSITIONS",
    "Actor",
    "ActorRef",
    "AnyCommand",
    "CaseError",
    "CaseState",
    "CaseStatus",
    "Close",
    "Command",
    "ConcludeTrack",
    "Deadline",
    "DeadlineConfigError",
    "DeadlinePolicy",
    "DeadlineRules",
    "DeadlineState",
    "DecidePlenary",
    "DomainEvent",
    "ElectionType",
    "Escalate",
    "EventType",
    "ExtendClarification",
    "FormalRequirementNotMet",
    "ForwardToAuthority",
    "ForwardToBkn",
    "ForwardToGakkumdu",
    "HolidayDataMissing",
    "InvalidTransition",
    "LinkReport",
    "LinkedReport",
    "MissingField",
    "NotAllowed",
    "NotRegister",
    "Outcome",
    "RecordBknRecommendation",
    "RecordCompletion",
    "RecordSanction",
    "Register",
    "RegisterAsFinding",
    "Registration",
    "Reopen",
    "RequestCompletion",
    "Role",
    "SanctionLevel",
    "StartBknVerification",
    "StartClarification",
    "StartReview",
    "TakeOver",
    "TimelineEntry",
    "Track",
    "TrackKind",
    "TrackStatus",
    "TransitionSpec",
    "UnlinkReport",
    "Withdraw",
    "WorkingCalendar",
    "allowed_commands",
    "can_act",
    "can_read_reporter",
    "can_view",
    "case_deadline",
    "commands_for_role",
    "deadline_for",
    "deadline_state",
    "default_deadline_policy",
    "load_deadline_rules",
    "open_case",
    "refresh_deadline",
    "reporting_deadline",
    "split_report",
    "transition",
]
