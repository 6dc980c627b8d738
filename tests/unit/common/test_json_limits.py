"""Bounded JSON: every document outside a bound is `JsonOutOfBounds`, never anything else."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.common.json_limits import JsonLimits, JsonOutOfBounds, MalformedJson, load_json

LIMITS = JsonLimits(max_depth=8, max_string_chars=50, max_items=10)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=80),
    lambda children: (
        st.lists(children, max_size=14)
        | st.dictionaries(st.text(max_size=60), children, max_size=14)
    ),
    max_leaves=30,
)


def depth(node: object) -> int:
    if isinstance(node, dict):
        return 1 + max((depth(v) for v in node.values()), default=0)
    if isinstance(node, list):
        return 1 + max((depth(v) for v in node), default=0)
    return 0


def within(node: object) -> bool:
    if isinstance(node, str):
        return len(node) <= LIMITS.max_string_chars
    if isinstance(node, dict):
        return len(node) <= LIMITS.max_items and all(
            len(k) <= LIMITS.max_string_chars and within(v) for k, v in node.items()
        )
    if isinstance(node, list):
        return len(node) <= LIMITS.max_items and all(within(v) for v in node)
    return True


@settings(max_examples=60, deadline=None)
@given(json_values)
def test_a_document_loads_exactly_when_it_is_within_every_bound(document: object) -> None:
    raw = json.dumps(document).encode()
    if depth(document) <= LIMITS.max_depth and within(document):
        assert load_json(raw, LIMITS) == document
    else:
        with pytest.raises(JsonOutOfBounds):
            load_json(raw, LIMITS)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200) | st.text(alphabet='[]{}":,\\ab1', max_size=200).map(str.encode))
def test_any_bytes_load_or_raise_a_named_error(raw: bytes) -> None:
    with contextlib.suppress(MalformedJson, JsonOutOfBounds):
        load_json(raw, LIMITS)


@pytest.mark.parametrize(
    "raw",
    [b"[" * 10_000 + b"]" * 10_000, b'{"a":' * 10_000 + b"1" + b"}" * 10_000, b"[" * 10_000],
    ids=["brackets", "objects", "unclosed"],
)
def test_ten_thousand_levels_are_refused_before_parsing(raw: bytes) -> None:
    with pytest.raises(JsonOutOfBounds, match="nesting depth") as caught:
        load_json(raw, LIMITS)
    assert caught.value.limit == LIMITS.max_depth


def test_brackets_inside_strings_are_not_nesting() -> None:
    text = '["' + "[" * 40 + '\\"[", "]]]"]'
    assert load_json(text.encode(), LIMITS) == ["[" * 40 + '"[', "]]]"]


def test_the_error_names_the_bound_and_the_path() -> None:
    with pytest.raises(JsonOutOfBounds) as caught:
        load_json(json.dumps({"reporter": {"name": "x" * 51}}).encode(), LIMITS)
    assert caught.value.what == "string length"
    assert caught.value.where == "$.reporter.name"
    with pytest.raises(JsonOutOfBounds, match=r"list items at \$\.tags"):
        load_json(json.dumps({"tags": list(range(11))}).encode(), LIMITS)


def test_depth_at_the_bound_loads_and_one_past_it_is_refused() -> None:
    at_bound = "[" * LIMITS.max_depth + "]" * LIMITS.max_depth  # as many brackets as the bound
    assert depth(load_json(at_bound.encode(), LIMITS)) == LIMITS.max_depth
    with pytest.raises(JsonOutOfBounds, match="nesting depth"):
        load_json(("[" + at_bound + "]").encode(), LIMITS)
    wide: list[list[dict[str, int]]] = [
        [{}] for _ in range(LIMITS.max_items)
    ]  # more brackets than the bound, 3 deep
    assert load_json(json.dumps(wide).encode(), LIMITS) == wide
