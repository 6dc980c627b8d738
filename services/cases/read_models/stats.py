"""Queue statistics over the staff view's rows of the visible cases.

Computed in Python from memory (`staff_view.py`): a pass over every row, a fraction of a
second at 100,000 cases (docs/decisions.md, "Staff queries from an in-memory view").
`StatsCache` still keeps each jurisdiction's figures for a while (STATS_CACHE_S) so a
dashboard reloaded by many staff does not repeat the pass.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from services.cases.domain.access import can_view
from services.cases.domain.model import Actor
from services.cases.domain.vocabulary import TERMINAL_STATUSES
from services.cases.read_models.models import StateDuration, StatsRead
from services.cases.read_models.staff_view import StaffView
from services.cases.read_models.view_rows import CaseRow, StatusChange

UNKNOWN_REGION = "unknown"
TERMINAL = frozenset(s.value for s in TERMINAL_STATUSES)


def authority_of(route: str) -> str:
    """`BAWASLU:18.12` counts under BAWASLU; SP4N_LAPOR stays itself."""
    return route.split(":", 1)[0]


def state_spans(changes: tuple[StatusChange, ...], now: datetime) -> list[tuple[str, float]]:
    """(status, hours) for every stretch the case spent in a status, the current one to now."""
    spans = []
    for (status, at), following in zip(changes, [*changes[1:], None], strict=True):
        if following is None and status in TERMINAL:
            break
        end = following[1] if following is not None else now
        spans.append((status, max(0.0, (end - at).total_seconds() / 3600)))
    return spans


def compute_stats(rows: Iterable[CaseRow], *, now: datetime) -> StatsRead:
    by_status: Counter[str] = Counter()
    by_category: Counter[str] = Counter()
    by_region: Counter[str] = Counter()
    by_authority: Counter[str] = Counter()
    overdue_by_status: Counter[str] = Counter()
    hours: defaultdict[str, float] = defaultdict(float)
    visits: Counter[str] = Counter()
    for row in rows:
        by_status[row.status.value] += 1
        by_category[row.category] += 1
        by_region[row.region_code or UNKNOWN_REGION] += 1
        by_authority.update({authority_of(r) for r in row.routes})
        if row.overdue(now):
            overdue_by_status[row.status.value] += 1
        for status, spent in state_spans(row.changes, now):
            hours[status] += spent
            visits[status] += 1
    durations = [
        StateDuration(
            status=s,
            cases=visits[s],
            total_hours=round(hours[s], 2),
            mean_hours=round(hours[s] / visits[s], 2),
        )
        for s in sorted(visits)
    ]
    return StatsRead(
        total=sum(by_status.values()),
        by_status=dict(by_status),
        by_category=dict(by_category),
        by_region=dict(by_region),
        by_authority=dict(by_authority),
        overdue=sum(overdue_by_status.values()),
        overdue_by_status=dict(overdue_by_status),
        time_in_state=durations,
        generated_at=now,
    )


def case_stats(*, view: StaffView, actor: Actor, now: datetime) -> StatsRead:
    view.require_warm()
    visible = (row for row in list(view.rows.values()) if can_view(actor, row.sight))
    return compute_stats(visible, now=now)


class StatsCache:
    """Statistics per jurisdiction, computed at most once per `ttl` (zero: every time)."""

    def __init__(self, ttl: timedelta) -> None:
        self.ttl = ttl
        self._kept: dict[tuple[str, str | None, str | None], StatsRead] = {}

    def stats(self, *, view: StaffView, actor: Actor, now: datetime) -> StatsRead:
        scope = (actor.role.value, actor.region, actor.agency)
        kept = self._kept.get(scope)
        if kept is not None and now - kept.generated_at < self.ttl:
            return kept
        fresh = case_stats(view=view, actor=actor, now=now)
        self._kept[scope] = fresh
        return fresh
