"""The stored case document built directly equals, type for type and key for key, what
the former conversion built (pydantic `model_dump`, a recursive walk, `dataclasses.asdict`):
kept here as the reference so the fast path cannot drift from it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, replace
from datetime import UTC, datetime
from enum import Enum
from typing import Any

import pytest

from services.cases.adapters.case_documents import (
    bson_ready,
    case_document,
    derived_fields,
    link_document,
)
from services.cases.domain.model import CaseState, TimelineEntry
from services.cases.service_layer.ports import CaseLink, CaseRecord, Document
from tests.unit.cases.cases_builders import VARIANTS, build

AT = datetime(2026, 3, 4, 5, 6, tzinfo=UTC)
BARE = CaseRecord(dedup_key="dk", summary="", report_meta=[])
RICH = CaseRecord(
    dedup_key="dk2",
    summary="Camat hadir",
    report_meta=[{"report_id": "R1", "anonymous": False, "at": AT, "tags": ["a", "b"]}],
    categories=["money_politics"],
    review_reasons=["low_confidence"],
    rules_fired=[{"rule": "amplop", "weight": 0.5, "terms": ("amplop",)}],
    triage_basis={"scores": {"asn": 0.9}, "nested": [{"deep": [1, 2]}]},
    reported_position="camat",
    reported_agency="PEMKAB:18.12",
    triage_partition=3,
    overflow_of="CASE-0",
    pending_move={"to": "CASE-2", "reports": ["R2"]},
)
OUTBOX: list[Document] = [{"type": "case.opened", "at": AT}]


def reference_walk(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): reference_walk(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [reference_walk(v) for v in value]
    return value


def reference_entry(entry: TimelineEntry) -> Any:
    return reference_walk(entry.model_dump())


def reference_case_document(
    case: CaseState, *, record: CaseRecord, outbox: list[Document]
) -> Document:
    state = reference_walk(case.model_dump(exclude={"timeline"})) | derived_fields(case)
    return {
        "_id": case.case_id,
        **state,
        "timeline": [reference_entry(e) for e in case.timeline],
        "notes": [],
        "notifications": [],
        "folded_links": [],
        "assignee": None,
        "write_seq": 0,
        **asdict(record),
        "move_pending": record.pending_move is not None,
        "outbox": outbox,
        "outbox_pending": bool(outbox),
        "updated_at": case.timeline[-1].at if case.timeline else case.opened_at,
    }


def assert_identical(new: Any, old: Any, where: str = "") -> None:
    assert type(new) is type(old), f"{where}: {type(new)} != {type(old)}"
    if isinstance(old, dict):
        assert list(new) == list(old), where
        for key in old:
            assert_identical(new[key], old[key], f"{where}.{key}")
    elif isinstance(old, list | tuple):
        assert len(new) == len(old), where
        for i, (n, o) in enumerate(zip(new, old, strict=True)):
            assert_identical(n, o, f"{where}[{i}]")
    else:
        assert new == old, where


def a_case(variant: str) -> CaseState:
    """A variant of the builders, or "reminded": a missed deadline already reminded of."""
    if variant != "reminded":
        return build(variant)
    case = build("clarification")
    return case.model_copy(update={"deadline_reminders": 2, "deadline_remind_at": AT})


ALL = [*sorted(VARIANTS), "reminded"]


@pytest.mark.parametrize("variant", ALL)
@pytest.mark.parametrize(("record", "outbox"), [(BARE, []), (RICH, OUTBOX)], ids=["bare", "rich"])
def test_case_document_is_what_the_former_conversion_made(
    variant: str, record: CaseRecord, outbox: list[Document]
) -> None:
    case = a_case(variant)
    new = case_document(case, record=record, outbox=outbox)
    assert_identical(new, reference_case_document(case, record=record, outbox=outbox))


def test_optional_parts_absent_and_present_both_covered() -> None:
    cases = [a_case(v) for v in ALL]
    for optional in ("registration", "deadline_at", "deadline_remind_at"):
        assert {getattr(c, optional) is None for c in cases} == {True, False}, optional
    assert {bool(c.tracks) for c in cases} == {True, False}
    assert any(t.recipient is None for c in cases for t in c.tracks)
    assert any(e.details for c in cases for e in c.timeline)
    assert any(e.reason is None for c in cases for e in c.timeline)


def test_the_document_shares_no_container_with_the_record() -> None:
    document = case_document(build("received"), record=RICH, outbox=[])
    document["report_meta"][0]["tags"].append("c")
    document["triage_basis"]["nested"][0]["deep"].append(3)
    assert RICH.report_meta[0]["tags"] == ["a", "b"]
    assert RICH.triage_basis["nested"] == [{"deep": [1, 2]}]


def test_enums_become_their_values_and_tuples_lists() -> None:
    case = build("closed")
    document = case_document(case, record=BARE, outbox=[])
    assert type(document["status"]) is str and type(document["routes"]) is list
    assert all(type(t["kind"]) is str for t in document["tracks"])
    assert bson_ready(frozenset({case.status})) == [case.status.value]


def test_a_link_keeps_its_entry_as_the_former_conversion_did() -> None:
    case = build("plenary_decided/tracks")
    entry = replace_details(case.timeline[-1])
    link = CaseLink("R9", "CASE-1", False, AT, {"report_id": "R9"}, entry, 2)
    assert_identical(link_document(link)["entry"], reference_entry(entry))


def replace_details(entry: TimelineEntry) -> TimelineEntry:
    return entry.model_copy(update={"details": {"outcomes": ["criminal"], "n": 2, "x": None}})


def test_record_copy_matches_asdict_on_every_field() -> None:
    bare = replace(RICH, pending_move=None, overflow_of=None)
    for record in (RICH, bare, BARE):
        document = case_document(build("received"), record=record, outbox=[])
        assert_identical({k: document[k] for k in asdict(record)}, asdict(record))
