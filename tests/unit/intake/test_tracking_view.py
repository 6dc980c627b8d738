"""The tracking page's view: codes in, the citizen's words out."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from schemas.cases import CaseStatus
from services.intake.domain.errors import MalformedTrackingCode
from services.intake.domain.tracking import PublicStatus, citizen_view, tracking_code

AT = datetime(2026, 11, 4, 9, 30, tzinfo=UTC)


def status(code: str, **extra: object) -> PublicStatus:
    return PublicStatus.model_validate(
        {"tracking_code": "NTR-AAAA-BBBB-CCCC-DDDD", "status": code, "received_at": AT, **extra}
    )


@pytest.mark.parametrize("code", list(CaseStatus))
def test_no_status_reaches_the_citizen_as_a_code(code: CaseStatus) -> None:
    for lang in ("id", "en"):
        assert citizen_view(status(code), lang).status != code.value


def test_statuses_the_page_lacked_are_now_in_plain_words() -> None:
    assert citizen_view(status("bkn_verification"), "id").status.startswith("Diteruskan ke BKN")
    assert "civil service agency" in citizen_view(status("bkn_verification"), "en").status


def test_routes_are_named_by_authority_and_keep_their_code() -> None:
    view = citizen_view(status("forwarded", routes=["BAWASLU:11.07", "KEMENDAGRI"]), "id")
    assert [(r.label, r.code) for r in view.routes] == [
        ("Bawaslu (Badan Pengawas Pemilu)", "BAWASLU:11.07"),
        ("Kementerian Dalam Negeri", "KEMENDAGRI"),
    ]


def test_timeline_steps_are_labelled_by_action_else_by_status() -> None:
    timeline = [
        {"at": AT, "action": "case.opened", "status": "received"},
        {"at": AT, "action": "start_review", "status": "preliminary_review"},
        {"at": AT, "action": "take_over", "status": None},
    ]
    view = citizen_view(status("preliminary_review", timeline=timeline), "en")
    assert [s.label for s in view.timeline] == [
        "Case opened",
        "Being reviewed",
        "Your report is being handled",
    ]
    assert view.timeline[0].at == "2026-11-04 09:30"


def test_category_is_in_plain_words_or_a_dash() -> None:
    assert citizen_view(status("registered", category="MONEY_POLITICS"), "id").category == (
        "Politik uang"
    )
    assert citizen_view(status("received"), "en").category == "-"


def test_tracking_codes_are_normalised_or_refused() -> None:
    assert tracking_code("ntr-aaaa-bbbb-cccc-dddd") == "NTR-AAAA-BBBB-CCCC-DDDD"
    with pytest.raises(MalformedTrackingCode):
        tracking_code("NTR-123")
