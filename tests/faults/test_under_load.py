"""Process faults under load: nothing lost, no case twice, no webhook twice.

One stack as `make run` runs it (tests/faults/supervised.py), one load of reports
posted to intake by the benchmark's poster (tests/bench/pipeline/load.py), watched by its
Kafka observer; the load runs in phases, one per fault, each fault injected while the
phase's reports are in flight at every stage (posted but not yet a case, a case not yet
notified):

    SIGKILL intake | triage | cases | notify    the supervisor starts it again
    Kafka stop / FerretDB stop (their scripts)  the supervisor starts it again

Every report is a separate incident, except that every COPY_EVERY-th report of a phase
is a copy of that phase's one incident (so linking runs through the faults too). After
each phase the test waits until its reports are cases and notified; after the last, until
every consumer group has committed everything and the spool is empty (ledger.quiet).
Then it counts, per phase, from the store and the webhook sink (tests/faults/ledger.py),
prints accepted / in cases / lost / duplicate cases / duplicate notifications, and
asserts that nothing is lost, misplaced, duplicated or left unnotified. The phases are
tests/faults/load_phases.py, the counting tests/faults/pipeline_counts.py (test_cluster.py
runs the same on a cluster).
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import time

import pytest

from deploy.local import stack
from tests.faults.load_phases import BACK_WITHIN_S, Fault, run_phases, until
from tests.faults.pipeline_counts import count_phases
from tests.faults.supervised import SupervisedStack


def sigkill(service: str) -> Fault:
    async def inject(running: SupervisedStack) -> float:
        old = running.pid(service)
        assert old is not None, f"no pid file for {service}"
        os.kill(old, signal.SIGKILL)

        def back() -> bool:
            return running.running() and running.pid(service) not in (None, old)

        await until(back, BACK_WITHIN_S, f"{service} restarted")
        replaced_at = time.monotonic()
        await until(lambda: running.healthy(service), BACK_WITHIN_S, f"{service} healthy")
        return replaced_at

    return Fault(f"SIGKILL {service}", inject)


def stop_start(script: str) -> Fault:
    """`<script>.sh stop`; the supervisor notices within 2 s and runs `start`."""

    async def inject(running: SupervisedStack) -> float:
        back = f"{script} is back"
        before = running.supervisor_log().count(back)
        done = await asyncio.to_thread(
            subprocess.run,
            [stack.BASH, str(stack.SCRIPTS / f"{script}.sh"), "stop"],
            env=running.env,
            cwd=stack.REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, f"{script}.sh stop:\n{done.stdout}\n{done.stderr}"
        await until(
            lambda: running.running() and running.supervisor_log().count(back) > before,
            BACK_WITHIN_S,
            f"the supervisor to start {script} again",
        )
        return time.monotonic()

    return Fault(f"{script} stop/start", inject)


FAULTS = [
    sigkill("intake"),
    sigkill("triage"),
    sigkill("cases"),
    sigkill("notify"),
    stop_start("kafka"),
    stop_start("ferretdb"),
]


async def test_every_report_one_case_and_one_webhook_through_kills_and_restarts(
    supervised: SupervisedStack,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # The observer's consumer logs an error per reconnect attempt while Kafka is stopped.
    caplog.set_level(logging.CRITICAL, logger="aiokafka")
    tallies = await count_phases(supervised, await run_phases(supervised, FAULTS))
    with capsys.disabled():  # the table shows in CI's output, passed or not
        print("\n" + "\n".join(t.line() for t in tallies), flush=True)
    assert sum(t.accepted for t in tallies) >= 3_000
    for t in tallies:
        assert (t.lost, t.misplaced, t.duplicate_cases) == (0, 0, 0), t.line()
        assert (t.unnotified, t.duplicate_notifications) == (0, 0), t.line()
        if t.scenario != "SIGKILL notify":
            assert t.resent_after_kill == 0, t.line()
