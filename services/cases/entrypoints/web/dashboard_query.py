"""The dashboard's filters from the query string: period, election, authority, province,
and what colours the map. A bad value is named back to the user (a message key and the
field), and the dashboard is drawn with that filter left at its default."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final
from urllib.parse import urlencode

from lokal.provinces import PROVINCES

from services.cases.domain.labels import AUTHORITY_LABELS
from services.cases.domain.vocabulary import ElectionType
from services.cases.read_models.dashboard import MAX_DAYS, DashboardFilters
from services.cases.read_models.dashboard_facts import WIB

DEFAULT_DAYS: Final = 30
MAP_METRICS: Final = ("open", "opened", "missed_now")
FIELDS: Final = ("from", "to", "election", "authority", "province", "metric")


@dataclass(frozen=True)
class DashboardQuery:
    filters: DashboardFilters
    metric: str  # what colours the map: one of MAP_METRICS
    problems: list[tuple[str, str]]  # (field, message key) for each value not understood

    def link(self, **changes: str | None) -> str:
        """This query string with some fields changed ('' or None drops a field)."""
        values = {**self.as_params(), **changes}
        kept = {k: v for k, v in values.items() if v}
        return "/stats" + ("?" + urlencode(kept) if kept else "")

    def as_params(self) -> dict[str, str | None]:
        f = self.filters
        return {
            "from": f.start.isoformat(),
            "to": f.end.isoformat(),
            "election": f.election,
            "authority": f.authority,
            "province": f.province,
            "metric": None if self.metric == MAP_METRICS[0] else self.metric,
        }


def _date(raw: str | None, default: date, field: str, problems: list[tuple[str, str]]) -> date:
    if not raw:
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError:
        problems.append((field, "dashboard.error.date"))
        return default


def _choice(
    raw: str | None,
    allowed: Mapping[str, object] | tuple[str, ...],
    field: str,
    problems: list[tuple[str, str]],
) -> str | None:
    if not raw:
        return None
    if raw in allowed:
        return raw
    problems.append((field, f"dashboard.error.{field}"))
    return None


def parse_query(params: Mapping[str, str], *, now: datetime) -> DashboardQuery:
    problems: list[tuple[str, str]] = []
    today = now.astimezone(WIB).date()
    end = _date(params.get("to"), today, "to", problems)
    start = _date(params.get("from"), end - timedelta(days=DEFAULT_DAYS - 1), "from", problems)
    if start > end:
        problems.append(("from", "dashboard.error.order"))
        start = end - timedelta(days=DEFAULT_DAYS - 1)
    if (end - start).days + 1 > MAX_DAYS:
        problems.append(("from", "dashboard.error.too_long"))
        start = end - timedelta(days=MAX_DAYS - 1)
    elections = tuple(e.value for e in ElectionType)
    filters = DashboardFilters(
        start=start,
        end=end,
        election=_choice(params.get("election"), elections, "election", problems),
        authority=_choice(params.get("authority"), AUTHORITY_LABELS, "authority", problems),
        province=_choice(params.get("province"), PROVINCES, "province", problems),
    )
    metric = _choice(params.get("metric"), MAP_METRICS, "metric", problems) or MAP_METRICS[0]
    return DashboardQuery(filters=filters, metric=metric, problems=problems)
