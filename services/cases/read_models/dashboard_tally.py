"""The dashboard's figures, kept incrementally beside the staff view's rows.

Cases are grouped into cells by what decides who may see them and what the dashboard
filters on: the row's shared `sight` (routes, region, tracks: `view_rows.sight_of`) and
its election type. A cell sums its cases' facts (`dashboard_facts`); `StaffView.put` and
`drop` call `replace(old, new)`, which subtracts the old row's facts and adds the new
one's. A dashboard request then asks `access.can_view` once per distinct sight and merges
the visible cells, instead of walking 100,000 rows; an officer who sees every case reads
the country-wide `Rollups` instead (docs/decisions.md, "The dashboard").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from services.cases.domain.model import CaseState
from services.cases.read_models.dashboard_facts import (
    SeriesFact,
    StepFact,
    day_of,
    series_facts,
    step_facts,
)
from services.cases.read_models.dashboard_rollup import Rollups, RowFacts, add
from services.cases.read_models.view_rows import CaseRow

CellKey = tuple[int, str]  # (id of the shared sight, election type); the cell holds the sight

NOW_STATUS = "status"
NOW_CATEGORY = "category"
NOW_MISSED = "missed"  # open, and its current deadline has passed (the deadline scan's mark)
UNKNOWN_AREA = "unknown"


def authority_of(route: str) -> str:
    """`BAWASLU:18.12` counts under BAWASLU; SP4N_LAPOR stays itself."""
    return route.split(":", 1)[0]


def province_of(region: str | None) -> str:
    return region.split(".")[0] if region else UNKNOWN_AREA


@dataclass
class Cell:
    sight: CaseState
    election: str
    authorities: frozenset[str]
    cases: int = 0
    series: Counter[SeriesFact] = field(default_factory=Counter)
    steps: Counter[StepFact] = field(default_factory=Counter)
    opened: Counter[int] = field(default_factory=Counter)  # cases opened per day
    now: Counter[tuple[str, str]] = field(default_factory=Counter)  # open cases as they are

    @property
    def region(self) -> str | None:
        return self.sight.region_code

    @property
    def open(self) -> int:
        return sum(n for (kind, _), n in self.now.items() if kind == NOW_STATUS)


def now_facts(row: CaseRow) -> Counter[tuple[str, str]]:
    if not row.is_open:
        return Counter()
    facts = Counter({(NOW_STATUS, row.status.value): 1, (NOW_CATEGORY, row.category): 1})
    if row.deadline_state == "missed":
        facts[(NOW_MISSED, "")] = 1
    return facts


def row_facts(row: CaseRow) -> RowFacts:
    return RowFacts(
        election=row.election_type,
        authorities=frozenset(authority_of(r) for r in row.routes),
        province=province_of(row.region_code),
        opened_at_day=day_of(row.opened_at),
        series=series_facts(row),
        steps=step_facts(row),
        now=now_facts(row),
    )


class DashboardTally:
    def __init__(self) -> None:
        self.cells: dict[CellKey, Cell] = {}
        self.rollups = Rollups()

    def replace(self, old: CaseRow | None, new: CaseRow | None) -> None:
        if old is not None:
            self._count(old, -1)
        if new is not None:
            self._count(new, +1)

    def _count(self, row: CaseRow, sign: int) -> None:
        facts = row_facts(row)
        self.rollups.count(facts, sign)
        key = (id(row.sight), row.election_type)
        cell = self.cells.get(key)
        if cell is None:
            cell = Cell(sight=row.sight, election=row.election_type, authorities=facts.authorities)
            self.cells[key] = cell
        cell.cases += sign
        add(cell.series, facts.series, sign)
        add(cell.steps, facts.steps, sign)
        add(cell.now, facts.now, sign)
        add(cell.opened, {facts.opened_at_day: 1}, sign)
        if cell.cases == 0:
            del self.cells[key]  # and with it the cell's hold on the sight (its id is reused)
