"""Mongo query semantics for the few operators the cases adapters use (FerretDB 1.x subset).

An array field matches when any element does, `None` matches a missing field, and a
comparison with a missing or null field is false: as in MongoDB.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

Document = Mapping[str, Any]
_MISSING = object()


def matches(document: Document, query: Document) -> bool:
    return all(_clause(document, key, value) for key, value in query.items())


def _clause(document: Document, key: str, condition: Any) -> bool:
    if key == "$and":
        return all(matches(document, q) for q in condition)
    if key == "$or":
        return any(matches(document, q) for q in condition)
    value = _lookup(document, key)
    if isinstance(condition, Mapping) and any(str(k).startswith("$") for k in condition):
        return _operators(value, condition)
    if condition is None:
        return value is _MISSING or value is None
    return any(candidate == condition for candidate in _candidates(value))


def _lookup(document: Document, dotted: str) -> Any:
    value: Any = document
    for part in dotted.split("."):
        if isinstance(value, list):
            return [item.get(part, _MISSING) for item in value if isinstance(item, Mapping)]
        if not isinstance(value, Mapping) or part not in value:
            return _MISSING
        value = value[part]
    return value


def _candidates(value: Any) -> list[Any]:
    if value is _MISSING:
        return []
    return [value, *value] if isinstance(value, list) else [value]


def _operators(value: Any, condition: Mapping[str, Any]) -> bool:
    for op, operand in condition.items():
        if op == "$options":
            continue
        if op == "$ne":
            if any(candidate == operand for candidate in _candidates(value)):
                return False
            continue
        if op == "$regex":
            flags = re.IGNORECASE if "i" in condition.get("$options", "") else 0
            pattern = re.compile(operand, flags)
            found = any(isinstance(c, str) and pattern.search(c) for c in _candidates(value))
        else:
            found = any(_compare(op, c, operand) for c in _candidates(value))
        if not found:
            return False
    return True


def _compare(op: str, value: Any, operand: Any) -> bool:
    if value is None or operand is None:
        return False
    try:
        if op == "$lt":
            return bool(value < operand)
        if op == "$lte":
            return bool(value <= operand)
        if op == "$gt":
            return bool(value > operand)
        if op == "$gte":
            return bool(value >= operand)
    except TypeError:
        return False
    raise ValueError(f"operator {op} is not faked")
