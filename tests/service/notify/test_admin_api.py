"""Notify's ops API (/admin/deliveries) on fakes: the token is required; list, show,
retry; a delivered one is refused (409), an unknown one is 404, all problem+json."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.common.problem import install_problem_handlers
from services.notify.entrypoints.admin_api import admin_router
from tests.fakes.notify import InMemoryReceipts
from tests.service.notify.delivery_world import FAST, World, case_event

TOKEN = "admin-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def world() -> Iterator[World]:
    loop = asyncio.new_event_loop()
    built = World(targets=(FAST, FAST + "/gone"))
    built.channel.refusing.add(FAST + "/gone")

    async def prepare() -> None:
        await built.start()
        await built.intake.take([case_event("CASE-1")])
        await built.round()

    loop.run_until_complete(prepare())
    yield built
    loop.close()


def client(world: World) -> TestClient:
    app = FastAPI()
    install_problem_handlers(app)
    app.include_router(admin_router(ops=world.ops(), receipts=InMemoryReceipts(), token=TOKEN))
    return TestClient(app)


def test_without_the_token_nothing_is_shown(world: World) -> None:
    with client(world) as http:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN + "x"}):
            response = http.get("/admin/deliveries", headers=headers)
            assert response.status_code == 401
            assert response.headers["content-type"] == "application/problem+json"
            assert "NOTIFY_ADMIN_TOKEN" in response.json()["detail"]


def test_list_show_and_retry_a_dead_delivery(world: World) -> None:
    with client(world) as http:
        dead = http.get("/admin/deliveries", params={"state": "dead"}, headers=AUTH).json()
        [row] = dead["deliveries"]
        assert row["state"] == "dead" and row["attempts"] == 1 and "steps" not in row
        nid = row["notification_id"]
        shown = http.get(f"/admin/deliveries/{nid}", headers=AUTH).json()
        assert [s["kind"] for s in shown["steps"]] == ["dead"]
        retried = http.post(
            f"/admin/deliveries/{nid}/retry", json={"reason": "fixed"}, headers=AUTH
        )
        assert retried.status_code == 200 and retried.json()["result"] == "requeued"
        assert http.post(f"/admin/deliveries/{nid}/retry", json={}, headers=AUTH).status_code == 422
        case = http.get("/admin/deliveries", params={"case_id": "CASE-1"}, headers=AUTH).json()
        assert sorted(d["state"] for d in case["deliveries"]) == ["delivered", "pending"]


def test_a_delivered_one_is_not_retried_and_an_unknown_one_is_404(world: World) -> None:
    delivered = next(iter(a.notification_id for a in world.channel.arrived))
    with client(world) as http:
        again = http.post(
            f"/admin/deliveries/{delivered}/retry", json={"reason": "x"}, headers=AUTH
        )
        assert again.status_code == 409 and "never sent twice" in again.json()["detail"]
        assert http.get("/admin/deliveries/NTF-NONE", headers=AUTH).status_code == 404
        missing = http.post("/admin/deliveries/NTF-NONE/retry", json={"reason": "x"}, headers=AUTH)
        assert missing.status_code == 404
