"""Queue statistics computed in Python over a projection of the visible cases.

FerretDB 1.x supports only part of the aggregation pipeline; one pass in Python runs the
same on FerretDB and mongod. It reads every case, so `StatsCache` keeps each
jurisdiction's figures for a while (STATS_CACHE_S) instead of scanning per page view.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from services.cases.domain.access import can_view
from services.cases.domain.model import Actor, CaseState
from services.cases.domain.vocabulary import TERMINAL_STATUSES
from services.cases.read_models.documents import state_of
from services.cases.read_models.models import StateDuration, StatsRead
from services.cases.read_models.ports import CaseReads

UNKNOWN_REGION = "unknown"


def authority_of(route: str) -> str:
    """`BAWASLU:18.12` counts under BAWASLU; SP4N_LAPOR stays itself."""
    return route.split(":", 1)[0]


def state_spans(case: CaseState, now: datetime) -> list[tuple[str, float]]:
    """(status, hours) for every stretch the case spent in a status, the current one to now."""
    changes = [e for e in case.timeline if e.from_status != e.to_status]
    spans = []
    for entry, following in zip(changes, [*changes[1:], None], strict=True):
        if following is None and entry.to_status in TERMINAL_STATUSES:
            break
        end = following.at if following is not None else now
        spans.append((entry.to_status.value, max(0.0, (end - entry.at).total_seconds() / 3600)))
    return spans


def compute_stats(cases: Iterable[CaseState], *, now: datetime) -> StatsRead:
    by_status: Counter[str] = Counter()
    by_category: Counter[str] = Counter()
    by_region: Counter[str] = Counter()
    by_authority: Counter[str] = Counter()
    overdue_by_status: Counter[str] = Counter()
    hours: defaultdict[str, float] = defaultdict(float)
    visits: Counter[str] = Counter()
    for case in cases:
        by_status[case.status.value] += 1
        by_category[case.category.value] += 1
        by_region[case.region_code or UNKNOWN_REGION] += 1
        by_authority.update({authority_of(r) for r in case.routes})
        open_case = case.status not in TERMINAL_STATUSES
        if open_case and case.deadline_at is not None and case.deadline_at < now:
            overdue_by_status[case.status.value] += 1
        for status, spent in state_spans(case, now):
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


async def case_stats(*, reads: CaseReads, actor: Actor, now: datetime) -> StatsRead:
    visible: list[CaseState] = []
    async for document in reads.every_case():
        case = state_of(document)
        if can_view(actor, case):
            visible.append(case)
    return compute_stats(visible, now=now)


class StatsCache:
    """Statistics per jurisdiction, computed at most once per `ttl`.

    Each computation reads every case (a scan on FerretDB: seconds at 100,000 cases), so a
    dashboard reloaded by many staff must not repeat it; staff see figures up to `ttl` old
    (`generated_at` says how old). A zero `ttl` computes every time.
    """

    def __init__(self, ttl: timedelta) -> None:
        self.ttl = ttl
        self._kept: dict[tuple[str, str | None, str | None], StatsRead] = {}

    async def stats(self, *, reads: CaseReads, actor: Actor, now: datetime) -> StatsRead:
        scope = (actor.role.value, actor.region, actor.agency)
        kept = self._kept.get(scope)
        if kept is not None and now - kept.generated_at < self.ttl:
            return kept
        fresh = await case_stats(reads=reads, actor=actor, now=now)
        self._kept[scope] = fresh
        return fresh
