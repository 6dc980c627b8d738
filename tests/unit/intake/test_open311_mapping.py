"""Open311's request fields in Netra's terms, and case statuses as open/closed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from schemas.cases import CaseStatus
from services.intake.domain.open311 import (
    Open311Error,
    request_view,
    requested_ids,
    submission_from_request,
)
from services.intake.domain.tracking import PublicStatus

FORM = {
    "service_code": "STATE_FACILITY",
    "description": "Mobil dinas dipakai kampanye paslon 1",
    "address_string": "Jl. Merdeka 1",
    "first_name": "Siti",
    "last_name": "",
}


def test_a_request_becomes_an_api_report_from_open311() -> None:
    document = submission_from_request(FORM)
    assert document["channel"] == "api" and document["source"] == "open311"
    assert document["location_text"] == "Jl. Merdeka 1"
    assert document["reporter"] == {"name": "Siti"}


@pytest.mark.parametrize(
    ("status", "open_or_closed"),
    [
        (
            s.value,
            "closed"
            if s in {CaseStatus.CLOSED, CaseStatus.NOT_REGISTERED, CaseStatus.WITHDRAWN}
            else "open",
        )
        for s in CaseStatus
    ],
)
def test_every_case_status_is_open_or_closed(status: str, open_or_closed: str) -> None:
    view = request_view(
        PublicStatus(tracking_code="NTR-1", status=status, received_at=datetime.now(UTC))
    )
    assert view["status"] == open_or_closed and view["status_notes"]


def test_ids_are_required_and_bounded() -> None:
    with pytest.raises(Open311Error):
        requested_ids(" , ")
    with pytest.raises(Open311Error):
        requested_ids(",".join(["x"] * 21))
    assert requested_ids("a, b") == ["a", "b"]
