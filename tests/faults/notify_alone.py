"""Notify as a process of its own on the session's Kafka and store, with a directory that
sends each route prefix to one receiver, and case events published straight to Kafka.

Each test gets its own database (a fresh delivery log) and its own route prefix; the
consumer group is notify's, so a later test's notify starts after the earlier events.
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

from aiokafka import AIOKafkaProducer
from pydantic import BaseModel

from deploy.local import services as stack_services
from deploy.local.procs import Proc
from schemas import topics
from schemas.cases import CaseOpened
from schemas.codec import encode
from schemas.envelope import Envelope
from schemas.events import CASE_OPENED
from tests.faults.webhook_receivers import Receiver
from tests.infra import SessionInfra, free_ports

EXAMPLE = Path(__file__).parents[2] / "schemas" / "examples" / "case.opened.json"


def directory_file(tmp: Path, routes: dict[str, Receiver]) -> Path:
    lines = ["version: 1", "authorities:"]
    for prefix, receiver in routes.items():
        lines += [
            f'  - pattern: "{prefix}:*"',
            f'    name: "Receiver {prefix}"',
            f'    endpoints: [{{channel: webhook, target: "{receiver.url}"}}]',
        ]
    path = tmp / "directory.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def notify_env(infra: SessionInfra, directory: Path, **overrides: str) -> dict[str, str]:
    env = dict(infra.env)
    env.update(
        NOTIFY_PORT=str(free_ports(1)[0]),
        NOTIFY_DIRECTORY_FILE=str(directory),
        MONGODB_DATABASE=f"faults_notify_{uuid.uuid4().hex[:8]}",
        NETRA_WEBHOOK_SECRET="faults-webhook-secret-0123456789",
        NOTIFY_ADMIN_TOKEN="faults-admin-token",
        NOTIFY_RETRY_FIRST_DELAY_S="0.5",
        NOTIFY_RETRY_MAX_DELAY_S="2",
        NOTIFY_CIRCUIT_OPEN_S="1",
        NOTIFY_BATCH_MAX_WAIT_MS="20",
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
