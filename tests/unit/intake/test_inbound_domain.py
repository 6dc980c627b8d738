"""Reading a citizen's message: status questions, the language guess, the replies' size."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import get_args

import pytest

from schemas.citizen_status import Lang
from services.common.sms_segments import encoding_of, split_sms
from services.intake.domain.inbound import (
    StatusQuestion,
    guess_language,
    read_message,
)
from services.intake.domain.inbound_text import TEXTS, reply
from services.intake.service_layer.inbound_replays import RecentWebhookIds
from tests.fakes.clock import FakeClock

CODE = "NTR-7Q2K-9XPA-3M4N-5B6C"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"CEK {CODE}", StatusQuestion(CODE, "id")),
        (f"  cek: {CODE.lower()}", StatusQuestion(CODE.lower(), "id")),
        ("Check ntr 7q2k 9xpa 3m4n 5b6c", StatusQuestion("ntr 7q2k 9xpa 3m4n 5b6c", "en")),
        ("CEK", None),  # no code: a (too short) report
        ("cek ombak camat ikut kampanye di pantai bersama paslon kemarin", None),
        ("Lapor: camat ikut kampanye", None),
        ("Cekatan sekali lurah kami membagi amplop", None),  # a word, not the command
    ],
)
def test_status_questions_are_told_from_reports(text: str, expected: object) -> None:
    assert read_message(text) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Lapor, kades dsa kami bagi2 amplop isi 100rb ke warga td malam", "id"),
        ("Camat Sukamaju ikut kampanye paslon 2 di lapangan desa", "id"),
        ("The village head was giving money to voters yesterday", "en"),
        ("I saw the district head at the campaign of candidate 2", "en"),
        ("Pak camat at kampanye", "id"),  # too little English to switch
        ("", "id"),
    ],
)
def test_the_language_guess(text: str, lang: Lang) -> None:
    assert guess_language(text) == lang


@pytest.mark.parametrize("key", sorted(TEXTS))
@pytest.mark.parametrize("lang", get_args(Lang))
def test_every_reply_is_gsm7_and_at_most_three_segments(key: str, lang: Lang) -> None:
    values = {
        "code": CODE,
        "url": "https://lapor.bawaslu.go.id/v1/status/" + CODE,
        "status": "Diterima, menunggu kajian awal",
        "category": "Ikut kegiatan kampanye",
        "count": "2",
    }
    text = reply(key, lang, **values)
    assert encoding_of(text) == "GSM-7", text
    assert len(split_sms(text).segments) <= 3


def test_webhook_ids_are_remembered_for_the_replay_window_only() -> None:
    clock = FakeClock(datetime(2026, 11, 3, tzinfo=UTC))
    recent = RecentWebhookIds(window=timedelta(minutes=5), clock=clock, max_ids=2)
    recent.taken("a")
    assert recent.seen("a") and not recent.seen("b")
    clock.advance(timedelta(minutes=10))
    assert not recent.seen("a")  # older than any call that could still verify
    for webhook_id in ("x", "y", "z"):
        recent.taken(webhook_id)
    assert not recent.seen("x") and recent.seen("z")  # bounded: oldest forgotten
