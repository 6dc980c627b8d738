"""A staff correction of triage: recorded with who and why, re-routes the case, leaves the
review queue; the export turns it into a labelled example (issue 13)."""

from __future__ import annotations

import pytest

from schemas.routing.files import packaged_rules
from schemas.routing.rules import route
from schemas.triage import Category, SubjectType
from services.cases.domain.errors import InvalidTransition, MissingField
from services.cases.domain.lifecycle.commands import CorrectTriage
from services.cases.domain.lifecycle.events import DomainEvent, EventType
from services.cases.domain.lifecycle.transition import transition
from services.cases.domain.model import CaseState
from tests.unit.cases.cases_builders import BAWASLU_KAB, T0, new_case
from tests.unit.cases.packaged_rules import packaged_policy

pytestmark = pytest.mark.unit


def correct(command: CorrectTriage) -> tuple[CaseState, CaseState, list[DomainEvent]]:
    case = new_case().model_copy(update={"needs_review": True})  # triage asked for review
    new, events = transition(
        case, command, actor=BAWASLU_KAB, now=T0.replace(hour=5), policy=packaged_policy()
    )
    return case, new, events


def test_a_correction_records_who_why_before_and_after_and_re_routes() -> None:
    command = CorrectTriage(
        category=Category.CAMPAIGN_ACTIVITY,
        subject_type=SubjectType.VILLAGE,
        reason="laporan menyebut kades hadir di deklarasi, bukan bagi uang",
    )
    old, new, events = correct(command)
    entry = new.timeline[-1]
    assert (entry.action, entry.actor.name, entry.actor.role) == (
        "correct_triage",
        "Ani",
        "bawaslu",
    )
    assert entry.reason == "laporan menyebut kades hadir di deklarasi, bukan bagi uang"
    assert entry.details["before"] == {
        "category": "MONEY_POLITICS",
        "subject_type": "ASN",
        "region_code": "18.12",
        "routes": ["BAWASLU:18.12", "GAKKUMDU:18.12"],
    }
    assert new.routes == ("BAWASLU:18.12", "PEMDA:18.12")  # no Gakkumdu, the village's Pemda
    assert (new.category, new.subject_type, new.status) == (
        Category.CAMPAIGN_ACTIVITY,
        SubjectType.VILLAGE,
        old.status,
    )
    assert old.needs_review and not new.needs_review
    assert [e.type for e in events] == [EventType.TRIAGE_CORRECTED]


def test_routes_named_outright_replace_the_derived_ones() -> None:
    command = CorrectTriage(region_code="18", routes=("BAWASLU:18", "TNI_POLRI"), reason="x")
    _, new, _ = correct(command)
    assert (new.region_code, new.routes) == ("18", ("BAWASLU:18", "TNI_POLRI"))


def test_a_correction_that_changes_nothing_or_has_no_reason_is_refused() -> None:
    with pytest.raises(InvalidTransition, match="changes nothing"):
        correct(CorrectTriage(category=Category.MONEY_POLITICS, reason="sama"))
    with pytest.raises(MissingField, match="reason"):
        correct(CorrectTriage(category=Category.MOBILIZATION))


def test_a_route_no_rule_can_produce_is_refused_when_parsed() -> None:
    with pytest.raises(ValueError, match="FAX"):
        CorrectTriage(routes=("FAX:18",), reason="x")


@pytest.mark.parametrize(
    ("category", "subject", "region", "routes"),
    [
        (Category.OUT_OF_SCOPE, SubjectType.ASN, "18.12", ("SP4N_LAPOR",)),
        (Category.MONEY_POLITICS, SubjectType.VILLAGE, None, ("BAWASLU:RI", "GAKKUMDU:RI")),
        (
            Category.PERSONNEL_CHANGE,
            SubjectType.REGIONAL_HEAD,
            "35.08",
            ("BAWASLU:35.08", "GAKKUMDU:35.08", "KEMENDAGRI"),
        ),
        (Category.CAMPAIGN_ACTIVITY, SubjectType.TNI_POLRI, "31", ("BAWASLU:31", "TNI_POLRI")),
    ],
)
def test_contract_routes_follow_domain_4_4(
    category: Category, subject: SubjectType, region: str | None, routes: tuple[str, ...]
) -> None:
    assert tuple(route(category, subject, region, packaged_rules())[0]) == routes
