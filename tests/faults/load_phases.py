"""A load of reports in phases, a fault injected into each while reports are in flight at
every stage, shared by test_under_load.py and test_cluster.py (which differ only in the
stack and the faults).

The bench's poster (tests/bench/pipeline/load.py) posts each phase's reports to intake,
its Kafka observer watches them become cases; a phase injects its fault once enough of
its reports are posted and some are at every stage (posted but not yet a case, a case not
yet notified), then waits until every report of the phase is a notified case. After the
last phase, `quiet` waits until nothing is in flight. Every report is a separate incident,
except that every COPY_EVERY-th report of a phase is a copy of that phase's one incident
(so linking runs through the faults too).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from tests.bench.pipeline.load import Poster, Posting
from tests.bench.pipeline.observer import PipelineObserver
from tests.bench.pipeline.reports import NAME_SPACE, submission
from tests.faults import ledger
from tests.faults.supervised import SupervisedStack

PHASE_REPORTS = 550  # test_under_load: 6 phases, 3,300 posted (intake down refuses a few)
COPY_EVERY = 50  # one report in 50 is a copy of the phase's incident: 11 copies per phase
RATE = 60.0  # reports/s offered
CONCURRENCY = 16
BACK_WITHIN_S = 120.0  # a service: 1 s backoff + start-up; Kafka: stop, 2 s probe, start
SETTLE_S = 180.0  # after a phase's last answer, for its reports to be notified cases
QUIET_S = 120.0
BUSY_AT_LEAST = 3  # reports at each stage when the fault is injected
POSTED_FIRST = 0.4  # of a phase's reports, posted before the fault
# Much shorter than the services' batch waits (200 ms): sampled at their period, the
# stages locked to the moment right after each batch of webhooks, with none in flight.
SAMPLE_EVERY_S = 0.03
# The observer's fetch wait: the cases it has seen are compared with the webhooks the sink
# has (seen at once), so at the bench's 200 ms a case was mostly seen after its webhook
# and no phase ever looked busy at every stage.
FAULT_OBSERVER_WAIT_MS = 20


def phase_of(index: int) -> int:
    return index // PHASE_REPORTS


def is_copy(index: int) -> bool:
    return index % PHASE_REPORTS % COPY_EVERY == COPY_EVERY // 2


def body_of(index: int) -> dict[str, Any]:
    if is_copy(index):  # the same report again: the same dedup key, so one case
        return submission(NAME_SPACE - 1 - phase_of(index))
    return submission(index)


def incident_of(index: int) -> str:
    return f"copy-{phase_of(index)}" if is_copy(index) else f"report-{index}"


# Injects the fault, waits until the supervisor has brought the process back, and returns
# when its replacement was first seen (monotonic): whatever the sink gets later was sent
# by the replacement (a new service process needs seconds before it can send anything).
Inject = Callable[[SupervisedStack], Awaitable[float]]


@dataclass(frozen=True)
class Fault:
    name: str
    inject: Inject  # its first step is the fault itself


async def until(
    check: Callable[[], object], timeout_s: float, what: str, *, blocking: bool = True
) -> None:
    """Poll `check` (on a worker thread when it blocks; on the loop when it reads what the
    observer's task writes) until it is true or the deadline passes."""
    deadline = time.monotonic() + timeout_s
    while not (await asyncio.to_thread(check) if blocking else check()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s:.0f}s waiting for {what}")
        await asyncio.sleep(0.2)


@dataclass
class Stages:
    """What of the current phase is where, seen from outside (observer and sink)."""

    posted: int
    not_yet_case: int
    not_yet_notified: int

    def busy(self) -> bool:
        return self.not_yet_case >= BUSY_AT_LEAST and self.not_yet_notified >= BUSY_AT_LEAST

    def ready(self) -> bool:
        """Time for the fault: well into the phase, with reports at every stage."""
        return self.posted >= POSTED_FIRST * PHASE_REPORTS and self.busy()


def stages(
    running: SupervisedStack, observer: PipelineObserver, first: int, poster: Poster, seen: int
) -> Stages:
    opened = list(observer.seen.opened.values())[seen:]
    _, webhook_ids = running.sink.webhooks()
    routes = observer.seen.routes
    waiting = sum(
        1 for o in opened if len(webhook_ids.get(o[0].case_id, ())) < len(routes[o[0].case_id])
    )
    posted = poster.next_index - first
    return Stages(posted, posted - len(opened), waiting)


def settled(running: SupervisedStack, observer: PipelineObserver, posting: Posting) -> bool:
    observer.check()
    _, webhook_ids = running.sink.webhooks()
    seen = observer.seen
    for post in posting.accepted:
        report_id = str(post.report_id)
        opened = seen.case_of(report_id)
        if opened is None:
            if not seen.linked.get(report_id):
                return False
        elif len(webhook_ids.get(opened.case_id, ())) < len(seen.routes[opened.case_id]):
            return False
    return True


@dataclass
class Phase:
    fault: Fault
    posting: Posting
    replaced_at: float  # the faulty process's replacement first seen (monotonic, as the sink's)


async def run_phase(
    fault: Fault, running: SupervisedStack, poster: Poster, observer: PipelineObserver
) -> Phase:
    first, seen = poster.next_index, len(observer.seen.opened)
    posting = asyncio.create_task(poster.at_rate(RATE, PHASE_REPORTS / RATE))
    at_fault = stages(running, observer, first, poster, seen)
    while not at_fault.ready() and not posting.done():
        await asyncio.sleep(SAMPLE_EVERY_S)
        at_fault = stages(running, observer, first, poster, seen)
    started = time.monotonic()
    replaced_at = await fault.inject(running)
    print(
        f"[faults] {fault.name}: injected with {at_fault.posted} posted, "
        f"{at_fault.not_yet_case} not yet a case, {at_fault.not_yet_notified} cases not yet "
        f"notified; back in {time.monotonic() - started:.1f}s"
    )
    done = await posting
    assert at_fault.busy(), f"{fault.name}: the pipeline was never busy at every stage"
    await until(
        lambda: settled(running, observer, done),
        SETTLE_S,
        f"{fault.name} to settle",
        blocking=False,
    )
    print(f"[faults] {fault.name}: settled {time.monotonic() - done.finished:.1f}s after posting")
    return Phase(fault, done, replaced_at)


async def quiet(running: SupervisedStack) -> None:
    deadline = time.monotonic() + QUIET_S
    while (busy := await ledger.quiet(running.kafka_bootstrap, running.spool_dir)) is not None:
        if time.monotonic() > deadline:
            raise AssertionError(f"still in flight after {QUIET_S:.0f}s: {busy}")
        await asyncio.sleep(0.5)


async def run_phases(running: SupervisedStack, faults: Sequence[Fault]) -> list[Phase]:
    """One load, one phase per fault, on one poster and one observer; returns once the
    last phase settled and nothing is in flight any more."""
    observer = PipelineObserver(running.kafka_bootstrap, fetch_wait_ms=FAULT_OBSERVER_WAIT_MS)
    poster = Poster(
        running.url("intake"),
        concurrency=CONCURRENCY,
        body_of=body_of,
        retry_refused_s=BACK_WITHIN_S,  # while intake restarts, as a reporter's app would
    )
    phases: list[Phase] = []
    await observer.start()
    try:
        for fault in faults:
            phases.append(await run_phase(fault, running, poster, observer))
        await quiet(running)
    finally:
        await poster.close()
        await observer.stop()
    return phases
