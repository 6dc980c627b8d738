"""Dedup key: paraphrases of one incident share a key; different incidents do not."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from schemas.reports import ReportContent
from schemas.triage import Category, SubjectType
from services.triage.domain.dedup import dedup_key, normalise_agency, normalise_name
from services.triage.domain.engine import TriageEngine
from tests.unit.triage.triage_support import decide

pytestmark = pytest.mark.unit

VIRAL = [
    "Viral foto camat pose dua jari bareng cagub nomor 2, tolong diperiksa.",
    "Saya lihat di FB ada foto Pak Camat berpose salam dua jari bersama calon gubernur no 2.",
    "min ada foto camat acung 2 jari sm cagub no 2 udah nyebar di grup",
]


def test_paraphrases_of_one_viral_post_share_a_key(engine: TriageEngine) -> None:
    keys = {
        decide(engine, text, region_code="35.07", occurred_on=date(2024, 10, 3)).dedup_key
        for text in VIRAL
    }
    assert len(keys) == 1


def test_different_incidents_get_different_keys(engine: TriageEngine) -> None:
    same = {"region_code": "35.07", "occurred_on": date(2024, 10, 3)}
    base = decide(engine, VIRAL[0], **same).dedup_key
    other_place = decide(engine, VIRAL[0], region_code="35.08", occurred_on=date(2024, 10, 3))
    other_week = decide(engine, VIRAL[0], region_code="35.07", occurred_on=date(2024, 11, 20))
    other_act = decide(engine, "Camat ikut kampanye terbuka cagub nomor 2.", **same)
    other_person = decide(engine, "Kades pose dua jari bareng cagub nomor 2.", **same)
    keys = {
        base,
        other_place.dedup_key,
        other_week.dedup_key,
        other_act.dedup_key,
        other_person.dedup_key,
    }
    assert len(keys) == 5


def test_named_subject_is_normalised() -> None:
    assert normalise_name("Sdr. Joko Susanto, S.Pd.") == normalise_name("joko susanto")
    assert normalise_agency("Pemerintah Kota Padang") == normalise_agency("Pemkot Padang")


def test_received_date_is_used_without_occurred_on_and_key_is_short() -> None:
    content = ReportContent(channel="sms", text="Camat ikut kampanye paslon no 1")

    def key(received: datetime) -> str:
        return dedup_key(
            content,
            category=Category.CAMPAIGN_ACTIVITY,
            subject_type=SubjectType.ASN,
            region_code="18.12",
            received_at=received,
        )

    day1 = key(datetime(2024, 10, 1, tzinfo=UTC))
    day2 = key(datetime(2024, 10, 2, tzinfo=UTC))
    far = key(datetime(2024, 12, 2, tzinfo=UTC))
    assert day1 == day2 != far and len(day1) == 16
