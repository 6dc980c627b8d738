"""The staff view's rows: visibility decided on a row's slim state exactly as on the whole
state, and a row read back from a stored document equal to one built from the state."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from schemas.cases import TrackKind, TrackStatus
from schemas.triage import Category, SubjectType
from services.cases.adapters.case_documents import case_document
from services.cases.domain.access import can_view
from services.cases.domain.lifecycle.opening import open_case
from services.cases.domain.model import Actor, CaseState, Track
from services.cases.domain.vocabulary import ElectionType, Role, SanctionLevel
from services.cases.read_models.view_rows import row_from_document, row_from_state
from services.cases.service_layer.ports import CaseRecord
from tests.unit.cases.packaged_rules import packaged_policy

T0 = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
ACTORS = [
    Actor(name="a", role=Role.BAWASLU, region="18.12"),
    Actor(name="b", role=Role.BAWASLU, region="35"),
    Actor(name="c", role=Role.BAWASLU, region="RI"),
    Actor(name="d", role=Role.BKN, region="18"),
    Actor(name="e", role=Role.GAKKUMDU, region="18.12"),
    Actor(name="f", role=Role.GAKKUMDU, region="35.08"),
    Actor(name="g", role=Role.KEMENDAGRI, region="RI"),
    Actor(name="h", role=Role.PPK, region="18"),
    Actor(name="i", role=Role.PPK, agency="Pemkab Lampung Selatan"),
    Actor(name="j", role=Role.PPK, region=None),
    Actor(name="k", role=Role.OPS, region="RI"),
]


def opened(routes: list[str]) -> CaseState:
    case, _ = open_case(
        case_id="CASE-1",
        report_id="RPT-1",
        anonymous=False,
        election_type=ElectionType.PILKADA,
        category=Category.CAMPAIGN_ACTIVITY,
        subject_type=SubjectType.ASN,
        region_code="18.12",
        routes=routes,
        needs_review=False,
        now=T0,
        trace_id=None,
        policy=packaged_policy(),
    )
    return case


NEUTRALITY_AT_PPK = Track(
    kind=TrackKind.NEUTRALITY,
    status=TrackStatus.AWAITING_PPK,
    decided_at=T0,
    forwarded_at=T0,
    recommended_sanction=SanctionLevel.LIGHT,
    ppk_agency="Pemkab Lampung Selatan",
)
CRIME_TO_35 = Track(kind=TrackKind.CRIMINAL, decided_at=T0, recipient="GAKKUMDU:35.08")
CASES = [
    opened(["BAWASLU:18.12"]),
    opened(["BAWASLU:18.12", "GAKKUMDU:18.12", "KEMENDAGRI"]),
    opened(["BAWASLU:18.12"]).model_copy(update={"tracks": (NEUTRALITY_AT_PPK,)}),
    opened(["BAWASLU:18.12"]).model_copy(update={"tracks": (CRIME_TO_35,)}),
]


@pytest.mark.parametrize("case", CASES)
def test_a_row_sees_exactly_what_the_whole_state_sees(case: CaseState) -> None:
    row = row_from_state(case, assignee=None, summary=None)
    record = CaseRecord(dedup_key="dk", summary="s", report_meta=[])
    stored = row_from_document(case_document(case, record=record, outbox=[]))
    for actor in ACTORS:
        expected = can_view(actor, case)
        assert can_view(actor, row.sight) == expected, actor
        assert can_view(actor, stored.sight) == expected, actor


def test_a_row_from_the_stored_document_equals_the_one_from_the_state() -> None:
    case = CASES[2]
    record = CaseRecord(dedup_key="dk", summary="s", report_meta=[])
    stored = row_from_document(case_document(case, record=record, outbox=[]))
    assert stored == row_from_state(case, assignee=None, summary="s")
