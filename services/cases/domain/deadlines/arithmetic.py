"""Deadline arithmetic: UTC instants in, UTC instants out, days counted on WIB local dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from schemas.cases import CaseStatus
from services.cases.domain.deadlines.rules import DeadlineRule, DeadlineRules
from services.cases.domain.deadlines.working_calendar import WorkingCalendar
from services.cases.domain.vocabulary import DayUnit, DeadlineState, ElectionType

WIB = ZoneInfo("Asia/Jakarta")
END_OF_DAY = time(23, 59, 59)


class Deadline(BaseModel):
    """A computed deadline with what staff need to trust it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    at: datetime
    basis: str
    uncertain: bool  # the figure or unit is unconfirmed (configuration says so)
    approximate: bool  # counted across a year without holiday data: weekends only


def require_aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"timestamp must carry a timezone: {moment.isoformat()}")
    return moment


def local_date(moment: datetime) -> date:
    return require_aware(moment).astimezone(WIB).date()


def end_of_local_day(day: date) -> datetime:
    return datetime.combine(day, END_OF_DAY, tzinfo=WIB).astimezone(UTC)


def compute_deadline(
    rule: DeadlineRule, *, start: datetime, calendar: WorkingCalendar, extended: bool = False
) -> Deadline:
    amount = rule.amount + ((rule.extension or 0) if extended else 0)
    approximate = False
    if rule.unit == DayUnit.HOURS:
        at = require_aware(start).astimezone(UTC) + timedelta(hours=amount)
    elif rule.unit == DayUnit.SECONDS:
        at = require_aware(start).astimezone(UTC) + timedelta(seconds=amount)
    elif rule.unit == DayUnit.CALENDAR_DAYS:
        at = end_of_local_day(local_date(start) + timedelta(days=amount))
    else:
        reached = calendar.add_working_days(local_date(start), amount)
        at, approximate = end_of_local_day(reached.day), bool(reached.uncovered_years)
    return Deadline(at=at, basis=rule.basis, uncertain=rule.uncertain, approximate=approximate)


def deadline_for(
    status: CaseStatus,
    election_type: ElectionType,
    entered_at: datetime,
    calendar: WorkingCalendar,
    *,
    rules: DeadlineRules,
) -> datetime | None:
    """The configured deadline for a status counted from `entered_at`; None when it has none.

    Conditions on the case (`when_track`, `counted_from`) are the lifecycle's business; this
    is the bare figure, for previews and tools.
    """
    rule = rules.for_election(election_type).statuses.get(status)
    if rule is None:
        return None
    return compute_deadline(rule, start=entered_at, calendar=calendar).at


def reporting_deadline(
    known_on: date,
    election_type: ElectionType,
    calendar: WorkingCalendar,
    *,
    rules: DeadlineRules,
) -> datetime:
    """Last moment a report about an event known on `known_on` is in time (formal requirement)."""
    rule = rules.for_election(election_type).reporting_window
    start = datetime.combine(known_on, END_OF_DAY, tzinfo=WIB)
    return compute_deadline(rule, start=start, calendar=calendar).at


def deadline_state(deadline_at: datetime, now: datetime, warn_before: timedelta) -> DeadlineState:
    if require_aware(now) > deadline_at:
        return DeadlineState.MISSED
    if now >= deadline_at - warn_before:
        return DeadlineState.APPROACHING
    return DeadlineState.OK
