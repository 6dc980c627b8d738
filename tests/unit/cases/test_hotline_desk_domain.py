"""The desk's pure parts: the OPERATOR role's access, a hotline case's opening entry, and
the read-back script."""

from __future__ import annotations

import pytest

from schemas.reports import DeskFiling
from services.cases.domain.access import (
    can_act,
    can_read_reporter,
    can_view,
    may_assign,
    may_file_by_phone,
)
from services.cases.domain.desk_script import read_back, spelled_groups
from services.cases.domain.lifecycle.opening import open_case
from services.cases.domain.lifecycle.table import TRANSITIONS
from services.cases.domain.model import Actor, CaseState
from services.cases.domain.vocabulary import Role
from services.cases.read_models.view_rows import sight_of
from tests.unit.cases.cases_builders import T0, new_case
from tests.unit.cases.packaged_rules import packaged_policy

pytestmark = pytest.mark.unit

RINA = Actor(name="Rina", role=Role.OPERATOR, subject="idp|rina")


def hotline_case(operator_id: str) -> CaseState:
    filed_by = DeskFiling(operator_id=operator_id, operator_name="Rina", caller_consented=True)
    case, _ = open_case(
        case_id="CASE-H",
        report_id="RH",
        anonymous=False,
        election_type=new_case().election_type,
        category=new_case().category,
        subject_type=new_case().subject_type,
        region_code="18.12",
        routes=("BAWASLU:18.12",),
        needs_review=False,
        now=T0,
        policy=packaged_policy(),
        filed_by=filed_by,
    )
    return case


def test_an_operator_sees_the_case_it_filed_and_no_other() -> None:
    own, colleagues = hotline_case("idp|rina"), hotline_case("idp|other")
    assert can_view(RINA, own)
    assert not can_view(RINA, colleagues)
    assert not can_view(RINA, new_case())
    assert not can_view(RINA.model_copy(update={"subject": None}), own)  # fails closed


def test_an_operator_never_reads_the_reporter_acts_or_assigns() -> None:
    own = hotline_case("idp|rina")
    assert not can_read_reporter(RINA, own)
    assert not may_assign(RINA, own)
    assert not any(can_act(RINA, own, name) for name in TRANSITIONS)


def test_the_staff_views_rows_show_an_operator_nothing() -> None:
    own = hotline_case("idp|rina")
    assert not can_view(RINA, sight_of(own.case_id, own.routes, own.region_code, own.tracks))


@pytest.mark.parametrize(
    ("role", "files"),
    [
        (Role.OPERATOR, True),
        (Role.BAWASLU, True),
        (Role.ADMIN, True),
        (Role.PPK, False),
        (Role.OPS, False),
    ],
)
def test_who_takes_calls(role: Role, files: bool) -> None:
    assert may_file_by_phone(Actor(name="x", role=role, region="RI")) is files


def test_a_hotline_case_opens_with_its_operator_first_on_the_timeline() -> None:
    case = hotline_case("idp|rina")
    filed, opened = case.timeline
    assert (filed.action, filed.actor.name, filed.actor.role) == (
        "filed_via_hotline",
        "Rina",
        Role.OPERATOR,
    )
    assert filed.details == {
        "report_id": "RH",
        "channel": "hotline",
        "operator_id": "idp|rina",
        "caller_consented": True,
    }
    assert opened.action == "opened"
    assert case.reports[0].filed_by == "idp|rina"


def test_the_code_is_read_back_symbol_by_symbol_in_both_languages() -> None:
    code = "NTR-7Q2K-9XPA-0000-ZZZZ"
    assert spelled_groups(code, "id")[:2] == [
        "N (Nias) T (Tegal) R (Rembang)",
        "tujuh Q (Quebec) dua K (Kupang)",
    ]
    assert spelled_groups(code, "en")[1] == "seven Q (Quebec) two K (Kilo)"
    lines = read_back(code, status_url="https://lapor.test/lacak", language="en")
    assert lines[1] == code and lines[2] == lines[4]
    assert "https://lapor.test/lacak" in lines[-1]
