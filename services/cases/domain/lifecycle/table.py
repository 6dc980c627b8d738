"""The transition table as data: from where, to where, by whom, needing what, emitting what.

Handlers (intake_steps, forwarding_steps, track_steps, corrections, linking) add the
checks that need the case's detail (tracks, reporters); all else is a table entry here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from schemas.cases import CaseStatus as S
from services.cases.domain.lifecycle.events import EventType as E
from services.cases.domain.vocabulary import Role as R

# Where a command leaves the case when the target is not a fixed status.
Target = S | Literal["unchanged", "previous", "forwarded_or_unchanged"]


@dataclass(frozen=True)
class TransitionSpec:
    command: str
    sources: frozenset[S]
    target: Target
    roles: frozenset[R]
    requires: tuple[str, ...] = ()
    emits: tuple[E, ...] = ()


BAWASLU = frozenset({R.BAWASLU, R.ADMIN})
ALL_STATUSES = frozenset(S)
BEFORE_PLENARY = frozenset(
    {S.RECEIVED, S.PRELIMINARY_REVIEW, S.NEEDS_COMPLETION, S.REGISTERED, S.CLARIFICATION}
)
AFTER_PLENARY_OPEN = frozenset(
    {S.PLENARY_DECIDED, S.FORWARDED, S.BKN_VERIFICATION, S.PPK_EXAMINATION, S.ESCALATED}
)
FORWARDED_ON = frozenset({S.FORWARDED, S.BKN_VERIFICATION, S.PPK_EXAMINATION, S.ESCALATED})
CHANGED = (E.STATUS_CHANGED,)


def _spec(
    command: str,
    sources: frozenset[S],
    target: Target,
    roles: frozenset[R],
    requires: tuple[str, ...] = (),
    emits: tuple[E, ...] = (),
) -> TransitionSpec:
    return TransitionSpec(command, sources, target, roles, requires, emits)


TRANSITIONS: dict[str, TransitionSpec] = {
    s.command: s
    for s in (
        _spec("start_review", frozenset({S.RECEIVED}), S.PRELIMINARY_REVIEW, BAWASLU, (), CHANGED),
        _spec(
            "request_completion",
            frozenset({S.PRELIMINARY_REVIEW}),
            S.NEEDS_COMPLETION,
            BAWASLU,
            ("missing",),
            (*CHANGED, E.COMPLETION_REQUESTED),
        ),
        _spec(
            "record_completion",
            frozenset({S.NEEDS_COMPLETION}),
            S.PRELIMINARY_REVIEW,
            BAWASLU,
            (),
            CHANGED,
        ),
        _spec(
            "register",
            frozenset({S.PRELIMINARY_REVIEW}),
            S.REGISTERED,
            BAWASLU,
            (),
            (*CHANGED, E.REGISTERED),
        ),
        _spec(
            "register_as_finding",
            frozenset({S.RECEIVED, S.PRELIMINARY_REVIEW, S.NEEDS_COMPLETION, S.NOT_REGISTERED}),
            S.REGISTERED,
            BAWASLU,
            ("reason",),
            (*CHANGED, E.REGISTERED),
        ),
        _spec(
            "not_register",
            frozenset({S.PRELIMINARY_REVIEW, S.NEEDS_COMPLETION}),
            S.NOT_REGISTERED,
            BAWASLU,
            ("reason",),
            CHANGED,
        ),
        _spec("withdraw", BEFORE_PLENARY, S.WITHDRAWN, BAWASLU, ("reason",), CHANGED),
        _spec(
            "take_over",
            BEFORE_PLENARY | {S.PLENARY_DECIDED},
            "unchanged",
            frozenset({R.BAWASLU}),
            ("reason",),
            (E.TAKEN_OVER,),
        ),
        _spec(
            "correct_triage",
            BEFORE_PLENARY | {S.PLENARY_DECIDED},
            "unchanged",
            BAWASLU,
            ("reason",),
            (E.TRIAGE_CORRECTED,),
        ),
        _spec(
            "start_clarification",
            frozenset({S.REGISTERED}),
            S.CLARIFICATION,
            BAWASLU,
            (),
            CHANGED,
        ),
        _spec(
            "extend_clarification",
            frozenset({S.CLARIFICATION}),
            "unchanged",
            BAWASLU,
            ("reason",),
            (E.CLARIFICATION_EXTENDED,),
        ),
        _spec(
            "decide_plenary",
            frozenset({S.CLARIFICATION}),
            S.PLENARY_DECIDED,
            BAWASLU,
            ("outcomes", "reason"),
            (*CHANGED, E.PLENARY_DECIDED, E.DISPOSITION_RECORDED),
        ),
        _spec(
            "forward_to_bkn",
            frozenset({S.PLENARY_DECIDED, S.FORWARDED}),
            S.FORWARDED,
            BAWASLU,
            (),
            (*CHANGED, E.FORWARDED),
        ),
        _spec(
            "forward_to_gakkumdu",
            AFTER_PLENARY_OPEN,
            "forwarded_or_unchanged",
            BAWASLU,
            (),
            (*CHANGED, E.FORWARDED),
        ),
        _spec(
            "forward_to_authority",
            AFTER_PLENARY_OPEN,
            "forwarded_or_unchanged",
            BAWASLU,
            ("track", "recipient"),
            (*CHANGED, E.FORWARDED),
        ),
        _spec(
            "start_bkn_verification",
            frozenset({S.FORWARDED}),
            S.BKN_VERIFICATION,
            frozenset({R.BKN, R.ADMIN}),
            (),
            CHANGED,
        ),
        _spec(
            "record_bkn_recommendation",
            frozenset({S.BKN_VERIFICATION}),
            S.PPK_EXAMINATION,
            frozenset({R.BKN, R.ADMIN}),
            ("sanction_level",),
            (*CHANGED, E.DISPOSITION_RECORDED),
        ),
        _spec(
            "record_sanction",
            frozenset({S.PPK_EXAMINATION, S.ESCALATED}),
            "unchanged",
            frozenset({R.PPK, R.BKN, R.ADMIN}),
            ("sanction_level",),
            (E.SANCTION_RECORDED, E.DISPOSITION_RECORDED),
        ),
        _spec(
            "escalate",
            frozenset({S.PPK_EXAMINATION}),
            S.ESCALATED,
            frozenset({R.BKN, R.KEMENDAGRI, R.ADMIN}),
            ("reason",),
            (*CHANGED, E.ESCALATED),
        ),
        _spec(
            "conclude_track",
            FORWARDED_ON,
            "unchanged",
            frozenset({R.BAWASLU, R.BKN, R.GAKKUMDU, R.ADMIN}),
            ("track", "reason"),
            (E.DISPOSITION_RECORDED,),
        ),
        _spec(
            "close",
            AFTER_PLENARY_OPEN,
            S.CLOSED,
            frozenset({R.BAWASLU, R.BKN, R.ADMIN}),
            (),
            (*CHANGED, E.CLOSED),
        ),
        _spec(
            "reopen",
            frozenset({S.CLOSED, S.NOT_REGISTERED, S.WITHDRAWN}),
            "previous",
            frozenset({R.ADMIN}),
            ("reason",),
            (*CHANGED, E.REOPENED),
        ),
        _spec(
            "link_report",
            ALL_STATUSES,
            "unchanged",
            frozenset({R.BAWASLU, R.OPS, R.ADMIN, R.SYSTEM}),
            ("report_id",),
            (E.REPORT_LINKED,),
        ),
        _spec(
            "unlink_report",
            ALL_STATUSES,
            "unchanged",
            frozenset({R.BAWASLU, R.OPS, R.ADMIN}),
            ("report_id", "reason"),
            (E.REPORT_UNLINKED,),
        ),
    )
}

# Who may conclude which track: each body records the end of its own process.
TRACK_CONCLUDERS: dict[str, frozenset[R]] = {
    "neutrality": frozenset({R.BKN, R.ADMIN}),
    "criminal": frozenset({R.GAKKUMDU, R.ADMIN}),
    "administrative": BAWASLU,
    "ethics": BAWASLU,
    "other_law": BAWASLU,
}
