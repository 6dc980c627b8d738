"""Poison on every topic the services consume: all of it dead-lettered with a reason, and
normal reports posted right after still become cases within 5 s.

Four kinds on each of the four consumed topics (garbage bytes, a well-formed envelope of
the wrong shape, JSON nested 10,000 deep, a ~1 MB string): every consumer group of the
topic must write one `poison` letter for each, naming where it came from. Runs on the
session infra with four services of its own on free ports (a session `services`
fixture of tests/e2e may still run on the default ones; both share the consumer groups,
which changes nothing here). Prints accepted / in cases / lost / duplicated, and the
letters expected / found.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from pymongo import MongoClient

from deploy.local import stack
from schemas import topics
from services.cases.service_layer.new_cases import case_id_for
from tests.e2e.helpers import submit, wait_for
from tests.infra import SessionInfra, free_ports, running_services

# Every topic a service consumes, the event type it carries, and who consumes it.
CONSUMED: dict[str, tuple[str, frozenset[str]]] = {
    topics.REPORTS_RECEIVED: ("report.received", frozenset({"triage", "cases"})),
    topics.REPORTS_TRIAGED: ("report.triaged", frozenset({"cases"})),
    topics.NOTIFICATIONS_DELIVERED: ("notification.delivered", frozenset({"cases"})),
    topics.CASES_EVENTS: ("case.opened", frozenset({"notify"})),
}
REPORTS_AFTER = 3
CASE_WITHIN_S = 5.0
LETTERS_WITHIN_S = 30.0
Origin = tuple[str, int, int]  # topic, partition, offset


@pytest.fixture(scope="module")
def own_services(infra: SessionInfra) -> Iterator[dict[str, str]]:
    env = dict(infra.env)  # the session's store, broker and keys
    data_dir = infra.data_dir / "poison"
    env.update(NETRA_DATA_DIR=str(data_dir), SPOOL_DIR=str(data_dir / "spool"))
    ports = free_ports(len(stack.SERVICE_PORTS))
    for (var, _), port in zip(stack.SERVICE_PORTS.values(), ports, strict=True):
        env[var] = str(port)
    yield from running_services(env)


def poison_for(event_type: str) -> dict[str, bytes]:
    envelope = {"specversion": "1.0", "source": "netra/poison-test", "type": event_type}
    return {
        "garbage bytes": b"\x00\xff\xfe poison \x13\x37" * 8,
        "wrong schema": json.dumps({**envelope, "data": {"unexpected": [1, 2, 3]}}).encode(),
        "nested 10,000 deep": b'{"a":' * 10_000 + b"1" + b"}" * 10_000,
        "1 MB string": json.dumps({**envelope, "data": {"text": "A" * 1_000_000}}).encode(),
    }


async def publish_poison(bootstrap: str) -> dict[Origin, str]:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    sent: dict[Origin, str] = {}
    try:
        for topic, (event_type, _) in CONSUMED.items():
            for kind, value in poison_for(event_type).items():
                meta = await producer.send_and_wait(topic, value, key=b"poison")
                sent[(topic, meta.partition, meta.offset)] = kind
    finally:
        await producer.stop()
    return sent


async def letters_for(bootstrap: str, wanted: set[tuple[Origin, str]]) -> list[dict[str, Any]]:
    """The DLQ's letters about `wanted` (origin, consumer), read until all came or time ran out."""
    consumer = AIOKafkaConsumer(
        topics.DLQ, bootstrap_servers=bootstrap, auto_offset_reset="earliest"
    )
    await consumer.start()
    found: list[dict[str, Any]] = []
    try:
        deadline = time.monotonic() + LETTERS_WITHIN_S
        while time.monotonic() < deadline:
            batches = await consumer.getmany(timeout_ms=500)
            for record in (r for records in batches.values() for r in records):
                letter = json.loads(record.value)["data"]
                if (_origin(letter), letter["consumer"]) in wanted:
                    found.append(letter)
            if len({(_origin(x), x["consumer"]) for x in found}) >= len(wanted):
                break
    finally:
        await consumer.stop()
    return found


def holders(infra: SessionInfra, report_ids: list[str]) -> Counter[str]:
    """How many cases hold each report (its filing, its link, a case opened for it)."""
    client: MongoClient[dict[str, Any]] = MongoClient(infra.mongodb_url)
    try:
        db = client[infra.mongodb_database]
        held: Counter[str] = Counter()
        for report_id in report_ids:
            cases = {d["case_id"] for d in db.report_filings.find({"_id": report_id})}
            cases |= {d["case_id"] for d in db.case_links.find({"_id": report_id})}
            if db.cases.count_documents({"_id": case_id_for(report_id)}):
                cases.add(case_id_for(report_id))
            held[report_id] = len(cases)
        return held
    finally:
        client.close()


async def test_poison_on_every_topic_is_dead_lettered_and_reports_keep_flowing(
    own_services: dict[str, str], infra: SessionInfra
) -> None:
    services = own_services
    started = time.monotonic()
    sent = await publish_poison(infra.kafka_bootstrap)
    wanted = {(origin, consumer) for origin in sent for consumer in CONSUMED[origin[0]][1]}

    case_after_s: list[float] = []
    receipts = []
    for n in range(REPORTS_AFTER):
        posted = time.monotonic()
        receipt, _ = submit(
            services["intake"],
            {"channel": "api", "text": f"Camat Sukamaju ikut kampanye paslon, laporan racun {n}."},
        )
        receipts.append(receipt)
        code = str(receipt["tracking_code"])
        wait_for(
            lambda: _case_of(services["cases"], code),  # noqa: B023  (called before the next n)
            timeout=30,
            interval=0.1,
            what=f"report {n} to become a case",
        )
        case_after_s.append(time.monotonic() - posted)

    letters = await letters_for(infra.kafka_bootstrap, wanted)
    letters_s = time.monotonic() - started
    found = {(_origin(x), x["consumer"]) for x in letters}
    held = holders(infra, [r["report_id"] for r in receipts])
    in_cases = sum(1 for count in held.values() if count >= 1)
    duplicated = sum(1 for count in held.values() if count > 1)
    print(
        f"\n[faults] poison on {len(CONSUMED)} topics: accepted={len(receipts)}"
        f" in_cases={in_cases} lost={len(receipts) - in_cases} duplicated={duplicated}"
        f" poison_sent={len(sent)} letters_expected={len(wanted)} letters_found={len(found)}"
        f" letters_within={letters_s:.1f}s"
        f" case_after_post={'/'.join(f'{s:.2f}' for s in case_after_s)}s"
    )
    assert found == wanted, sorted(wanted - found)
    for letter in letters:
        assert letter["reason_class"] == "poison" and letter["reason"], letter["reason"][:200]
        assert len(letter["reason"]) <= 501
    big = [x for x in letters if sent[_origin(x)] == "1 MB string"]
    assert big and all(x["payload_truncated"] and x["payload_size"] > 1_000_000 for x in big)
    assert in_cases == len(receipts) and duplicated == 0
    assert max(case_after_s) <= CASE_WITHIN_S, case_after_s


def _case_of(cases_url: str, tracking_code: str) -> str | None:
    response = httpx.get(f"{cases_url}/v1/status/{tracking_code}", timeout=10)
    if response.status_code != 200:
        return None
    case_id: str | None = response.json().get("case_id")
    return case_id


def _origin(letter: dict[str, Any]) -> Origin:
    return (letter["source_topic"], letter["partition"], letter["offset"])
