"""Country-wide totals per (election, authority), kept beside the tally's cells.

Merging the cells costs one dictionary step per fact per visible cell: at 100,000 cases
with their own tracks (24,000 cells) about 1.3 s of CPU for a national officer, over the
1 s budget (docs/decisions.md, "The dashboard"). An officer who may see every case the
filters keep (ops, admin, Bawaslu RI) needs no per-cell merge: the same facts summed once
per filter combination, as rows change, are read directly. Each row counts in the
combinations (any or its election) x (any or each of its authorities), a handful.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from services.cases.read_models.dashboard_facts import SeriesFact, StepFact

T = TypeVar("T")
RollupKey = tuple[str | None, str | None]  # (election, authority); None: any


@dataclass
class AreaTotals:
    cases: int = 0
    open: int = 0
    missed_now: int = 0
    opened: Counter[int] = field(default_factory=Counter)  # per day


@dataclass
class Rollup:
    series: Counter[SeriesFact] = field(default_factory=Counter)
    steps: Counter[StepFact] = field(default_factory=Counter)  # only with an election named
    now: Counter[tuple[str, str]] = field(default_factory=Counter)
    areas: dict[str, AreaTotals] = field(default_factory=dict)  # by province

    @property
    def now_open(self) -> int:
        return sum(n for (kind, _), n in self.now.items() if kind == "status")


def add(total: Counter[T], part: Mapping[T, int], sign: int) -> None:
    for key, n in part.items():
        left = total[key] + sign * n
        if left:
            total[key] = left
        else:
            del total[key]


@dataclass(frozen=True)
class RowFacts:
    """What one row adds, computed once and counted in its cell and its rollups."""

    election: str
    authorities: frozenset[str]
    province: str
    opened_at_day: int
    series: Mapping[SeriesFact, int]
    steps: Mapping[StepFact, int]
    now: Mapping[tuple[str, str], int]

    @property
    def open(self) -> int:
        return 1 if self.now else 0


class Rollups:
    def __init__(self) -> None:
        self.by_key: dict[RollupKey, Rollup] = {}

    def count(self, facts: RowFacts, sign: int) -> None:
        for election in (None, facts.election):
            for authority in (None, *facts.authorities):
                rollup = self.by_key.setdefault((election, authority), Rollup())
                add(rollup.series, facts.series, sign)
                if election is not None:
                    add(rollup.steps, facts.steps, sign)
                add(rollup.now, facts.now, sign)
                self._area(rollup, facts, sign)

    @staticmethod
    def _area(rollup: Rollup, facts: RowFacts, sign: int) -> None:
        area = rollup.areas.setdefault(facts.province, AreaTotals())
        area.cases += sign
        area.open += sign * facts.open
        area.missed_now += sign * facts.now.get(("missed", ""), 0)
        add(area.opened, {facts.opened_at_day: 1}, sign)
        if area.cases == 0:
            del rollup.areas[facts.province]
