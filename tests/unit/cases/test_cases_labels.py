"""Every code a UI shows has a Bahasa Indonesia and an English label."""

from __future__ import annotations

from enum import StrEnum

import pytest

from schemas.cases import CaseStatus, TrackStatus
from services.cases.domain.labels import (
    COMMAND_LABELS,
    DEADLINE_STATE_LABELS,
    OUTCOME_LABELS,
    SANCTION_LABELS,
    STATUS_LABELS,
    TRACK_STATUS_LABELS,
    Labels,
    label,
)
from services.cases.domain.lifecycle.table import TRANSITIONS
from services.cases.domain.vocabulary import DeadlineState, Outcome, SanctionLevel

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("codes", "table"),
    [
        ([s.value for s in CaseStatus], STATUS_LABELS),
        (list(TRANSITIONS), COMMAND_LABELS),
        ([o.value for o in Outcome], OUTCOME_LABELS),
        ([t.value for t in TrackStatus], TRACK_STATUS_LABELS),
        ([s.value for s in SanctionLevel], SANCTION_LABELS),
        ([d.value for d in DeadlineState], DEADLINE_STATE_LABELS),
    ],
)
def test_every_code_has_both_labels(codes: list[str], table: Labels) -> None:
    assert set(table) == set(codes)
    assert all(entry["id"] and entry["en"] for entry in table.values())


def test_label_falls_back_to_the_code() -> None:
    assert label(STATUS_LABELS, CaseStatus.RECEIVED) == "Diterima"
    assert label(STATUS_LABELS, "closed", "en") == "Closed"
    assert label(STATUS_LABELS, "unknown") == "unknown"


def test_enums_are_string_enums() -> None:
    assert issubclass(CaseStatus, StrEnum)
