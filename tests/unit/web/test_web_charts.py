from __future__ import annotations

from services.cases.entrypoints.web.charts import MIN_VISIBLE_PERCENT, bars, scale


def test_largest_bar_is_full_width_and_others_proportional() -> None:
    result = bars({"a": 10, "b": 5, "c": 1})
    assert [(b.key, b.percent) for b in result] == [("a", 100.0), ("b", 50.0), ("c", 10.0)]


def test_order_is_largest_first_then_key() -> None:
    assert [b.key for b in bars({"b": 2, "a": 2, "c": 3})] == ["c", "a", "b"]


def test_tiny_counts_stay_visible_and_zero_is_empty() -> None:
    assert scale(1, 10_000) == MIN_VISIBLE_PERCENT
    assert scale(0, 10) == 0.0
    assert scale(3, 0) == 0.0


def test_limit_keeps_the_top_and_rescales_to_them() -> None:
    result = bars({"a": 4, "b": 2, "c": 1}, limit=2)
    assert [(b.key, b.percent) for b in result] == [("a", 100.0), ("b", 50.0)]


def test_labels_are_applied_and_empty_input_gives_no_bars() -> None:
    assert bars({"x": 1}, label=str.upper)[0].label == "X"
    assert bars({}) == []
