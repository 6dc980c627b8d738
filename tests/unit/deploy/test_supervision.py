"""The supervisor's decisions (deploy/local/supervision.py): backoff, reset, restart loops."""

from __future__ import annotations

from datetime import timedelta

from deploy.local import supervision as sv
from tests.fakes.clock import FakeClock

POLICY = sv.Backoff()


def crashed(unit: sv.Unit, clock: FakeClock, code: int = 1) -> sv.Unit:
    return sv.exited(unit, code=code, now=clock.now(), policy=POLICY)


def running(clock: FakeClock, name: str = "triage") -> sv.Unit:
    return sv.became_healthy(sv.started(sv.Unit(name), now=clock.now()))


def test_the_backoff_doubles_from_one_second_up_to_thirty() -> None:
    delays = [POLICY.delay(n).total_seconds() for n in range(1, 9)]
    assert delays == [1, 2, 4, 8, 16, 30, 30, 30]


def test_a_huge_failure_count_still_waits_the_maximum() -> None:
    assert POLICY.delay(10_000) == POLICY.maximum


def test_a_crashed_unit_is_due_after_the_first_delay_and_not_before() -> None:
    clock = FakeClock()
    unit = crashed(running(clock), clock, code=-9)
    assert (unit.state, unit.failures, unit.last_exit) == (sv.State.BACKOFF, 1, -9)
    clock.advance(timedelta(milliseconds=999))
    assert not sv.due(unit, now=clock.now())
    clock.advance(timedelta(milliseconds=1))
    assert sv.due(unit, now=clock.now())


def test_a_restart_counts_and_starts_over_in_starting() -> None:
    clock = FakeClock()
    unit = crashed(running(clock), clock)
    clock.advance(timedelta(seconds=1))
    unit = sv.restarting(unit, now=clock.now())
    assert (unit.state, unit.restarts, unit.retry_at) == (sv.State.STARTING, 1, None)
    assert sv.became_healthy(unit).state is sv.State.RUNNING


def test_crashes_in_quick_succession_wait_longer_each_time() -> None:
    clock = FakeClock()
    unit = running(clock)
    waits = []
    for _ in range(5):
        unit = crashed(unit, clock)
        assert unit.retry_at is not None
        waits.append((unit.retry_at - clock.now()).total_seconds())
        clock.set(unit.retry_at)
        unit = sv.restarting(unit, now=clock.now())
    assert waits == [1, 2, 4, 8, 16]


def test_a_run_that_stayed_up_long_enough_forgets_earlier_crashes() -> None:
    clock = FakeClock()
    unit = running(clock)
    for _ in range(4):
        unit = sv.restarting(crashed(unit, clock), now=clock.now())
    assert unit.failures == 4
    clock.advance(POLICY.reset_after)
    unit = crashed(unit, clock)
    assert unit.failures == 1
    assert unit.retry_at == clock.now() + POLICY.initial


def test_a_start_that_fails_before_health_counts_as_a_failure() -> None:
    clock = FakeClock()
    unit = sv.restarting(crashed(running(clock), clock), now=clock.now())
    unit = sv.exited(unit, code=3, now=clock.now(), policy=POLICY)
    assert (unit.state, unit.failures, unit.last_exit) == (sv.State.BACKOFF, 2, 3)


def test_a_second_exit_report_while_waiting_changes_nothing() -> None:
    clock = FakeClock()
    unit = crashed(running(clock), clock)
    assert crashed(unit, clock, code=7) == unit


def test_a_stopped_unit_is_never_restarted() -> None:
    clock = FakeClock()
    unit = sv.stopped(crashed(running(clock), clock))
    clock.advance(timedelta(hours=1))
    assert not sv.due(unit, now=clock.now())
    assert crashed(unit, clock).state is sv.State.STOPPED
    assert sv.started(unit, now=clock.now()).state is sv.State.STOPPED


def test_healthy_is_news_only_while_starting() -> None:
    clock = FakeClock()
    waiting = crashed(running(clock), clock)
    assert sv.became_healthy(waiting) == waiting


def test_the_exit_line_names_code_wait_and_log() -> None:
    clock = FakeClock()
    unit = crashed(running(clock), clock, code=-9)
    line = sv.describe_exit(unit, log_path="var/log/triage.log", policy=POLICY, now=clock.now())
    assert line == "triage exited (code -9); restarting in 1s; see var/log/triage.log"


def test_a_restart_loop_is_reported_loudly_and_still_retried() -> None:
    clock = FakeClock()
    unit = running(clock)
    for _ in range(POLICY.loud_after):
        unit = sv.restarting(crashed(unit, clock, code=2), now=clock.now())
    unit = sv.exited(unit, code=2, now=clock.now(), policy=POLICY)
    assert sv.in_restart_loop(unit, POLICY)
    line = sv.describe_exit(unit, log_path="var/log/cases.log", policy=POLICY, now=clock.now())
    assert "restart loop" in line and "exit code 2" in line and "var/log/cases.log" in line
    assert unit.retry_at is not None and unit.state is sv.State.BACKOFF


def test_an_unknown_exit_code_says_so() -> None:
    clock = FakeClock()
    unit = sv.exited(running(clock, "kafka"), code=None, now=clock.now(), policy=POLICY)
    line = sv.describe_exit(unit, log_path="var/log/kafka.log", policy=POLICY, now=clock.now())
    assert line.startswith("kafka exited (code unknown)")
