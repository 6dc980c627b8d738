"""The statistics as a table for CSV and XLSX: one row per figure (section, key, value).

Long format on purpose: any statistics read model adds rows without changing the
columns, and a spreadsheet pivots it back. Counts are of the cases the actor may see
(the statistics page's own numbers), so there is nothing further to redact.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from services.cases.read_models.models import StatsRead

STATS_COLUMNS: Final = ("section", "key", "value")
COUNT_SECTIONS: Final = (
    "by_status",
    "by_category",
    "by_region",
    "by_authority",
    "overdue_by_status",
)


def stats_rows(stats: StatsRead) -> Iterator[list[object]]:
    yield ["total", "", stats.total]
    yield ["overdue", "", stats.overdue]
    for section in COUNT_SECTIONS:
        counts: dict[str, int] = getattr(stats, section)
        for key, count in sorted(counts.items()):
            yield [section, key, count]
    for spent in stats.time_in_state:
        yield ["time_in_state.cases", spent.status, spent.cases]
        yield ["time_in_state.mean_hours", spent.status, spent.mean_hours]
        yield ["time_in_state.total_hours", spent.status, spent.total_hours]
    yield ["generated_at", "", stats.generated_at.isoformat()]
