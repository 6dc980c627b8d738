"""What one case adds to the dashboard's time series, as countable keys (facts).

A row's facts are a pure function of the row, so replacing a row (`DashboardTally.replace`)
subtracts exactly what the old row added: the tally never drifts, whatever order the
events, read-backs and staff writes come in. Days are calendar days in WIB (UTC+7, the
time Bawaslu RI reports in; Indonesia keeps no daylight saving), as proleptic ordinals.
"""

from __future__ import annotations

import sys
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from typing import Final, TypeVar, cast

from services.cases.domain.vocabulary import TERMINAL_STATUSES
from services.cases.read_models.view_rows import CaseRow

WIB: Final = timezone(timedelta(hours=7), "WIB")
TERMINAL: Final = frozenset(s.value for s in TERMINAL_STATUSES)

# Kinds of series facts: (kind, day, detail)
REPORTS_BY_CHANNEL: Final = "reports_by_channel"  # a report received that day, its channel
REPORTS_BY_CATEGORY: Final = "reports_by_category"  # ... and its case's category
OPENED: Final = "opened"
CLOSED: Final = "closed"  # entered a terminal status that day
BACKLOG: Final = "backlog"  # +1 the day a case entered an open status, -1 the day it left
MISSED: Final = "missed"  # a deadline that passed undone, by the day it was due

SeriesFact = tuple[str, int, str]
StepFact = tuple[int, str, int]  # (day the step ended, status, hours bucket)

# Step durations are kept in buckets: by the hour for two days, by six hours to ten
# days, then by the day; a median is read to within its bucket (docs/decisions.md).
HOURLY_UNTIL: Final = 48
SIX_HOURLY_UNTIL: Final = 240
LONGEST_HOURS: Final = 24 * 365

K = TypeVar("K", bound=tuple[object, ...])
_interned: dict[tuple[object, ...], tuple[object, ...]] = {}


def day_of(at: datetime) -> int:
    aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return aware.astimezone(WIB).toordinal()


def hours_bucket(hours: float) -> int:
    """The lower bound, in hours, of the bucket a step of `hours` falls in."""
    whole = int(max(0.0, hours))
    if whole < HOURLY_UNTIL:
        return whole
    if whole < SIX_HOURLY_UNTIL:
        return whole - (whole - HOURLY_UNTIL) % 6
    return min(whole - whole % 24, LONGEST_HOURS)


def bucket_width(bucket: int) -> int:
    if bucket < HOURLY_UNTIL:
        return 1
    return 6 if bucket < SIX_HOURLY_UNTIL else 24


def _shared(key: K) -> K:
    """One tuple per distinct fact across all cases: 100,000 rows share a few thousand."""
    return cast(K, _interned.setdefault(key, key))


def series_facts(row: CaseRow) -> Counter[SeriesFact]:
    facts: Counter[SeriesFact] = Counter()
    category = sys.intern(row.category)
    for received, channel in row.intake:
        day = day_of(received)
        facts[_shared((REPORTS_BY_CHANNEL, day, channel))] += 1
        facts[_shared((REPORTS_BY_CATEGORY, day, category))] += 1
    facts[_shared((OPENED, day_of(row.opened_at), ""))] += 1
    for status, at in row.changes:
        day = day_of(at)
        if status in TERMINAL:
            facts[_shared((CLOSED, day, ""))] += 1
        else:
            facts[_shared((BACKLOG, day, status))] += 1
    for (status, _), (_, left_at) in zip(row.changes, row.changes[1:], strict=False):
        if status not in TERMINAL:
            facts[_shared((BACKLOG, day_of(left_at), status))] -= 1
    for due in row.missed:
        facts[_shared((MISSED, day_of(due), ""))] += 1
    return Counter({key: n for key, n in facts.items() if n})


def step_facts(row: CaseRow) -> Counter[StepFact]:
    """Every finished stay in an open status: (day it ended, status, hours bucket)."""
    facts: Counter[StepFact] = Counter()
    for (status, entered), (_, left) in zip(row.changes, row.changes[1:], strict=False):
        if status in TERMINAL:
            continue
        hours = (left - entered).total_seconds() / 3600
        facts[_shared((day_of(left), status, hours_bucket(hours)))] += 1
    return facts
