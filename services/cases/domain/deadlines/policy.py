"""Which deadline a case is under now: its status's rule and its pending tracks', earliest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from schemas.cases import TrackStatus
from services.cases.domain.deadlines.arithmetic import Deadline, compute_deadline, deadline_state
from services.cases.domain.deadlines.rules import DeadlineRule, DeadlineRules
from services.cases.domain.deadlines.working_calendar import WorkingCalendar
from services.cases.domain.model import CaseState
from services.cases.domain.vocabulary import DeadlineState


@dataclass(frozen=True)
class DeadlinePolicy:
    """Rules and calendar together: what a transition needs to set `deadline_at`."""

    rules: DeadlineRules
    calendar: WorkingCalendar

    @property
    def warn_before(self) -> timedelta:
        return timedelta(hours=self.rules.warn_before_hours)

    @property
    def remind_every(self) -> timedelta | None:
        hours = self.rules.remind_missed_every_hours
        return timedelta(hours=hours) if hours else None

    def next_reminder(self, now: datetime) -> datetime | None:
        """When the missed deadline is announced again: an interval after this notice."""
        every = self.remind_every
        return now + every if every else None

    @classmethod
    def from_rules(cls, rules: DeadlineRules, *, strict: bool = False) -> DeadlinePolicy:
        calendar = WorkingCalendar.from_lokal(
            cuti_bersama_is_day_off=rules.cuti_bersama_is_day_off, strict=strict
        )
        return cls(rules=rules, calendar=calendar)


def _clock_start(case: CaseState, rule: DeadlineRule) -> datetime:
    """Latest `counted_from` action, else the moment the case entered its current status."""
    for entry in reversed(case.timeline):
        if rule.counted_from and entry.action in rule.counted_from:
            return entry.at
        entered = entry.to_status == case.status and entry.from_status != case.status
        if not rule.counted_from and entered:
            return entry.at
    return case.opened_at


def _status_deadline(case: CaseState, policy: DeadlinePolicy) -> Deadline | None:
    rule = policy.rules.for_election(case.election_type).statuses.get(case.status)
    if rule is None:
        return None
    if rule.when_track is not None:
        track = case.track(rule.when_track)
        if track is None or track.finished:
            return None
    return compute_deadline(
        rule,
        start=_clock_start(case, rule),
        calendar=policy.calendar,
        extended=case.clarification_extended,
    )


def _track_deadlines(case: CaseState, policy: DeadlinePolicy) -> list[Deadline]:
    rules = policy.rules.for_election(case.election_type).tracks
    return [
        compute_deadline(rules[t.kind], start=t.decided_at, calendar=policy.calendar)
        for t in case.tracks
        if t.status == TrackStatus.PENDING and t.kind in rules
    ]


def case_deadline(case: CaseState, policy: DeadlinePolicy) -> Deadline | None:
    candidates = [d for d in [_status_deadline(case, policy)] if d is not None]
    candidates += _track_deadlines(case, policy)
    return min(candidates, key=lambda d: d.at, default=None)


def with_deadline(case: CaseState, policy: DeadlinePolicy, *, now: datetime) -> CaseState:
    """The case with its deadline fields recomputed (terminal statuses have no rule, so none)."""
    deadline = case_deadline(case, policy)
    if deadline is None:
        changes: dict[str, object] = {
            "deadline_at": None,
            "deadline_state": None,
            "deadline_uncertain": False,
            "deadline_approximate": False,
            "deadline_reminders": 0,
            "deadline_remind_at": None,
        }
    else:
        state = deadline_state(deadline.at, now, policy.warn_before)
        # A new deadline (the step was acted on) starts its reminders afresh.
        same = deadline.at == case.deadline_at
        reminders = case.deadline_reminders if same else 0
        missed = state == DeadlineState.MISSED
        kept = case.deadline_remind_at if same else None
        changes = {
            "deadline_at": deadline.at,
            "deadline_state": state,
            "deadline_uncertain": deadline.uncertain,
            "deadline_approximate": deadline.approximate,
            "deadline_reminders": reminders,
            "deadline_remind_at": (kept or policy.next_reminder(now)) if missed else None,
        }
    return case.model_copy(update=changes)
