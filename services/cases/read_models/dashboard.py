"""The dashboard's figures for one staff member and one set of filters.

Merges the tally's cells (`dashboard_tally.py`) this actor may see and the filters keep:
a pass over a few thousand cells, not over every case. Time series are per WIB day of the
period; the backlog is what was open at the end of each day; step times are the stays in
a status that ended within the period.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from services.cases.domain.access import can_view
from services.cases.domain.model import Actor
from services.cases.read_models.dashboard_facts import (
    BACKLOG,
    CLOSED,
    MISSED,
    OPENED,
    REPORTS_BY_CATEGORY,
    REPORTS_BY_CHANNEL,
    SeriesFact,
    StepFact,
    bucket_width,
)
from services.cases.read_models.dashboard_rollup import Rollups
from services.cases.read_models.dashboard_tally import (
    NOW_CATEGORY,
    NOW_MISSED,
    NOW_STATUS,
    Cell,
    DashboardTally,
)

UNKNOWN_AREA = "unknown"
MAX_DAYS = 366


@dataclass(frozen=True)
class DashboardFilters:
    start: date
    end: date
    election: str | None = None
    authority: str | None = None
    province: str | None = None  # drill-down: its kabupaten/kota become the areas

    @property
    def days(self) -> list[date]:
        first = self.start.toordinal()
        return [date.fromordinal(d) for d in range(first, self.end.toordinal() + 1)]


@dataclass(frozen=True)
class StepTime:
    election: str
    status: str
    steps: int  # stays in the status that ended within the period
    median_hours: float  # the middle of the bucket holding the median


@dataclass(frozen=True)
class AreaFigures:
    code: str  # a province code, a kabupaten/kota code when drilled down, or "unknown"
    cases: int  # every visible case, whenever opened
    open: int  # open now
    opened: int  # opened within the period
    missed_now: int  # open with their current deadline missed


@dataclass(frozen=True)
class DashboardRead:
    filters: DashboardFilters
    days: list[date]
    reports_by_channel: dict[str, list[int]]
    reports_by_category: dict[str, list[int]]
    opened: list[int]
    closed: list[int]
    backlog_by_status: dict[str, list[int]]  # open at the end of each day
    missed: list[int]  # deadlines that fell due that day and were missed
    steps: list[StepTime]
    areas: list[AreaFigures]
    open_by_status: dict[str, int]
    open_by_category: dict[str, int]
    open_by_authority: dict[str, int]
    missed_now: int
    cases_seen: int  # cells merged: what the request cost (the bench prints it)
    generated_at: datetime

    @property
    def open_total(self) -> int:
        return sum(self.open_by_status.values())


def area_of(region: str | None, province: str | None) -> str:
    if not region:
        return UNKNOWN_AREA
    parts = region.split(".")
    return parts[0] if province is None else ".".join(parts[:2])


def in_province(region: str | None, province: str) -> bool:
    return region is not None and (region == province or region.startswith(province + "."))


def visible_cells(
    tally: DashboardTally, actor: Actor, filters: DashboardFilters
) -> tuple[list[Cell], int]:
    """The cells this actor may see among those the filters keep, and how many were kept."""
    sees: dict[int, bool] = {}
    kept, matched = [], 0
    for cell in list(tally.cells.values()):
        if filters.election is not None and cell.election != filters.election:
            continue
        if filters.authority is not None and filters.authority not in cell.authorities:
            continue
        if filters.province is not None and not in_province(cell.region, filters.province):
            continue
        matched += 1
        visible = sees.get(id(cell.sight))
        if visible is None:
            visible = sees[id(cell.sight)] = can_view(actor, cell.sight)
        if visible:
            kept.append(cell)
    return kept, matched


def median_hours(buckets: Counter[int]) -> float:
    half, seen = sum(buckets.values()) / 2, 0
    for bucket in sorted(buckets):
        seen += buckets[bucket]
        if seen >= half:
            return bucket + bucket_width(bucket) / 2
    return 0.0


def step_times(steps: dict[str, Counter[StepFact]], first: int, last: int) -> list[StepTime]:
    found = []
    for election, facts in sorted(steps.items()):
        by_status: defaultdict[str, Counter[int]] = defaultdict(Counter)
        for (day, status, bucket), n in facts.items():
            if first <= day <= last:
                by_status[status][bucket] += n
        found += [
            StepTime(election, status, sum(b.values()), median_hours(b))
            for status, b in sorted(by_status.items())
        ]
    return found


@dataclass
class _Merged:
    series: Counter[SeriesFact] = field(default_factory=Counter)
    steps: defaultdict[str, Counter[StepFact]] = field(default_factory=lambda: defaultdict(Counter))
    open_now: Counter[tuple[str, str]] = field(default_factory=Counter)
    by_authority: Counter[str] = field(default_factory=Counter)
    areas: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    merged: int = 0  # cells or rollups read: what the request cost


def _from_cells(cells: Iterable[Cell], filters: DashboardFilters) -> _Merged:
    first, last = filters.start.toordinal(), filters.end.toordinal()
    found = _Merged()
    for cell in cells:
        found.series.update(cell.series)
        found.steps[cell.election].update(cell.steps)
        found.open_now.update(cell.now)
        for authority in cell.authorities:
            if filters.authority in (None, authority):
                found.by_authority[authority] += cell.open
        area = found.areas[area_of(cell.region, filters.province)]
        area["cases"] += cell.cases
        area["open"] += cell.open
        area["missed_now"] += cell.now[(NOW_MISSED, "")]
        area["opened"] += sum(n for day, n in cell.opened.items() if first <= day <= last)
        found.merged += 1
    return found


def _from_rollups(rollups: Rollups, filters: DashboardFilters) -> _Merged:
    """Every case the filters keep is visible: the country-wide sums, no cell merged."""
    first, last = filters.start.toordinal(), filters.end.toordinal()
    found = _Merged()
    rollup = rollups.by_key.get((filters.election, filters.authority))
    if rollup is None:
        return found
    found.series, found.open_now, found.merged = rollup.series, rollup.now, 1
    for (election, authority), part in rollups.by_key.items():
        named = election is not None and filters.election in (None, election)
        if named and authority == filters.authority:
            found.steps[str(election)] = part.steps
        if election == filters.election and filters.authority in (None, authority) and authority:
            found.by_authority[authority] = part.now_open
    for code, totals in rollup.areas.items():
        area = found.areas[code]
        area.update(cases=totals.cases, open=totals.open, missed_now=totals.missed_now)
        area["opened"] = sum(n for day, n in totals.opened.items() if first <= day <= last)
    return found


class _Series:
    """Splits the merged series facts into per-day lists for the period."""

    def __init__(self, facts: Counter[SeriesFact], first: int, last: int) -> None:
        size = last - first + 1
        self.lists: defaultdict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * size)
        before: Counter[str] = Counter()
        for (kind, day, detail), n in facts.items():
            if kind == BACKLOG and day < first:
                before[detail] += n
            elif first <= day <= last:
                self.lists[(kind, detail)][day - first] += n
        self.backlog = {}
        for status in sorted({d for k, d in self.lists if k == BACKLOG} | set(before)):
            running, daily = before[status], self.lists[(BACKLOG, status)]
            self.backlog[status] = [running := running + n for n in daily]
        self.size = size

    def by(self, kind: str) -> dict[str, list[int]]:
        return {detail: v for (k, detail), v in sorted(self.lists.items()) if k == kind}

    def one(self, kind: str) -> list[int]:
        return self.lists.get((kind, ""), [0] * self.size)


def dashboard(
    *, tally: DashboardTally, actor: Actor, filters: DashboardFilters, now: datetime
) -> DashboardRead:
    cells, matched = visible_cells(tally, actor, filters)
    sees_all = filters.province is None and len(cells) == matched
    found = _from_rollups(tally.rollups, filters) if sees_all else _from_cells(cells, filters)
    first, last = filters.start.toordinal(), filters.end.toordinal()
    split = _Series(found.series, first, last)
    return DashboardRead(
        filters=filters,
        days=filters.days,
        reports_by_channel=split.by(REPORTS_BY_CHANNEL),
        reports_by_category=split.by(REPORTS_BY_CATEGORY),
        opened=split.one(OPENED),
        closed=split.one(CLOSED),
        backlog_by_status=split.backlog,
        missed=split.one(MISSED),
        steps=step_times(found.steps, first, last),
        areas=[
            AreaFigures(code, s["cases"], s["open"], s["opened"], s["missed_now"])
            for code, s in sorted(found.areas.items())
        ],
        open_by_status={s: n for (k, s), n in found.open_now.items() if k == NOW_STATUS},
        open_by_category={c: n for (k, c), n in found.open_now.items() if k == NOW_CATEGORY},
        open_by_authority={a: n for a, n in found.by_authority.items() if n},
        missed_now=found.open_now[(NOW_MISSED, "")],
        cases_seen=found.merged,
        generated_at=now,
    )
