from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.cases.entrypoints.web.deadline_view import badge, deadline_colour, local_time

NOW = datetime(2024, 11, 5, 3, 0, tzinfo=UTC)
WARN = timedelta(hours=24)


def test_no_deadline_is_neutral() -> None:
    assert deadline_colour(None, NOW, WARN) == "none"


def test_far_deadline_is_ok() -> None:
    assert deadline_colour(NOW + timedelta(days=3), NOW, WARN) == "ok"


def test_deadline_inside_the_warning_window_is_approaching() -> None:
    assert deadline_colour(NOW + timedelta(hours=5), NOW, WARN) == "approaching"
    assert deadline_colour(NOW + WARN, NOW, WARN) == "approaching"


def test_past_deadline_is_missed() -> None:
    assert deadline_colour(NOW - timedelta(seconds=1), NOW, WARN) == "missed"


def test_local_time_is_shown_in_wib() -> None:
    assert local_time(datetime(2024, 11, 5, 16, 59, 59, tzinfo=UTC)) == "2024-11-05 23:59 WIB"
    assert local_time(None) is None


def test_badge_carries_css_class_and_flags() -> None:
    b = badge(NOW - timedelta(days=1), now=NOW, warn_before=WARN, uncertain=True)
    assert b.css_class == "deadline deadline--missed"
    assert b.uncertain and not b.approximate
    assert b.at_local == "2024-11-04 10:00 WIB"
