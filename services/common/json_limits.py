"""JSON from strangers, parsed within bounds on its shape.

The body-size limit (limits.py) caps the bytes; these bounds cap what fits in them:
nesting depth (checked on the raw text *before* parsing, so 10,000 nested brackets never
reach the recursive parser), and the length of every string and the number of items in
every list and object (checked on the parsed document by an iterative walk). A document
outside a bound raises `JsonOutOfBounds`, naming the bound and where it was passed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

# A whole JSON string (escapes included) or one bracket: brackets inside strings are skipped.
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)
# A path in an answer is cut to this: a client's deep keys are not echoed in full.
MAX_PATH_CHARS = 120


@dataclass(frozen=True)
class JsonLimits:
    max_depth: int
    max_string_chars: int
    max_items: int  # in any one list or object


class JsonOutOfBounds(ValueError):
    """The document passes a bound; `what` names the bound, `where` the JSON path."""

    def __init__(self, *, what: str, where: str, limit: int) -> None:
        where = where if len(where) <= MAX_PATH_CHARS else where[: MAX_PATH_CHARS - 1] + "…"
        super().__init__(f"{what} at {where} exceeds the limit of {limit}")
        self.what = what
        self.where = where
        self.limit = limit


class MalformedJson(ValueError):
    pass


def load_json(raw: bytes, limits: JsonLimits) -> object:
    """Parse `raw`; raise `MalformedJson` or `JsonOutOfBounds`, never anything else."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MalformedJson(f"the body is not UTF-8: {exc}") from exc
    check_depth(text, limits.max_depth)
    try:
        document: object = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedJson(f"the body is not valid JSON: {exc}") from exc
    except RecursionError as exc:  # cannot pass check_depth; kept so it can never be a 500
        raise JsonOutOfBounds(what="nesting", where="$", limit=limits.max_depth) from exc
    check_shape(document, limits)
    return document


def check_depth(text: str, max_depth: int) -> None:
    # Every level opens with `{` or `[`: no more of them than the bound (brackets in
    # strings counted too), no level past it, and the scan (~8 us a report) is skipped.
    if text.count("{") + text.count("[") <= max_depth:
        return
    depth = 0
    for token in _TOKEN.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > max_depth:
                raise JsonOutOfBounds(
                    what="nesting depth", where=f"character {token.start()}", limit=max_depth
                )
        elif bracket in "]}":
            depth -= 1


def check_shape(document: object, limits: JsonLimits) -> None:
    """String lengths and item counts, walked iteratively (depth is already bounded)."""
    stack: list[tuple[object, str]] = [(document, "$")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, str) and len(node) > limits.max_string_chars:
            raise JsonOutOfBounds(what="string length", where=path, limit=limits.max_string_chars)
        if isinstance(node, dict | list) and len(node) > limits.max_items:
            what = "object members" if isinstance(node, dict) else "list items"
            raise JsonOutOfBounds(what=what, where=path, limit=limits.max_items)
        if isinstance(node, dict):
            for key, value in node.items():
                if len(key) > limits.max_string_chars:
                    raise JsonOutOfBounds(
                        what="key length", where=path, limit=limits.max_string_chars
                    )
                stack.append((value, f"{path}.{key}"))
        elif isinstance(node, list):
            stack.extend((item, f"{path}[{i}]") for i, item in enumerate(node))
