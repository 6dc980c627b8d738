"""Working days in Indonesia: weekends plus public holidays from the `lokal-id` package.

lokal only ships official holiday data for some years (`lokal.HOLIDAY_YEARS`). For any
other year we pick, per calendar, between:
- strict: raise `HolidayDataMissing` (for tools that must not guess);
- lenient (default): count weekends only and report the year as uncovered, so the
  deadline is marked `approximate` on the case. A case must never stall because next
  year's holiday decree (SKB 3 Menteri) has not been published yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import lokal

from services.cases.domain.errors import HolidayDataMissing

WEEKEND = frozenset({5, 6})  # date.weekday(): Saturday, Sunday


@dataclass(frozen=True)
class WorkingDays:
    """The day reached, and the years counted without holiday data (empty when exact)."""

    day: date
    uncovered_years: frozenset[int]


@dataclass(frozen=True)
class WorkingCalendar:
    holidays: frozenset[date]
    covered_years: frozenset[int]
    strict: bool = False

    @classmethod
    def from_lokal(
        cls, *, cuti_bersama_is_day_off: bool = True, strict: bool = False
    ) -> WorkingCalendar:
        years = tuple(lokal.HOLIDAY_YEARS)
        days = {
            date.fromisoformat(h.date)
            for year in years
            for h in lokal.get_holidays(year).holidays
            if h.type == "libur_nasional" or cuti_bersama_is_day_off
        }
        return cls(holidays=frozenset(days), covered_years=frozenset(years), strict=strict)

    def is_covered(self, day: date) -> bool:
        return day.year in self.covered_years

    def is_working_day(self, day: date) -> bool:
        if not self.is_covered(day) and self.strict:
            raise HolidayDataMissing(day.year, tuple(sorted(self.covered_years)))
        return day.weekday() not in WEEKEND and day not in self.holidays

    def add_working_days(self, start: date, n: int) -> WorkingDays:
        """The n-th working day after `start` (start itself not counted)."""
        day, left, uncovered = start, n, set[int]()
        while left > 0:
            day += timedelta(days=1)
            if not self.is_covered(day):
                uncovered.add(day.year)
            if self.is_working_day(day):
                left -= 1
        return WorkingDays(day=day, uncovered_years=frozenset(uncovered))
