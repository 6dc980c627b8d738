"""Server-side bar charts: counts in, bar widths (percent of the largest) out.

Drawn as CSS bars in the template; no chart library and no script.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

MIN_VISIBLE_PERCENT = 1.0  # a non-zero count never renders as an invisible bar


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    count: int
    percent: float  # width relative to the largest bar, 0..100


def scale(count: int, largest: int) -> float:
    if count <= 0 or largest <= 0:
        return 0.0
    return max(MIN_VISIBLE_PERCENT, round(100.0 * count / largest, 1))


def bars(
    counts: Mapping[str, int],
    *,
    label: Callable[[str], str] = str,
    limit: int | None = None,
) -> list[Bar]:
    """Largest first (ties by key, so the order is stable); `limit` keeps the top N."""
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    largest = max((count for _, count in ordered), default=0)
    return [Bar(key, label(key), count, scale(count, largest)) for key, count in ordered]
