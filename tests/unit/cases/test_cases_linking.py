"""Linking duplicate reports into a case and splitting one out again."""

from __future__ import annotations

from datetime import timedelta

import pytest

from schemas.cases import CaseStatus
from services.cases.domain.errors import InvalidTransition
from services.cases.domain.lifecycle.commands import LinkReport, UnlinkReport
from services.cases.domain.lifecycle.events import EventType
from services.cases.domain.lifecycle.splitting import split_report
from services.cases.domain.lifecycle.transition import transition
from services.cases.domain.model import SYSTEM_ACTOR
from tests.unit.cases.cases_builders import BAWASLU_KAB, OPS, T0, build, new_case
from tests.unit.cases.packaged_rules import packaged_policy

pytestmark = pytest.mark.unit
LATER = T0 + timedelta(hours=3)


def test_link_records_the_report_on_the_case_and_its_timeline() -> None:
    case = new_case()
    linked, events = transition(
        case,
        LinkReport(report_id="R7"),
        actor=SYSTEM_ACTOR,
        now=LATER,
        trace_id="tr",
        policy=packaged_policy(),
    )
    assert [r.report_id for r in linked.reports] == ["R1", "R7"]
    assert linked.status == case.status and linked.version == case.version + 1
    assert linked.timeline[-1].action == "link_report"
    assert linked.timeline[-1].details == {"report_id": "R7", "anonymous": True}
    assert [e.type for e in events] == [EventType.REPORT_LINKED]


def test_linking_twice_is_refused() -> None:
    case, _ = transition(
        new_case(), LinkReport(report_id="R7"), actor=OPS, now=LATER, policy=packaged_policy()
    )
    with pytest.raises(InvalidTransition, match="already linked"):
        transition(case, LinkReport(report_id="R7"), actor=OPS, now=LATER, policy=packaged_policy())
    with pytest.raises(InvalidTransition, match="already linked"):
        transition(case, LinkReport(report_id="R1"), actor=OPS, now=LATER, policy=packaged_policy())


def test_unlink_restores_anonymity_when_the_named_report_leaves() -> None:
    case = new_case(anonymous=True)
    case, _ = transition(
        case,
        LinkReport(report_id="R7", anonymous=False),
        actor=OPS,
        now=LATER,
        policy=packaged_policy(),
    )
    assert not case.anonymous
    case, events = transition(
        case,
        UnlinkReport(report_id="R7", reason="other incident"),
        actor=OPS,
        now=LATER,
        policy=packaged_policy(),
    )
    assert case.anonymous and [r.report_id for r in case.reports] == ["R1"]
    assert events[0].type == EventType.REPORT_UNLINKED
    assert case.timeline[-1].reason == "other incident"


def test_unlink_refuses_unknown_and_last_reports() -> None:
    case = new_case()
    with pytest.raises(InvalidTransition, match="only report"):
        transition(
            case,
            UnlinkReport(report_id="R1", reason="x"),
            actor=OPS,
            now=LATER,
            policy=packaged_policy(),
        )
    linked, _ = transition(
        case, LinkReport(report_id="R7"), actor=OPS, now=LATER, policy=packaged_policy()
    )
    with pytest.raises(InvalidTransition, match="not linked"):
        transition(
            linked,
            UnlinkReport(report_id="R8", reason="x"),
            actor=OPS,
            now=LATER,
            policy=packaged_policy(),
        )


def test_linking_works_after_closure_too() -> None:
    # A viral post keeps producing duplicates after the case ended; they still belong to it.
    closed = build("closed")
    linked, _ = transition(
        closed, LinkReport(report_id="R9"), actor=SYSTEM_ACTOR, now=LATER, policy=packaged_policy()
    )
    assert linked.status == CaseStatus.CLOSED and len(linked.reports) == 3


def test_split_out_opens_a_new_case_for_the_report() -> None:
    source = build("clarification")
    old, new, events = split_report(
        source,
        report_id="R2",
        new_case_id="CASE-2",
        reason="different incident in another village",
        actor=BAWASLU_KAB,
        now=LATER + timedelta(days=1),
        policy=packaged_policy(),
    )
    assert [r.report_id for r in old.reports] == ["R1"]
    assert old.timeline[-1].action == "unlink_report" and old.status == CaseStatus.CLARIFICATION
    assert new.case_id == "CASE-2" and new.status == CaseStatus.RECEIVED and new.needs_review
    assert [r.report_id for r in new.reports] == ["R2"] and new.anonymous
    assert new.timeline[0].details == {"report_id": "R2", "split_from": "CASE-1"}
    assert [e.type for e in events] == [EventType.REPORT_UNLINKED, EventType.OPENED]
    assert events[1].data["split_from"] == "CASE-1"


def test_split_out_of_an_unknown_report_is_refused() -> None:
    with pytest.raises(InvalidTransition):
        split_report(
            new_case(),
            report_id="R5",
            new_case_id="C2",
            reason="x",
            actor=OPS,
            now=LATER,
            policy=packaged_policy(),
        )
