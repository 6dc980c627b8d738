"""Deadlines of a case: the configured rules, the working calendar and what they yield.

The one entry point of the subpackage: `DeadlinePolicy` (rules + calendar, built once by
bootstrap) with `case_deadline` / `with_deadline` for a case and `refresh_deadline` for the
scheduler; `deadline_for`, `reporting_deadline` and `deadline_state` for previews and views.
Days are counted on WIB local dates; instants stay UTC.
"""

from services.cases.domain.deadlines.arithmetic import (
    WIB,
    Deadline,
    compute_deadline,
    deadline_for,
    deadline_state,
    reporting_deadline,
    require_aware,
)
from services.cases.domain.deadlines.policy import DeadlinePolicy, case_deadline, with_deadline
from services.cases.domain.deadlines.rules import DeadlineRule, DeadlineRules, ElectionDeadlines
from services.cases.domain.deadlines.watch import refresh_deadline
from services.cases.domain.deadlines.working_calendar import WorkingCalendar, WorkingDays

__all__ = [
    "WIB",
    "Deadline",
    "DeadlinePolicy",
    "DeadlineRule",
    "DeadlineRules",
    "ElectionDeadlines",
    "WorkingCalendar",
    "WorkingDays",
    "case_deadline",
    "compute_deadline",
    "deadline_for",
    "deadline_state",
    "refresh_deadline",
    "reporting_deadline",
    "require_aware",
    "with_deadline",
]
