"""Item 6 of issue 8: nothing a notification can mention reaches a recipient as a raw code."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pytest

from schemas.cases import CaseStatus, TrackKind
from schemas.events import PAYLOADS
from schemas.triage import Authority, Category
from services.notify.domain.labels import (
    AUTHORITY_LABELS,
    CATEGORY_LABELS,
    DISPOSITION_LABELS,
    EVENT_LABELS,
    STATUS_LABELS,
    Label,
)

VOCABULARIES: dict[str, tuple[Iterable[Any], Mapping[Any, Label]]] = {
    "event type": (PAYLOADS, EVENT_LABELS),
    "case status": (CaseStatus, STATUS_LABELS),
    "disposition": (TrackKind, DISPOSITION_LABELS),
    "route authority": (Authority, AUTHORITY_LABELS),
    "category": (Category, CATEGORY_LABELS),
}


@pytest.mark.parametrize("vocabulary", VOCABULARIES)
def test_every_code_has_an_indonesian_and_an_english_label(vocabulary: str) -> None:
    codes, labels = VOCABULARIES[vocabulary]
    missing = [
        f"{code} ({language})"
        for code in codes
        for language in ("id", "en")
        if not getattr(labels.get(code), language, "").strip()
    ]
    assert missing == [], f"{vocabulary} without a label: {missing}"


@pytest.mark.parametrize("vocabulary", VOCABULARIES)
def test_no_label_is_left_for_a_code_that_no_longer_exists(vocabulary: str) -> None:
    codes, labels = VOCABULARIES[vocabulary]
    assert set(labels) <= set(codes)
