from __future__ import annotations

import json
from importlib import resources

import pytest

from services.cases.entrypoints.web.i18n import LANGUAGES, Translator, choose_language


@pytest.mark.parametrize(
    ("query", "cookie", "expected"),
    [
        (None, None, "id"),
        ("en", None, "en"),
        (None, "en", "en"),
        ("id", "en", "id"),
        ("fr", "en", "en"),
        ("fr", "xx", "id"),
    ],
)
def test_query_wins_over_cookie_and_unknown_falls_back_to_indonesian(
    query: str | None, cookie: str | None, expected: str
) -> None:
    assert choose_language(query, cookie) == expected


def test_both_catalogues_have_the_same_keys() -> None:
    folder = resources.files("services.cases.entrypoints.web").joinpath("messages")
    keys = [
        set(json.loads(folder.joinpath(f"{lang}.json").read_text("utf-8"))) for lang in LANGUAGES
    ]
    assert keys[0] == keys[1]


def test_message_lookup_with_values() -> None:
    assert Translator("id").t("case.title", case_id="C-1") == "Kasus C-1"
    assert Translator("en").t("case.title", case_id="C-1") == "Case C-1"


def test_unknown_key_shows_the_key_rather_than_failing() -> None:
    assert Translator("en").t("no.such.key") == "no.such.key"


def test_domain_labels_come_from_the_domain_tables() -> None:
    assert Translator("id").label("status", "preliminary_review") == "Kajian Awal"
    assert Translator("en").label("command", "start_review") == "Start preliminary review"
    assert Translator("en").label("status", None) == "-"


def test_timeline_actions_use_command_labels_then_catalogue_then_raw() -> None:
    tr = Translator("id")
    assert tr.action("start_review") == "Mulai Kajian Awal"
    assert tr.action("opened") == "Kasus dibuka"
    assert tr.action("notification.sent") == "notification.sent"


def test_other_language_is_the_switch_target() -> None:
    assert Translator("id").other_language == "en"
    assert Translator("en").other_language == "id"
