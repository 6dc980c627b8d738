"""`netra deliveries list|show|retry` against notify's admin API served for real (uvicorn on
a thread) over the fake pipeline: what ops types reaches the worker, errors are said."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from fastapi import FastAPI
from typer.testing import CliRunner

from services.cli import app as netra
from services.common.problem import install_problem_handlers
from services.notify.domain.delivery_progress import DeliveryState
from services.notify.entrypoints.admin_api import admin_router
from tests.fakes.notify import InMemoryReceipts
from tests.infra import free_ports
from tests.service.notify.delivery_world import FAST, World, case_event

TOKEN = "cli-admin-token-0123456789"


@pytest.fixture
def served() -> Iterator[tuple[World, str]]:
    world = World(targets=(FAST, FAST + "/gone"))
    world.channel.refusing.add(FAST + "/gone")

    async def prepare() -> None:
        await world.start()
        await world.intake.take([case_event("CASE-1")])
        await world.round()

    asyncio.run(prepare())
    api = FastAPI()
    install_problem_handlers(api)
    api.include_router(admin_router(ops=world.ops(), receipts=InMemoryReceipts(), token=TOKEN))
    [port] = free_ports(1)
    server = uvicorn.Server(uvicorn.Config(api, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield world, f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def run(url: str, *args: str, token: str = TOKEN) -> tuple[int, str]:
    env = {"NOTIFY_URL": url, "NOTIFY_ADMIN_TOKEN": token, "COLUMNS": "200"}
    result = CliRunner().invoke(netra, ["deliveries", *args], env=env)
    return result.exit_code, result.output


def test_list_show_and_retry_a_dead_delivery(served: tuple[World, str]) -> None:
    world, url = served
    [dead] = world.ops().waiting(state=DeliveryState.DEAD, limit=10)
    code, listed = run(url, "list", "--state", "dead")
    assert code == 0 and dead.notification_id in listed and "1 deliveries" in listed
    code, shown = run(url, "show", dead.notification_id)
    assert code == 0 and "HTTP 410 (not retryable)" in shown and "state: dead" in shown
    code, retried = run(url, "retry", dead.notification_id, "--reason", "fixed")
    assert code == 0 and "requeued" in retried
    assert world.worker.tracked[dead.notification_id].progress.state is DeliveryState.PENDING


def test_errors_are_said_and_exit_non_zero(served: tuple[World, str]) -> None:
    world, url = served
    delivered = world.channel.arrived[0].notification_id
    code, output = run(url, "retry", delivered, "--reason", "again")
    assert code == 1 and "Already delivered" in output
    code, output = run(url, "list", token="wrong")
    assert code == 1 and "Invalid admin token" in output
    code, output = run("http://127.0.0.1:9", "list")
    assert code == 1 and "notify unreachable" in output
