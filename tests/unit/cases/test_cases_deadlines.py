"""Deadline arithmetic: WIB dates, weekends, Indonesian holidays, units, uncovered years."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import lokal
import pytest

from schemas.cases import CaseStatus, TrackKind
from services.cases.adapters.deadline_rules_file import parse_deadline_rules
from services.cases.domain.deadlines import (
    WorkingCalendar,
    compute_deadline,
    deadline_for,
    deadline_state,
    refresh_deadline,
    reporting_deadline,
)
from services.cases.domain.errors import DeadlineConfigError, HolidayDataMissing
from services.cases.domain.lifecycle.commands import (
    ExtendClarification,
    NotRegister,
    RecordCompletion,
    Register,
    RequestCompletion,
    StartClarification,
    StartReview,
)
from services.cases.domain.lifecycle.transition import transition
from services.cases.domain.vocabulary import DeadlineState, ElectionType
from tests.unit.cases.cases_builders import BAWASLU_KAB, RECOMMEND, new_case, run
from tests.unit.cases.packaged_rules import packaged_policy, packaged_rules

pytestmark = pytest.mark.unit

CAL = WorkingCalendar.from_lokal()
PEMILU, PILKADA = ElectionType.PEMILU, ElectionType.PILKADA


def wib(y: int, m: int, d: int, hh: int = 9) -> datetime:
    """A WIB wall-clock time as a UTC instant."""
    return datetime(y, m, d, hh, tzinfo=UTC) - timedelta(hours=7)


def end_of(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 16, 59, 59, tzinfo=UTC)  # 23:59:59 WIB


def test_working_days_skip_the_weekend() -> None:
    # Friday 6 March 2026 + 2 working days = Tuesday 10 March
    assert deadline_for(
        CaseStatus.RECEIVED, PEMILU, wib(2026, 3, 6), CAL, rules=packaged_rules()
    ) == end_of(2026, 3, 10)


def test_working_days_skip_idul_fitri_and_cuti_bersama() -> None:
    # Monday 16 March 2026: 18 Mar is cuti bersama (Nyepi), 19 Nyepi, 20-24 Idul Fitri.
    assert deadline_for(
        CaseStatus.RECEIVED, PEMILU, wib(2026, 3, 16), CAL, rules=packaged_rules()
    ) == end_of(2026, 3, 25)


def test_working_days_skip_independence_day() -> None:
    # Friday 14 Aug 2026 + 1 working day: weekend, then Monday 17 August is a holiday.
    one_day = WorkingCalendar.from_lokal().add_working_days(date(2026, 8, 14), 1)
    assert one_day.day == date(2026, 8, 18) and not one_day.uncovered_years


@pytest.mark.parametrize("start", [date(2026, 1, 1) + timedelta(days=i) for i in range(0, 700, 9)])
def test_calendar_agrees_with_lokal(start: date) -> None:
    ours = CAL.add_working_days(start, 5)
    if not ours.uncovered_years:
        assert ours.day == lokal.add_working_days(start, 5)


def test_day_counting_uses_the_wib_date_not_the_utc_date() -> None:
    late_thursday_wib = datetime(2026, 8, 13, 16, 30, tzinfo=UTC)  # 23:30 WIB Thursday
    early_friday_wib = datetime(2026, 8, 13, 17, 30, tzinfo=UTC)  # 00:30 WIB Friday
    needs_completion = CaseStatus.NEEDS_COMPLETION
    assert deadline_for(
        needs_completion, PILKADA, late_thursday_wib, CAL, rules=packaged_rules()
    ) == end_of(2026, 8, 16)
    assert deadline_for(
        needs_completion, PILKADA, early_friday_wib, CAL, rules=packaged_rules()
    ) == end_of(2026, 8, 17)


def test_pemilu_counts_working_days_and_pilkada_calendar_days() -> None:
    start = wib(2026, 8, 12)  # Wednesday
    assert deadline_for(
        CaseStatus.REGISTERED, PEMILU, start, CAL, rules=packaged_rules()
    ) == end_of(2026, 8, 24)
    assert deadline_for(
        CaseStatus.REGISTERED, PILKADA, start, CAL, rules=packaged_rules()
    ) == end_of(2026, 8, 15)


def test_statuses_without_a_deadline() -> None:
    for status in (CaseStatus.PLENARY_DECIDED, CaseStatus.ESCALATED, CaseStatus.CLOSED):
        assert deadline_for(status, PEMILU, wib(2026, 8, 12), CAL, rules=packaged_rules()) is None


def test_gakkumdu_deadline_is_24_exact_hours_even_over_a_holiday() -> None:
    rule = packaged_rules().for_election(PEMILU).tracks[TrackKind.CRIMINAL]
    assert (rule.amount, rule.unit) == (24, "hours")
    start = datetime(2026, 8, 16, 5, 30, tzinfo=UTC)  # Sunday, the eve of 17 August
    assert compute_deadline(rule, start=start, calendar=CAL).at == start + timedelta(hours=24)


def test_clarification_extension_adds_the_configured_days() -> None:
    for election, expected in ((PEMILU, end_of(2026, 7, 28)), (PILKADA, end_of(2026, 7, 13))):
        case = run(
            new_case(election_type=election, now=wib(2026, 7, 8, 8)),
            [
                (StartReview(), BAWASLU_KAB),
                (Register(), BAWASLU_KAB),
                (StartClarification(), BAWASLU_KAB),
            ],
            start=wib(2026, 7, 8, 8),
        )
        extended, _ = transition(
            case,
            ExtendClarification(reason="witness"),
            actor=BAWASLU_KAB,
            now=wib(2026, 7, 9),
            policy=packaged_policy(),
        )
        # Registered Wed 8 July: Pemilu 7 + 7 working days; Pilkada 3 + 2 calendar days.
        assert extended.deadline_at == expected


def test_preliminary_review_clock_starts_at_receipt_and_restarts_on_completion() -> None:
    b = BAWASLU_KAB
    opened = wib(2026, 8, 3, 8)  # Monday
    case = new_case(now=opened)
    reviewed, _ = transition(
        case, StartReview(), actor=b, now=wib(2026, 8, 4), policy=packaged_policy()
    )
    assert reviewed.deadline_at == end_of(2026, 8, 5)  # start_review does not reset the clock
    asked, _ = transition(
        reviewed,
        RequestCompletion(missing=("evidence",)),
        actor=b,
        now=wib(2026, 8, 4),
        policy=packaged_policy(),
    )
    assert asked.deadline_at == end_of(2026, 8, 7)  # 3 working days to complete
    completed, _ = transition(
        asked, RecordCompletion(), actor=b, now=wib(2026, 8, 6), policy=packaged_policy()
    )
    assert completed.deadline_at == end_of(2026, 8, 10)


def test_years_without_holiday_data_fall_back_to_weekends_and_say_so() -> None:
    lenient = CAL.add_working_days(date(2024, 2, 9), 2)  # Friday, Pemilu 2024 week
    assert lenient.day == date(2024, 2, 13) and lenient.uncovered_years == {2024}
    with pytest.raises(HolidayDataMissing, match="2024"):
        WorkingCalendar.from_lokal(strict=True).add_working_days(date(2024, 2, 9), 2)
    crossing = CAL.add_working_days(date(2027, 12, 30), 3)
    assert crossing.uncovered_years == {2028}


def test_case_deadline_is_marked_approximate_and_uncertain_where_it_should_be() -> None:
    case = new_case(now=wib(2024, 2, 9))
    assert case.deadline_approximate and not case.deadline_uncertain
    at_ppk = run(new_case(), RECOMMEND)
    assert at_ppk.status == CaseStatus.PPK_EXAMINATION
    assert at_ppk.deadline_uncertain and not at_ppk.deadline_approximate


def test_uncertain_figures_are_flagged_in_configuration() -> None:
    for election in (PEMILU, PILKADA):
        statuses = packaged_rules().for_election(election).statuses
        ppk = statuses[CaseStatus.PPK_EXAMINATION]
        assert ppk.uncertain and ppk.alternatives == (14,) and ppk.amount == 10
        assert statuses[CaseStatus.BKN_VERIFICATION].uncertain


def test_malformed_configuration_is_refused() -> None:
    with pytest.raises(DeadlineConfigError):
        parse_deadline_rules("version: x\nwarn_before_hours: -1\nelection_types: {}\n")
    with pytest.raises(DeadlineConfigError, match="pilkada"):
        parse_deadline_rules(
            "version: x\nwarn_before_hours: 1\nelection_types:\n  pemilu:\n"
            "    reporting_window: {amount: 7, unit: working_days, basis: b}\n"
        )


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 8, 9, tzinfo=UTC), DeadlineState.OK),
        (datetime(2026, 8, 9, 12, tzinfo=UTC), DeadlineState.APPROACHING),
        (datetime(2026, 8, 10, 12, tzinfo=UTC), DeadlineState.APPROACHING),
        (datetime(2026, 8, 10, 12, 0, 1, tzinfo=UTC), DeadlineState.MISSED),
    ],
)
def test_deadline_state(now: datetime, expected: DeadlineState) -> None:
    deadline = datetime(2026, 8, 10, 12, tzinfo=UTC)
    assert deadline_state(deadline, now, timedelta(hours=24)) == expected


def test_refresh_reports_approaching_and_missed_once_each() -> None:
    case = new_case(now=wib(2026, 8, 3, 8))  # due end of Wednesday 5 August
    same, events = refresh_deadline(case, now=wib(2026, 8, 4, 8), policy=packaged_policy())
    assert same is case and events == []
    warned, events = refresh_deadline(case, now=wib(2026, 8, 5, 8), policy=packaged_policy())
    assert [e.type.value for e in events] == ["case.deadline_approaching"]
    assert (
        warned.version == case.version + 1 and warned.timeline[-1].action == "deadline_approaching"
    )
    missed, events = refresh_deadline(warned, now=wib(2026, 8, 6, 8), policy=packaged_policy())
    assert [e.type.value for e in events] == ["case.deadline_missed"]
    again, events = refresh_deadline(missed, now=wib(2026, 8, 6, 20), policy=packaged_policy())
    assert again is missed and events == []


def test_a_missed_deadline_repeats_every_interval_until_acted_on() -> None:
    policy = packaged_policy()  # remind_missed_every_hours: 24
    case = new_case(now=wib(2026, 8, 3, 8))  # due end of Wednesday 5 August
    missed, _ = refresh_deadline(case, now=wib(2026, 8, 6, 8), policy=policy)
    assert missed.deadline_remind_at == wib(2026, 8, 7, 8)  # an interval after the notice
    first, events = refresh_deadline(missed, now=wib(2026, 8, 7, 8), policy=policy)
    assert [(e.type.value, e.data["reminder"]) for e in events] == [("case.deadline_missed", 1)]
    assert first.timeline[-1].details["reminder"] == 1 and first.version == missed.version + 1
    # a scan that was away for days sends one reminder, the next an interval later
    second, events = refresh_deadline(first, now=wib(2026, 8, 11, 8), policy=policy)
    assert [e.data["reminder"] for e in events] == [2]
    assert second.deadline_remind_at == wib(2026, 8, 12, 8)
    quiet, events = refresh_deadline(second, now=wib(2026, 8, 11, 20), policy=policy)
    assert quiet is second and events == []
    # starting the review does not end the missed review deadline; deciding it does
    reviewing, _ = transition(
        second, StartReview(), actor=BAWASLU_KAB, now=wib(2026, 8, 11, 21), policy=policy
    )
    assert reviewing.deadline_reminders == 2
    done, _ = transition(
        reviewing,
        NotRegister(reason="tidak memenuhi syarat formal"),
        actor=BAWASLU_KAB,
        now=wib(2026, 8, 11, 22),
        policy=policy,
    )
    assert (done.deadline_reminders, done.deadline_remind_at, done.deadline_state) == (
        0,
        None,
        None,
    )
    assert refresh_deadline(done, now=wib(2026, 8, 20, 8), policy=policy) == (done, [])


def test_reporting_window() -> None:
    # Known Friday 14 Aug 2026: Pemilu 7 working days, skipping 17 Aug (Independence Day)
    # and 25 Aug (Maulid Nabi) = Thursday 27 Aug; Pilkada 7 calendar days = 21 Aug.
    assert reporting_deadline(date(2026, 8, 14), PEMILU, CAL, rules=packaged_rules()) == end_of(
        2026, 8, 27
    )
    assert reporting_deadline(date(2026, 8, 14), PILKADA, CAL, rules=packaged_rules()) == end_of(
        2026, 8, 21
    )


def test_default_policy_reads_the_packaged_file() -> None:
    policy = packaged_policy()
    assert policy.rules.warn_before_hours == 24
    assert set(lokal.HOLIDAY_YEARS) <= policy.calendar.covered_years
