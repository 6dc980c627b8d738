"""Rules of the lifecycle beyond the matrix: anonymity, required fields, roles, tracks, events."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from pydantic import ValidationError

from schemas.cases import CaseStatus, TrackKind, TrackStatus
from services.cases.domain.errors import (
    FormalRequirementNotMet,
    InvalidTransition,
    MissingField,
    NotAllowed,
)
from services.cases.domain.lifecycle.commands import (
    Close,
    ConcludeTrack,
    DecidePlenary,
    Escalate,
    ForwardToAuthority,
    ForwardToBkn,
    ForwardToGakkumdu,
    LinkReport,
    NotRegister,
    RecordBknRecommendation,
    RecordSanction,
    Register,
    RegisterAsFinding,
    Reopen,
    StartBknVerification,
    StartReview,
    TakeOver,
)
from services.cases.domain.lifecycle.events import EventType
from services.cases.domain.lifecycle.transition import transition
from services.cases.domain.model import CaseState
from services.cases.domain.vocabulary import Outcome, Registration, SanctionLevel
from tests.unit.cases.cases_builders import (
    ADMIN,
    BAWASLU_KAB,
    BAWASLU_OTHER,
    BAWASLU_PROV,
    BKN,
    CLARIFY,
    GAKKUMDU,
    KEMENDAGRI,
    OPS,
    PPK,
    RECOMMEND,
    REVIEW,
    T0,
    VARIANTS,
    Step,
    build,
    decide,
    new_case,
    run,
)
from tests.unit.cases.packaged_rules import packaged_policy

pytestmark = pytest.mark.unit
LATER = T0 + timedelta(days=1)


def test_anonymous_report_cannot_be_registered_but_can_become_a_finding() -> None:
    case = run(new_case(anonymous=True), REVIEW)
    with pytest.raises(FormalRequirementNotMet, match="temuan"):
        transition(case, Register(), actor=BAWASLU_KAB, now=LATER, policy=packaged_policy())
    finding, events = transition(
        case,
        RegisterAsFinding(reason="supervisor follows up"),
        actor=BAWASLU_KAB,
        now=LATER,
        policy=packaged_policy(),
    )
    assert finding.status == CaseStatus.REGISTERED
    assert finding.registration == Registration.FINDING
    registered = next(e for e in events if e.type == EventType.REGISTERED)
    assert registered.data == {"registration": "finding"}


def test_linking_a_named_report_makes_an_anonymous_case_registrable() -> None:
    case = run(new_case(anonymous=True), REVIEW)
    named = LinkReport(report_id="R3", anonymous=False)
    case, _ = transition(case, named, actor=BAWASLU_KAB, now=LATER, policy=packaged_policy())
    assert not case.anonymous
    case, _ = transition(case, Register(), actor=BAWASLU_KAB, now=LATER, policy=packaged_policy())
    assert case.registration == Registration.REPORT


@pytest.mark.parametrize(
    ("steps_variant", "command", "field"),
    [
        ("preliminary_review", NotRegister(), "reason"),
        ("preliminary_review", NotRegister(reason="   "), "reason"),
        ("clarification", DecidePlenary(reason="pleno"), "outcomes"),
        ("clarification", DecidePlenary(outcomes=frozenset({Outcome.CRIMINAL})), "reason"),
        ("bkn_verification", RecordBknRecommendation(), "sanction_level"),
        ("ppk_examination", RecordSanction(), "sanction_level"),
        ("ppk_examination", Escalate(), "reason"),
        ("plenary_decided/tracks", ForwardToAuthority(track=TrackKind.ETHICS), "recipient"),
        ("forwarded", ConcludeTrack(reason="done"), "track"),
        ("received", LinkReport(), "report_id"),
    ],
)
def test_missing_required_field_is_refused_and_changes_nothing(
    steps_variant: str, command: object, field: str
) -> None:
    case = build(steps_variant)
    with pytest.raises(MissingField) as refused:
        transition(case, command, actor=ADMIN, now=LATER, policy=packaged_policy())  # type: ignore[arg-type]
    assert refused.value.field == field
    assert build(steps_variant) == case


def test_not_a_violation_cannot_be_combined_with_a_violation() -> None:
    case = build("clarification")
    both = DecidePlenary(outcomes=frozenset({Outcome.NOT_A_VIOLATION, Outcome.ETHICS}), reason="x")
    with pytest.raises(InvalidTransition, match="not_a_violation"):
        transition(case, both, actor=BAWASLU_KAB, now=LATER, policy=packaged_policy())


@pytest.mark.parametrize(
    ("variant", "command", "actor"),
    [
        ("preliminary_review", Register(), BKN),
        ("preliminary_review", Register(), OPS),
        ("preliminary_review", Register(), BAWASLU_OTHER),  # other province's case
        ("received", StartReview(), GAKKUMDU),
        ("forwarded", StartBknVerification(), BAWASLU_KAB),
        ("bkn_verification", RecordSanction(sanction_level=SanctionLevel.LIGHT), PPK),  # not yet
        ("ppk_examination", Escalate(reason="late"), BAWASLU_KAB),
        ("ppk_examination/done", Close(reason="x"), GAKKUMDU),
        ("closed", TakeOver(reason="x"), ADMIN),
    ],
)
def test_roles_and_jurisdiction_are_enforced(variant: str, command: object, actor: object) -> None:
    case = build(variant)
    with pytest.raises(NotAllowed):
        transition(case, command, actor=actor, now=LATER, policy=packaged_policy())  # type: ignore[arg-type]


def test_each_body_concludes_only_its_own_track() -> None:
    case = build("forwarded")
    with pytest.raises(NotAllowed, match="criminal"):
        transition(
            case,
            ConcludeTrack(track=TrackKind.CRIMINAL, reason="x"),
            actor=BKN,
            now=LATER,
            policy=packaged_policy(),
        )
    done, _ = transition(
        case,
        ConcludeTrack(track=TrackKind.CRIMINAL, reason="P21"),
        actor=GAKKUMDU,
        now=LATER,
        policy=packaged_policy(),
    )
    criminal = done.track(TrackKind.CRIMINAL)
    assert criminal is not None and criminal.status == TrackStatus.CONCLUDED
    assert criminal.result == "P21"


def test_one_act_travels_the_neutrality_and_the_criminal_track_at_once() -> None:
    b = BAWASLU_KAB
    case = run(new_case(), decide(frozenset({Outcome.NEUTRALITY, Outcome.CRIMINAL})))
    assert {t.kind for t in case.tracks} == {TrackKind.NEUTRALITY, TrackKind.CRIMINAL}
    assert case.deadline_at == case.timeline[-1].at + timedelta(hours=24)  # Gakkumdu 1x24h
    steps: list[Step] = [
        (ForwardToGakkumdu(), b),
        (ForwardToBkn(), b),
        (StartBknVerification(), BKN),
        (
            RecordBknRecommendation(sanction_level=SanctionLevel.HEAVY, ppk_agency="PEMKAB:18.12"),
            BKN,
        ),
        (Escalate(reason="PPK did not act within 10 days"), KEMENDAGRI),
        (ConcludeTrack(track=TrackKind.CRIMINAL, reason="convicted"), GAKKUMDU),
        (RecordSanction(sanction_level=SanctionLevel.HEAVY), PPK),
    ]
    statuses = []
    for command, actor in steps:
        case, _ = transition(
            case,
            command,
            actor=actor,
            now=case.timeline[-1].at + timedelta(hours=1),
            policy=packaged_policy(),
        )
        statuses.append(case.status)
    assert statuses == [
        CaseStatus.FORWARDED,
        CaseStatus.FORWARDED,
        CaseStatus.BKN_VERIFICATION,
        CaseStatus.PPK_EXAMINATION,
        CaseStatus.ESCALATED,
        CaseStatus.ESCALATED,
        CaseStatus.ESCALATED,
    ]
    criminal, neutrality = case.track(TrackKind.CRIMINAL), case.track(TrackKind.NEUTRALITY)
    assert criminal is not None and criminal.recipient == "GAKKUMDU:18.12"
    assert neutrality is not None and neutrality.recipient == "BKN"
    assert neutrality.personnel_data_blocked and neutrality.sanction == SanctionLevel.HEAVY
    closed, events = transition(
        case, Close(), actor=BKN, now=LATER + timedelta(days=30), policy=packaged_policy()
    )
    assert closed.status == CaseStatus.CLOSED and closed.deadline_at is None
    closing = next(e for e in events if e.type == EventType.CLOSED)
    assert closing.data == {"outcomes": ["neutrality", "criminal"], "sanction": "heavy"}


def test_close_is_refused_while_a_track_is_open() -> None:
    with pytest.raises(InvalidTransition, match="ethics"):
        transition(
            build("ppk_examination"), Close(), actor=ADMIN, now=LATER, policy=packaged_policy()
        )


def test_lighter_sanction_than_recommended_needs_a_reason() -> None:
    case = run(new_case(), RECOMMEND)  # BKN recommended medium
    lighter = RecordSanction(sanction_level=SanctionLevel.LIGHT)
    with pytest.raises(MissingField, match="reason"):
        transition(case, lighter, actor=PPK, now=LATER, policy=packaged_policy())
    explained = lighter.model_copy(update={"reason": "first offence, cooperative"})
    sanctioned, events = transition(case, explained, actor=PPK, now=LATER, policy=packaged_policy())
    assert sanctioned.track(TrackKind.NEUTRALITY).sanction == SanctionLevel.LIGHT  # type: ignore[union-attr]
    assert {e.type for e in events} == {EventType.SANCTION_RECORDED, EventType.DISPOSITION_RECORDED}


def test_forward_to_authority_rejects_tracks_with_their_own_forward() -> None:
    case = build("plenary_decided/tracks")
    wrong = ForwardToAuthority(track=TrackKind.NEUTRALITY, recipient="KPU")
    with pytest.raises(InvalidTransition, match="BKN"):
        transition(case, wrong, actor=BAWASLU_KAB, now=LATER, policy=packaged_policy())
    none_pending = ForwardToAuthority(track=TrackKind.ADMINISTRATIVE, recipient="KPU")
    with pytest.raises(InvalidTransition, match="administrative"):
        transition(case, none_pending, actor=BAWASLU_KAB, now=LATER, policy=packaged_policy())


def test_province_office_takes_over_and_the_kabupaten_loses_sight() -> None:
    case = run(new_case(), CLARIFY)
    with pytest.raises(InvalidTransition, match="higher"):
        transition(
            case, TakeOver(reason="x"), actor=BAWASLU_KAB, now=LATER, policy=packaged_policy()
        )
    taken, events = transition(
        case,
        TakeOver(reason="conflict of interest"),
        actor=BAWASLU_PROV,
        now=LATER,
        policy=packaged_policy(),
    )
    assert taken.routes == ("BAWASLU:18", "GAKKUMDU:18.12")
    assert events[0].type == EventType.TAKEN_OVER
    assert events[0].data == {"from": ["BAWASLU:18.12"], "to": "BAWASLU:18"}
    with pytest.raises(NotAllowed):
        transition(
            taken, NotRegister(reason="x"), actor=BAWASLU_KAB, now=LATER, policy=packaged_policy()
        )


def test_reopen_returns_to_the_status_before_the_ending() -> None:
    case = build("not_registered")
    reopened, _ = transition(
        case, Reopen(reason="wrong button"), actor=ADMIN, now=LATER, policy=packaged_policy()
    )
    assert reopened.status == CaseStatus.PRELIMINARY_REVIEW
    assert reopened.timeline[-1].reason == "wrong button"


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_case_round_trips_through_json(variant: str) -> None:
    case = build(variant)
    text = json.dumps(case.model_dump(mode="json"))
    assert CaseState.model_validate(json.loads(text)) == case


def test_timeline_entries_and_case_are_immutable() -> None:
    case = build("registered")
    with pytest.raises(ValidationError):
        case.timeline[0].reason = "rewritten"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        case.status = CaseStatus.CLOSED  # type: ignore[misc]


def test_naive_timestamps_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone"):
        transition(
            build("received"),
            StartReview(),
            actor=BAWASLU_KAB,
            now=T0.replace(tzinfo=None),
            policy=packaged_policy(),
        )


def test_opening_records_the_first_entry_and_event() -> None:
    case = new_case()
    assert (case.status, case.version, len(case.timeline)) == (CaseStatus.RECEIVED, 1, 1)
    assert case.timeline[0].action == "opened" and case.timeline[0].from_status is None
    assert case.deadline_state is not None
