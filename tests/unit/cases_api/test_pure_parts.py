"""Pure parts of the staff API: election type, cursors, queries, stats, storage round trip."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from schemas.triage import Category, SubjectType
from services.cases.adapters.case_documents import FAR_FUTURE, case_document
from services.cases.domain.election_type import detect_election_type
from services.cases.domain.lifecycle.commands import StartReview
from services.cases.domain.lifecycle.opening import open_case
from services.cases.domain.lifecycle.transition import transition
from services.cases.domain.model import Actor, CaseState
from services.cases.domain.vocabulary import ElectionType, Role
from services.cases.read_models.cursor import InvalidCursor, decode_cursor, encode_cursor
from services.cases.read_models.documents import state_of
from services.cases.read_models.models import CaseFilters
from services.cases.read_models.queue import matches
from services.cases.read_models.stats import compute_stats, state_spans
from services.cases.read_models.timeline import timeline_view
from services.cases.read_models.view_rows import row_from_state
from services.cases.service_layer.ports import CaseRecord
from tests.unit.cases.packaged_rules import packaged_policy

T0 = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
BAWASLU = Actor(name="Siti", role=Role.BAWASLU, region="18.12")
RECORD = CaseRecord(dedup_key="dk", summary="", report_meta=[])


def a_case() -> CaseState:
    case, _ = open_case(
        case_id="CASE-1",
        report_id="RPT-1",
        anonymous=False,
        election_type=ElectionType.PILKADA,
        category=Category.CAMPAIGN_ACTIVITY,
        subject_type=SubjectType.ASN,
        region_code="18.12",
        routes=["BAWASLU:18.12"],
        needs_review=False,
        now=T0,
        trace_id="t1",
        policy=packaged_policy(),
    )
    return case


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("camat hadir deklarasi paslon bupati nomor 2", ElectionType.PILKADA),
        ("kades kampanye untuk cagub", ElectionType.PILKADA),
        ("guru PNS ajak murid pilih caleg partai X", ElectionType.PEMILU),
        ("ASN posting dukung capres", ElectionType.PEMILU),
        ("bupati memutasi pejabat", ElectionType.PEMILU),  # a regent as subject says nothing
        ("caleg dan cabup kampanye bersama", ElectionType.PEMILU),  # both: the default
    ],
)
def test_election_type_from_text(text: str, expected: ElectionType) -> None:
    assert detect_election_type(text, default=ElectionType.PEMILU) == expected


def test_cursor_round_trip_and_garbage() -> None:
    assert decode_cursor(encode_cursor(FAR_FUTURE, "CASE-9")) == (FAR_FUTURE, "CASE-9")
    assert decode_cursor(None) is None
    with pytest.raises(InvalidCursor):
        decode_cursor("%%%")


def test_queue_filters_match_prefixes_and_ops_text_search_skips_summaries() -> None:
    row = row_from_state(a_case(), assignee=None, summary="Camat hadir, AMPLOP dibagi")
    ops = Actor(name="o", role=Role.OPS, region="RI")

    def hit(actor: Actor = BAWASLU, **filters: object) -> bool:
        return matches(row, CaseFilters.model_validate(filters), actor=actor, now=T0)

    assert hit(region="18") and hit(region="18.12") and not hit(region="18.1")
    assert hit(authority="BAWASLU") and hit(authority="BAWASLU:18") and not hit(authority="BKN")
    assert hit(q="amplop") and not hit(ops, q="amplop") and hit(ops, q="case-1")
    assert hit(overdue=False) and not hit(overdue=True) and not hit(needs_review=True)


def test_storage_round_trip_keeps_the_domain_state() -> None:
    case = a_case()
    document = case_document(case, record=RECORD, outbox=[])
    assert state_of(document) == case
    assert document["_id"] == "CASE-1" and document["queue_at"] == case.deadline_at
    assert document["status"] == "received" and isinstance(document["routes"], list)


def test_timeline_view_merges_deliveries_in_time_order() -> None:
    case = a_case()
    document = case_document(case, record=RECORD, outbox=[])
    document["notifications"] = [
        {
            "id": "n1",
            "at": T0 + timedelta(seconds=5),
            "status": "delivered",
            "channel": "webhook",
            "recipient": "BAWASLU:18.12",
            "attempts": 1,
            "trace_id": "t1",
        }
    ]
    view = timeline_view(document)
    assert [(i["action"], i["trace_id"]) for i in view] == [
        ("opened", "t1"),
        ("notification.delivered", "t1"),
    ]


def test_time_in_state_and_overdue() -> None:
    case = a_case()
    reviewed, _ = transition(
        case, StartReview(), actor=BAWASLU, now=T0 + timedelta(hours=3), policy=packaged_policy()
    )
    now = T0 + timedelta(days=10)
    row = row_from_state(reviewed, assignee=None, summary=None)
    spans = state_spans(row.changes, now)
    assert spans[0] == ("received", 3.0) and spans[1][0] == "preliminary_review"
    stats = compute_stats([row], now=now)
    assert stats.overdue == 1 and stats.by_authority == {"BAWASLU": 1}
    assert [d.status for d in stats.time_in_state] == ["preliminary_review", "received"]
