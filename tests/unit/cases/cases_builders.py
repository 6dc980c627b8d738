"""Builders for the case domain tests: actors, and a case in any status reached by transitions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from schemas.cases import TrackKind
from schemas.triage import Category, SubjectType
from services.cases.domain.lifecycle.commands import (
    AnyCommand,
    Close,
    ConcludeTrack,
    DecidePlenary,
    Escalate,
    ExtendClarification,
    ForwardToBkn,
    ForwardToGakkumdu,
    LinkReport,
    NotRegister,
    RecordBknRecommendation,
    RecordSanction,
    Register,
    RegisterAsFinding,
    RequestCompletion,
    StartBknVerification,
    StartClarification,
    StartReview,
    Withdraw,
)
from services.cases.domain.lifecycle.opening import open_case
from services.cases.domain.lifecycle.transition import transition
from services.cases.domain.model import Actor, CaseState
from services.cases.domain.vocabulary import ElectionType, Outcome, Role, SanctionLevel
from tests.unit.cases.packaged_rules import packaged_policy

# Monday 2 March 2026, 09:00 WIB: clear of holidays for a couple of weeks.
T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)

BAWASLU_KAB = Actor(name="Ani", role=Role.BAWASLU, region="18.12")
BAWASLU_PROV = Actor(name="Budi", role=Role.BAWASLU, region="18")
BAWASLU_OTHER = Actor(name="Citra", role=Role.BAWASLU, region="35")
BAWASLU_RI = Actor(name="Dewi", role=Role.BAWASLU, region="RI")
BKN = Actor(name="Eko", role=Role.BKN, region="RI")
GAKKUMDU = Actor(name="Fajar", role=Role.GAKKUMDU, region="18.12")
KEMENDAGRI = Actor(name="Gita", role=Role.KEMENDAGRI)
PPK = Actor(name="Hadi", role=Role.PPK, agency="PEMKAB:18.12")
OPS = Actor(name="Indra", role=Role.OPS)
ADMIN = Actor(name="Joko", role=Role.ADMIN)

ALL_OUTCOMES = frozenset({Outcome.NEUTRALITY, Outcome.CRIMINAL, Outcome.ETHICS})
Step = tuple[AnyCommand, Actor]


def new_case(
    *,
    anonymous: bool = False,
    election_type: ElectionType = ElectionType.PEMILU,
    category: Category = Category.MONEY_POLITICS,
    subject_type: SubjectType = SubjectType.ASN,
    region_code: str | None = "18.12",
    routes: Sequence[str] = ("BAWASLU:18.12", "GAKKUMDU:18.12"),
    now: datetime = T0,
) -> CaseState:
    case, _ = open_case(
        case_id="CASE-1",
        report_id="R1",
        anonymous=anonymous,
        election_type=election_type,
        category=category,
        subject_type=subject_type,
        region_code=region_code,
        routes=routes,
        needs_review=False,
        now=now,
        policy=packaged_policy(),
    )
    return case


def run(case: CaseState, steps: Sequence[Step], *, start: datetime = T0) -> CaseState:
    """Apply steps one hour apart, as the named actors."""
    for i, (command, actor) in enumerate(steps, start=1):
        case, _ = transition(
            case, command, actor=actor, now=start + timedelta(hours=i), policy=packaged_policy()
        )
    return case


B = BAWASLU_KAB
LINK_SECOND: list[Step] = [(LinkReport(report_id="R2", anonymous=True), B)]
REVIEW: list[Step] = [*LINK_SECOND, (StartReview(), B)]
REGISTER: list[Step] = [*REVIEW, (Register(), B)]
CLARIFY: list[Step] = [*REGISTER, (StartClarification(), B)]


def decide(outcomes: frozenset[Outcome]) -> list[Step]:
    return [*CLARIFY, (DecidePlenary(outcomes=outcomes, reason="pleno"), B)]


FORWARD: list[Step] = [*decide(ALL_OUTCOMES), (ForwardToBkn(), B), (ForwardToGakkumdu(), B)]
VERIFY: list[Step] = [*FORWARD, (StartBknVerification(), BKN)]
RECOMMEND: list[Step] = [
    *VERIFY,
    (RecordBknRecommendation(sanction_level=SanctionLevel.MEDIUM, ppk_agency="PEMKAB:18.12"), BKN),
]
DONE: list[Step] = [
    *decide(frozenset({Outcome.NEUTRALITY, Outcome.CRIMINAL})),
    (ForwardToGakkumdu(), B),
    (ForwardToBkn(), B),
    (StartBknVerification(), BKN),
    (RecordBknRecommendation(sanction_level=SanctionLevel.LIGHT, ppk_agency="PEMKAB:18.12"), BKN),
    (ConcludeTrack(track=TrackKind.CRIMINAL, reason="SP3: not pursued"), GAKKUMDU),
    (RecordSanction(sanction_level=SanctionLevel.LIGHT), PPK),
]

# Each variant: (anonymous?, steps). Named after the status it ends in, plus a qualifier.
VARIANTS: dict[str, tuple[bool, list[Step]]] = {
    "received": (False, LINK_SECOND),
    "received/anonymous": (True, LINK_SECOND),
    "preliminary_review": (False, REVIEW),
    "preliminary_review/anonymous": (True, REVIEW),
    "needs_completion": (False, [*REVIEW, (RequestCompletion(missing=("evidence",)), B)]),
    "not_registered": (False, [*REVIEW, (NotRegister(reason="outside the time limit"), B)]),
    "withdrawn": (False, [*LINK_SECOND, (Withdraw(reason="reporter withdrew"), B)]),
    "registered": (False, REGISTER),
    "registered/finding": (True, [*LINK_SECOND, (RegisterAsFinding(reason="temuan"), B)]),
    "clarification": (False, CLARIFY),
    "clarification/extended": (False, [*CLARIFY, (ExtendClarification(reason="more"), B)]),
    "plenary_decided/not_a_violation": (False, decide(frozenset({Outcome.NOT_A_VIOLATION}))),
    "plenary_decided/tracks": (False, decide(ALL_OUTCOMES)),
    "forwarded": (False, FORWARD),
    "forwarded/criminal_only": (
        False,
        [*decide(frozenset({Outcome.CRIMINAL})), (ForwardToGakkumdu(), B)],
    ),
    "bkn_verification": (False, VERIFY),
    "ppk_examination": (False, RECOMMEND),
    "escalated": (False, [*RECOMMEND, (Escalate(reason="PPK silent for 10 days"), BKN)]),
    "ppk_examination/done": (False, DONE),
    "closed": (False, [*DONE, (Close(reason="sanction recorded"), BKN)]),
}


def build(variant: str) -> CaseState:
    anonymous, steps = VARIANTS[variant]
    return run(new_case(anonymous=anonymous), steps)
