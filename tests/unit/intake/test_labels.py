"""Every code a citizen can meet on the tracking page has a plain label in both languages."""

from __future__ import annotations

from enum import StrEnum
from typing import get_args

import pytest

from schemas.cases import CaseStatus
from schemas.citizen_status import CITIZEN_STATUS, Labels, Lang
from schemas.triage import Authority, Category
from services.intake.domain.labels import AUTHORITY, CATEGORY

LANGS: tuple[Lang, ...] = get_args(Lang)
TABLES: list[tuple[type[StrEnum], dict[StrEnum, Labels]]] = [
    (CaseStatus, CITIZEN_STATUS),  # type: ignore[list-item]
    (Authority, AUTHORITY),  # type: ignore[list-item]
    (Category, CATEGORY),  # type: ignore[list-item]
]


@pytest.mark.parametrize(("enum", "table"), TABLES, ids=lambda x: getattr(x, "__name__", ""))
def test_every_code_has_a_label_in_every_language(
    enum: type[StrEnum], table: dict[StrEnum, Labels]
) -> None:
    missing = [
        f"{member.value}/{lang}"
        for member in enum
        for lang in LANGS
        if not table.get(member, {}).get(lang, "").strip()
    ]
    assert missing == []


@pytest.mark.parametrize(("enum", "table"), TABLES, ids=lambda x: getattr(x, "__name__", ""))
def test_no_label_is_the_raw_code(enum: type[StrEnum], table: dict[StrEnum, Labels]) -> None:
    raw = [f"{m.value}/{lang}" for m in enum for lang in LANGS if table[m][lang] == m.value]
    assert raw == []


def test_the_languages_are_bahasa_indonesia_and_english() -> None:
    assert LANGS == ("id", "en")
