"""The stack as `make cluster` runs it: three KRaft brokers (topics RF 3, min ISR 2) and two
replicas of each consumer service, under deploy/local's supervisor. A load of reports in
two phases, a fault in each while reports are in flight at every stage:

    SIGKILL one broker (kafka-2)                 the supervisor starts it again
    SIGKILL one replica of each consumer         triage, cases-2, notify: likewise

then, counted from the store and the webhook sink (tests/faults/ledger.py): 0 reports
lost, 0 duplicate cases, 0 duplicate notifications. The phases, the poster and the
counting are test_under_load.py's (tests/faults/load_phases.py, pipeline_counts.py); only
the stack and the faults differ.
"""

from __future__ import annotations

import logging
import os
import signal
import time
from collections.abc import Iterator

import pytest

from deploy.local.env import remove_data_dir
from services.common.kafka_connection import plaintext
from services.common.topic_layout import TopicLayout
from services.common.topics_admin import ensure_topics
from tests.faults.load_phases import BACK_WITHIN_S, Fault, run_phases, until
from tests.faults.pipeline_counts import count_phases
from tests.faults.supervised import (
    SupervisedStack,
    leftovers,
    start_supervised,
    stop_supervised,
)

CLUSTER_LAYOUT = TopicLayout(replication_factor=3, min_insync_replicas=2)
KILLED_REPLICAS = ("triage", "cases-2", "notify")


@pytest.fixture(scope="module")
def cluster() -> Iterator[SupervisedStack]:
    running = start_supervised(brokers=3, replicas=2)
    try:
        yield running
    finally:
        print(f"\n{running.supervisor_log()}", end="")
        stop_supervised(running)
    assert leftovers(running.data_dir) == [], "Ctrl-C left pid files behind"
    if not os.environ.get("NETRA_KEEP_FAULT_DATA"):
        remove_data_dir(running.data_dir)


def kill_broker(node: str) -> Fault:
    async def inject(running: SupervisedStack) -> float:
        pid = running.pid(node)
        assert pid is not None, f"no pid file for {node}"
        back = f"{node} is back"
        before = running.supervisor_log().count(back)
        os.kill(pid, signal.SIGKILL)
        await until(
            lambda: running.running() and running.supervisor_log().count(back) > before,
            BACK_WITHIN_S,
            f"the supervisor to start {node} again",
        )
        return time.monotonic()

    return Fault(f"SIGKILL broker {node}", inject)


def kill_replicas(names: tuple[str, ...]) -> Fault:
    async def inject(running: SupervisedStack) -> float:
        old = {name: running.pid(name) for name in names}
        assert None not in old.values(), f"no pid files: {old}"
        for pid in old.values():
            os.kill(pid or 0, signal.SIGKILL)

        def back() -> bool:
            return running.running() and all(running.pid(n) not in (None, old[n]) for n in names)

        await until(back, BACK_WITHIN_S, f"{', '.join(names)} restarted")
        replaced_at = time.monotonic()
        await until(
            lambda: all(running.healthy(n) for n in names), BACK_WITHIN_S, "replicas healthy"
        )
        return replaced_at

    # Named so the ledger counts a notify send the kill interrupted apart (resent_after_kill).
    return Fault("SIGKILL notify", inject)


async def test_cluster_topics_are_replicated_as_configured(cluster: SupervisedStack) -> None:
    from schemas.topics import TOPICS

    done = await ensure_topics(plaintext(cluster.kafka_bootstrap), TOPICS, layout=CLUSTER_LAYOUT)
    assert (done.created, done.grown, done.drift) == ((), (), ())


async def test_no_report_lost_nor_doubled_when_a_broker_and_replicas_die(
    cluster: SupervisedStack,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.CRITICAL, logger="aiokafka")
    faults = (kill_broker("kafka-2"), kill_replicas(KILLED_REPLICAS))
    tallies = await count_phases(cluster, await run_phases(cluster, faults))
    with capsys.disabled():
        print("\n[cluster]\n" + "\n".join(t.line() for t in tallies), flush=True)
    assert sum(t.accepted for t in tallies) >= 1_000
    for t in tallies:
        assert (t.lost, t.misplaced, t.duplicate_cases) == (0, 0, 0), t.line()
        assert (t.unnotified, t.duplicate_notifications) == (0, 0), t.line()
