"""Notify's deliveries under faults, with a real notify process, Kafka, FerretDB and real
HTTP receivers (tests/faults/webhook_receivers.py):

- SIGKILLed while 500 deliveries are pending: after the restart every one arrives;
  the only copies are sends in flight at the kill (receivers dedupe by webhook-id);
- one endpoint taking 30 s per request does not delay another's deliveries (p99 < 1 s);
- the SMTP server (the dev mail sink, tests/channel_sinks.py) down for a while, then back:
  every email arrives, none twice.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pymongo import MongoClient
from pymongo.collection import Collection

from services.notify.adapters.delivery_documents import notification_ids
from services.notify.adapters.delivery_log import PLANNED
from tests.channel_sinks import running_mail_sink
from tests.e2e.helpers import wait_for
from tests.faults.notify_alone import (
    case_events,
    directory_file,
    kill_and_restart,
    mailbox,
    notify_env,
    publish,
    running_notify,
)
from tests.faults.webhook_receivers import Receivers
from tests.infra import SessionInfra

ENDPOINT_CAP = 4


@pytest.fixture
def receivers() -> Iterator[Receivers]:
    running = Receivers(2)
    try:
        yield running
    finally:
        running.stop()


def secrets_dir(infra: SessionInfra) -> Path:
    return Path(infra.env["NOTIFY_WEBHOOK_SECRETS_DIR"])


def planned_count(infra: SessionInfra, database: str, prefix: str) -> int:
    """This test's planned deliveries (a document holds a case event's): its notify's own
    group reads the topic from the start, so earlier modules' case events are planned too
    (for their reporters, say)."""
    client: MongoClient[dict[str, Any]]
    with MongoClient(infra.mongodb_url, serverSelectionTimeoutMS=5000) as client:
        found = {"case_id": {"$regex": f"^CASE-{prefix}"}}
        planned: Collection[dict[str, Any]] = client[database][PLANNED]
        return sum(len(notification_ids(d)) for d in planned.find(found, {"notification_ids": 1}))


def test_sigkill_with_500_pending_then_every_delivery_arrives(
    infra: SessionInfra, receivers: Receivers, tmp_path: Path
) -> None:
    receiver = receivers.all[0]
    receiver.delay_s = 0.05  # 4 at a time: ~6 s for 500, so most are pending at the kill
    env = notify_env(
        infra,
        directory_file(tmp_path, secrets_dir(infra), {"K1A": receiver}),
        NOTIFY_ENDPOINT_CONCURRENCY=str(ENDPOINT_CAP),
    )
    events = case_events("K1", 500)
    with running_notify(env) as notify:
        publish(infra.kafka_bootstrap, events)
        database = env["MONGODB_DATABASE"]
        # 120 s: an earlier module's notify killed in the group holds the partitions until
        # its 45 s session expires (services/common/kafka.py).
        wait_for(
            lambda: planned_count(infra, database, "K1") == 500, timeout=120, what="500 planned"
        )
        wait_for(lambda: receiver.distinct() >= 20, timeout=20, what="the first deliveries")
        before_kill = receiver.distinct()
        kill_and_restart(notify)
        # The killed member stays in the group until its 45 s session expires
        # (services/common/kafka.py), so the restarted one owns the partitions after that.
        wait_for(lambda: receiver.distinct() == 500, timeout=150, what="all 500 delivered")
        time.sleep(1.0)  # anything sent twice would arrive by now
    arrivals, cases = receivers.read(receiver)
    print(
        f"\nnotify SIGKILL: {before_kill} delivered before the kill, 500 after the restart, "
        f"{receiver.duplicates()} sent again (in flight at the kill)"
    )
    assert before_kill < 500, "nothing was pending at the kill"
    assert set(cases.values()) == {e.subject for e in events}
    # Sent again: the attempts in flight at the kill (at most ENDPOINT_CAP) and those that
    # had ended but whose step was not yet in the log (appended right after each send).
    assert receiver.duplicates() <= 2 * ENDPOINT_CAP
    assert all(len(times) <= 2 for times in arrivals.values())


def test_a_30_second_endpoint_does_not_delay_another(
    infra: SessionInfra, receivers: Receivers, tmp_path: Path
) -> None:
    slow, fast = receivers.all
    slow.delay_s = 30.0
    env = notify_env(
        infra,
        directory_file(tmp_path, secrets_dir(infra), {"S2A": slow, "S2B": fast}),
        NOTIFY_ENDPOINT_CONCURRENCY=str(ENDPOINT_CAP),
    )
    events = case_events("S2", 100, routes=("A", "B"))
    sent: dict[str, float] = {}
    with running_notify(env):
        # A steady flow (10 events every 0.3 s), so a delay is the slow endpoint's doing,
        # not the fast one's own queue; the slow one fills its 4 slots from the first burst.
        for start in range(0, 100, 10):
            sent |= publish(infra.kafka_bootstrap, events[start : start + 10])
            time.sleep(0.3)
        wait_for(lambda: fast.distinct() == 100, timeout=30, what="the fast endpoint's 100")
        arrivals, cases = receivers.read(fast)
        slow_requests, slow_arrived = slow.requests, slow.distinct()
    latencies = sorted(times[0] - sent[cases[w]] for w, times in arrivals.items())
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    print(
        f"\nfast endpoint beside a 30 s one: p50 {statistics.median(latencies):.3f} s, "
        f"p99 {p99:.3f} s, max {latencies[-1]:.3f} s; slow one: {slow_requests} requests begun, {slow_arrived} answered"
    )
    assert p99 < 1.0
    assert fast.duplicates() == 0 and slow_arrived == 0
    assert slow_requests >= ENDPOINT_CAP  # the slow endpoint was being tried meanwhile


def test_the_smtp_server_down_for_a_while_then_every_email_arrives_once(
    infra: SessionInfra, tmp_path: Path
) -> None:
    with running_mail_sink() as sink:
        sink.stop()  # down from the start: every first attempt fails
        env = notify_env(
            infra,
            directory_file(tmp_path, secrets_dir(infra), {}, mailboxes=["M3A"]),
            SMTP_PORT=str(sink.port),
            SMTP_TIMEOUT_S="2",
        )
        events = case_events("M3", 100)
        with running_notify(env):
            publish(infra.kafka_bootstrap, events)
            database = env["MONGODB_DATABASE"]
            wait_for(
                lambda: planned_count(infra, database, "M3") == 100, timeout=45, what="100 planned"
            )
            time.sleep(3.0)  # down for a while: attempts fail, back off, the circuit opens
            sink.start()

            def ids() -> list[str]:
                return [str(m["Message-ID"]) for m in sink.received()]

            wait_for(
                lambda: len(set(ids())) == 100, timeout=60, what="all 100 emails after the outage"
            )
            time.sleep(1.0)  # anything sent twice would arrive by now
        received = sink.received()
    print(f"\nSMTP server down then back: 100 emails delivered, {len(received) - 100} twice")
    assert len(received) == 100 and len({str(m["Message-ID"]) for m in received}) == 100
    assert {str(m["To"]) for m in received} == {mailbox("M3A")}
    assert {m["Subject"] for m in received} and all(m.get_body(("plain",)) for m in received)
