"""Notify as a process of its own on the session's Kafka and store, with a directory that
sends each route prefix to one receiver (webhook, its secret in notify's secrets
directory) or one mailbox, and case events published straight to Kafka.

Each test gets its own database (a fresh delivery log) and its own route prefix; the
consumer group is the test's own, so no other notify on the broker takes its partitions.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import yaml
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from pydantic import BaseModel

from deploy.local import services as stack_services
from deploy.local.procs import Proc
from schemas import topics
from schemas.cases import CaseOpened
from schemas.codec import encode
from schemas.envelope import Envelope
from schemas.events import CASE_OPENED
from services.notify.adapters.directory_file import PACKAGED_DIRECTORY
from tests.faults.webhook_receivers import Receiver
from tests.infra import SessionInfra, free_ports

EXAMPLE = Path(__file__).parents[2] / "schemas" / "examples" / "case.opened.json"


def directory_file(
    tmp: Path,
    secrets_dir: Path,
    routes: dict[str, Receiver],
    mailboxes: Sequence[str] = (),
) -> Path:
    """The packaged directory (start-up checks want every party reachable) plus a unit per
    route prefix: a webhook to its receiver, or an email to `<prefix>@faults.netra.test`."""
    document = yaml.safe_load(PACKAGED_DIRECTORY.read_text(encoding="utf-8"))
    for prefix, receiver in routes.items():
        secret_ref = f"faults/{prefix.lower()}"
        (secrets_dir / secret_ref).parent.mkdir(parents=True, exist_ok=True)
        (secrets_dir / secret_ref).write_text(receiver.secret)
        contact = {"channel": "webhook", "target": receiver.url, "secret_ref": secret_ref}
        document["units"].append(
            {"pattern": f"{prefix}:*", "name": f"Receiver {prefix}", "contacts": [contact]}
        )
    for prefix in mailboxes:
        contact = {"channel": "email", "target": mailbox(prefix)}
        document["units"].append(
            {"pattern": f"{prefix}:*", "name": f"Mailbox {prefix}", "contacts": [contact]}
        )
    path = tmp / "directory.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True))
    return path


def mailbox(prefix: str) -> str:
    return f"{prefix.lower()}@faults.netra.test"


def fresh_group_at_end(bootstrap: str) -> str:
    group = f"faults-notify-{uuid.uuid4().hex[:8]}"

    async def commit_ends() -> None:
        consumer = AIOKafkaConsumer(
            bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False
        )
        await consumer.start()
        try:
            partitions = range(topics.spec(topics.CASES_EVENTS).partitions)  # the registry's
            assigned = [TopicPartition(topics.CASES_EVENTS, p) for p in partitions]
            consumer.assign(assigned)
            ends = await consumer.end_offsets(assigned)
            await consumer.commit(dict(ends))
        finally:
            await consumer.stop()

    asyncio.run(commit_ends())
    return group


def notify_env(infra: SessionInfra, directory: Path, **overrides: str) -> dict[str, str]:
    env = dict(infra.env)
    env.update(
        NOTIFY_PORT=str(free_ports(1)[0]),
        NOTIFY_DIRECTORY_FILE=str(directory),
        MONGODB_DATABASE=f"faults_notify_{uuid.uuid4().hex[:8]}",
        NOTIFY_ADMIN_TOKEN="faults-admin-token",
        NOTIFY_RETRY_FIRST_DELAY_S="0.5",
        NOTIFY_RETRY_MAX_DELAY_S="2",
        NOTIFY_CIRCUIT_OPEN_S="1",
        NOTIFY_BATCH_MAX_WAIT_MS="20",
        # Its own group, starting at the topic's end: a notify another module left in the
        # session's group would take some of the partitions and plan those events elsewhere.
        NOTIFY_CONSUMER_GROUP=fresh_group_at_end(infra.kafka_bootstrap),
    )
    env.update(overrides)
    return env


@contextmanager
def running_notify(env: dict[str, str]) -> Iterator[Proc]:
    [proc] = stack_services.start_services(env, ["notify"], timeout=90)
    try:
        yield proc
    finally:
        stack_services.stop_services([proc])


def kill_and_restart(proc: Proc) -> None:
    os.kill(proc.popen.pid, signal.SIGKILL)
    proc.popen.wait(10)
    stack_services.restart_service(proc, "SIGKILLed by the fault test")


def case_events(
    prefix: str, count: int, routes: Sequence[str] = ("A",)
) -> list[Envelope[BaseModel]]:
    template = json.loads(EXAMPLE.read_text())["data"]
    events: list[Envelope[BaseModel]] = []
    for n in range(count):
        case_id = f"CASE-{prefix}{n:05d}"
        data = dict(template, case_id=case_id, routes=[f"{prefix}{r}:{n}" for r in routes])
        events.append(
            Envelope[BaseModel](
                id=uuid.uuid4(),
                source="netra/cases",
                type=CASE_OPENED,
                time=datetime.now(UTC),
                subject=case_id,
                data=CaseOpened.model_validate(data),
            )
        )
    return events


def publish(bootstrap: str, events: Sequence[Envelope[BaseModel]]) -> dict[str, float]:
    """Publish in order; returns each case's publish time (monotonic)."""

    async def run() -> dict[str, float]:
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
        await producer.start()
        sent: dict[str, float] = {}
        try:
            for event in events:
                key = str(event.subject)
                await producer.send(topics.CASES_EVENTS, encode(event), key=key.encode())
                sent[key] = time.monotonic()
            await producer.flush()
        finally:
            await producer.stop()
        return sent

    return asyncio.run(run())
