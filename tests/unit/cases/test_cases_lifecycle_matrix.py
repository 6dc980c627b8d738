"""Every case variant x every command: allowed (one timeline entry, version + 1, events as the
table says) or refused (InvalidTransition, case unchanged). The expectations are written out
here by hand, independently of the transition table they check."""

from __future__ import annotations

import pytest

from schemas.cases import CaseStatus, TrackKind
from schemas.cases import CaseStatus as S
from schemas.triage import Category
from services.cases.domain.errors import InvalidTransition
from services.cases.domain.lifecycle.commands import (
    AnyCommand,
    Close,
    ConcludeTrack,
    CorrectTriage,
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
from services.cases.domain.lifecycle.events import EventType
from services.cases.domain.lifecycle.table import TRANSITIONS
from services.cases.domain.lifecycle.transition import allowed_commands, transition
from services.cases.domain.model import Actor
from services.cases.domain.vocabulary import Outcome, SanctionLevel
from tests.unit.cases.cases_builders import ADMIN, BAWASLU_RI, VARIANTS, build
from tests.unit.cases.packaged_rules import packaged_policy

pytestmark = pytest.mark.unit

CANONICAL: dict[str, AnyCommand] = {
    "start_review": StartReview(),
    "request_completion": RequestCompletion(missing=("reporter_address",)),
    "record_completion": RecordCompletion(),
    "register": Register(),
    "register_as_finding": RegisterAsFinding(reason="supervisor's own finding"),
    "not_register": NotRegister(reason="reported after the time limit"),
    "withdraw": Withdraw(reason="reporter withdrew in writing"),
    "take_over": TakeOver(reason="national interest"),
    "correct_triage": CorrectTriage(category=Category.MOBILIZATION, reason="staff read it again"),
    "start_clarification": StartClarification(),
    "extend_clarification": ExtendClarification(reason="witness abroad"),
    "decide_plenary": DecidePlenary(outcomes=frozenset({Outcome.NEUTRALITY}), reason="pleno"),
    "forward_to_bkn": ForwardToBkn(),
    "forward_to_gakkumdu": ForwardToGakkumdu(),
    "forward_to_authority": ForwardToAuthority(track=TrackKind.ETHICS, recipient="DKPP"),
    "start_bkn_verification": StartBknVerification(),
    "record_bkn_recommendation": RecordBknRecommendation(sanction_level=SanctionLevel.HEAVY),
    "record_sanction": RecordSanction(sanction_level=SanctionLevel.HEAVY),
    "escalate": Escalate(reason="PPK did not act"),
    "conclude_track": ConcludeTrack(track=TrackKind.CRIMINAL, reason="prosecuted"),
    "close": Close(reason="done"),
    "reopen": Reopen(reason="closed by mistake"),
    "link_report": LinkReport(report_id="R9"),
    "unlink_report": UnlinkReport(report_id="R2", reason="different incident"),
}

SAME = "same"
EVERYWHERE = {"link_report": SAME, "unlink_report": SAME}
PRE_PLENARY = {"take_over": SAME, "correct_triage": SAME, **EVERYWHERE}

# variant -> {allowed command: status it leads to}. Everything else must be refused.
EXPECTED: dict[str, dict[str, str]] = {
    "received": {
        "start_review": S.PRELIMINARY_REVIEW,
        "register_as_finding": S.REGISTERED,
        "withdraw": S.WITHDRAWN,
        **PRE_PLENARY,
    },
    "received/anonymous": {
        "start_review": S.PRELIMINARY_REVIEW,
        "register_as_finding": S.REGISTERED,
        "withdraw": S.WITHDRAWN,
        **PRE_PLENARY,
    },
    "preliminary_review": {
        "request_completion": S.NEEDS_COMPLETION,
        "register": S.REGISTERED,
        "register_as_finding": S.REGISTERED,
        "not_register": S.NOT_REGISTERED,
        "withdraw": S.WITHDRAWN,
        **PRE_PLENARY,
    },
    "preliminary_review/anonymous": {
        "request_completion": S.NEEDS_COMPLETION,
        "register_as_finding": S.REGISTERED,
        "not_register": S.NOT_REGISTERED,
        "withdraw": S.WITHDRAWN,
        **PRE_PLENARY,
    },
    "needs_completion": {
        "record_completion": S.PRELIMINARY_REVIEW,
        "register_as_finding": S.REGISTERED,
        "not_register": S.NOT_REGISTERED,
        "withdraw": S.WITHDRAWN,
        **PRE_PLENARY,
    },
    "not_registered": {
        "register_as_finding": S.REGISTERED,
        "reopen": S.PRELIMINARY_REVIEW,
        **EVERYWHERE,
    },
    "withdrawn": {"reopen": S.RECEIVED, **EVERYWHERE},
    "registered": {"start_clarification": S.CLARIFICATION, "withdraw": S.WITHDRAWN, **PRE_PLENARY},
    "registered/finding": {"start_clarification": S.CLARIFICATION, **PRE_PLENARY},
    "clarification": {
        "extend_clarification": SAME,
        "decide_plenary": S.PLENARY_DECIDED,
        "withdraw": S.WITHDRAWN,
        **PRE_PLENARY,
    },
    "clarification/extended": {
        "decide_plenary": S.PLENARY_DECIDED,
        "withdraw": S.WITHDRAWN,
        **PRE_PLENARY,
    },
    "plenary_decided/not_a_violation": {"close": S.CLOSED, **PRE_PLENARY},
    "plenary_decided/tracks": {
        "forward_to_bkn": S.FORWARDED,
        "forward_to_gakkumdu": S.FORWARDED,
        "forward_to_authority": S.FORWARDED,
        **PRE_PLENARY,
    },
    "forwarded": {
        "forward_to_authority": SAME,
        "start_bkn_verification": S.BKN_VERIFICATION,
        "conclude_track": SAME,
        **EVERYWHERE,
    },
    "forwarded/criminal_only": {"conclude_track": SAME, **EVERYWHERE},
    "bkn_verification": {
        "forward_to_authority": SAME,
        "record_bkn_recommendation": S.PPK_EXAMINATION,
        "conclude_track": SAME,
        **EVERYWHERE,
    },
    "ppk_examination": {
        "forward_to_authority": SAME,
        "record_sanction": SAME,
        "escalate": S.ESCALATED,
        "conclude_track": SAME,
        **EVERYWHERE,
    },
    "escalated": {
        "forward_to_authority": SAME,
        "record_sanction": SAME,
        "conclude_track": SAME,
        **EVERYWHERE,
    },
    "ppk_examination/done": {"close": S.CLOSED, **EVERYWHERE},
    "closed": {"reopen": S.PPK_EXAMINATION, **EVERYWHERE},
}


def actor_for(command: str) -> Actor:
    # Admin may issue every command but take-over, which needs a Bawaslu office above the case.
    return BAWASLU_RI if command == "take_over" else ADMIN


def test_the_matrix_covers_every_status_and_every_command() -> None:
    assert {build(v).status for v in VARIANTS} == set(CaseStatus)
    assert set(EXPECTED) == set(VARIANTS)
    assert set(CANONICAL) == set(TRANSITIONS)


CELLS = [(variant, command) for variant in VARIANTS for command in TRANSITIONS]


@pytest.mark.parametrize(("variant", "command"), CELLS)
def test_cell(variant: str, command: str) -> None:
    case = build(variant)
    snapshot = case.model_dump(mode="json")
    expected = EXPECTED[variant].get(command)
    actor = actor_for(command)
    if expected is None:
        with pytest.raises(InvalidTransition):
            transition(
                case,
                CANONICAL[command],
                actor=actor,
                now=case.timeline[-1].at,
                policy=packaged_policy(),
            )
        assert case.model_dump(mode="json") == snapshot
        assert command not in allowed_commands(case, actor, policy=packaged_policy())
        return
    now = case.timeline[-1].at.replace(microsecond=1)
    new, events = transition(
        case, CANONICAL[command], actor=actor, now=now, trace_id="t-1", policy=packaged_policy()
    )
    to_status = case.status if expected == SAME else CaseStatus(expected)
    assert new.status == to_status
    assert new.version == case.version + 1
    assert new.timeline[:-1] == case.timeline
    entry = new.timeline[-1]
    assert (entry.action, entry.from_status, entry.to_status) == (command, case.status, to_status)
    assert entry.actor.role == actor.role and entry.trace_id == "t-1" and entry.at == now
    assert events, "every allowed command emits at least one event"
    assert {e.type for e in events} <= set(TRANSITIONS[command].emits)
    assert (EventType.STATUS_CHANGED in {e.type for e in events}) == (to_status != case.status)
    assert all(e.case_version == new.version and e.trace_id == "t-1" for e in events)
    assert command in allowed_commands(case, actor, policy=packaged_policy())
    assert case.model_dump(mode="json") == snapshot  # the input is never mutated
