"""The dashboard page (/stats) on the fakes: figures from the staff view's tally, scoped to
the officer's region as the queue is, filters and drill-down, bad filters named back."""

from __future__ import annotations

import re

import httpx
import pytest

from schemas.triage import Category
from services.cases.entrypoints.web.session import SESSION_COOKIE
from tests.service.cases.staff_support import StaffWorld, fake_staff_world, token
from tests.unit.cases.packaged_rules import packaged_policy


@pytest.fixture
def world() -> StaffWorld:
    return fake_staff_world(packaged_policy())


def signed_in(world: StaffWorld, role: str, region: str | None) -> httpx.AsyncClient:
    bearer = token(role, region)["Authorization"].removeprefix("Bearer ")
    client = world.client()
    client.cookies.set(SESSION_COOKIE, bearer)
    return client


def kpi(html: str, name: str) -> int:
    found = re.search(rf'data-kpi="{name}">(\d+)<', html)
    assert found, f"no KPI {name}"
    return int(found.group(1))


async def seeded(world: StaffWorld) -> str:
    mine, _ = await world.seed(region="18.12", category=Category.MONEY_POLITICS)
    await world.seed(region="18.12", routes=["BAWASLU:18.12", "GAKKUMDU:18.12"])
    await world.seed(region="35.08")
    async with world.client() as http:
        moved = await http.post(
            f"/v1/cases/{mine}/transitions",
            json={"expected_version": 1, "command": "start_review", "reason": "mulai"},
            headers=token("bawaslu", "18.12"),
        )
    assert moved.status_code == 200, moved.text
    return mine


async def test_an_officer_sees_only_the_figures_of_cases_they_may_see(world: StaffWorld) -> None:
    await seeded(world)
    async with signed_in(world, "bawaslu", "18.12") as local:
        mine = (await local.get("/stats")).text
    async with signed_in(world, "ops", "RI") as national:
        everything = (await national.get("/stats")).text
    async with signed_in(world, "bawaslu", "35") as elsewhere:
        east_java = (await elsewhere.get("/stats")).text
    assert (kpi(mine, "opened"), kpi(mine, "open")) == (2, 2)
    assert (kpi(everything, "opened"), kpi(everything, "open")) == (3, 3)
    assert (kpi(east_java, "opened"), kpi(east_java, "open")) == (1, 1)
    assert 'data-province="18" data-value="2"' in mine
    assert 'data-province="35" data-value="0"' in mine  # the tile is there, its cases are not
    assert 'data-province="35" data-value="1"' in everything


async def test_filters_and_drill_down(world: StaffWorld) -> None:
    await seeded(world)
    async with signed_in(world, "ops", "RI") as http:
        gakkumdu = (await http.get("/stats", params={"authority": "GAKKUMDU"})).text
        pemilu = (await http.get("/stats", params={"election": "pemilu"})).text
        lampung = await http.get("/stats", params={"province": "18"})
        past = (await http.get("/stats", params={"from": "2025-01-01", "to": "2025-01-31"})).text
        # the fixture's reports were received on the contract example's day, not the clock's
        received = await http.get("/stats", params={"from": "2026-11-01", "to": "2026-11-30"})
    assert kpi(gakkumdu, "open") == 1 and kpi(pemilu, "open") == 0
    assert lampung.status_code == 200
    assert 'data-area="18.12"' in lampung.text and 'data-area="35.08"' not in lampung.text
    assert 'id="back-to-country"' in lampung.text
    assert kpi(past, "opened") == 0 and kpi(past, "open") == 3  # open now, whatever the period
    assert (kpi(received.text, "reports"), kpi(received.text, "opened")) == (3, 0)
    assert '<th scope="row">2026-11-20</th><td>3</td>' in received.text  # by channel: web


async def test_the_charts_have_titles_descriptions_and_tables(world: StaffWorld) -> None:
    await seeded(world)
    async with signed_in(world, "ops", "RI") as http:
        html = (await http.get("/stats", params={"lang": "en"})).text
    for chart in ("reports-channel", "reports-category", "flow", "backlog", "missed"):
        assert f'id="chart-{chart}" role="img"' in html
        assert f'<title id="chart-{chart}-t">' in html and f'<desc id="chart-{chart}-d">' in html
    assert html.count('<details class="data-table"') >= 6
    assert "Reports per day by channel" in html and html.count("data-province=") == 38
    assert 'data-status="received"' in html  # step times: received -> preliminary review


async def test_a_bad_filter_is_named_and_the_rest_still_drawn(world: StaffWorld) -> None:
    await seeded(world)
    async with signed_in(world, "ops", "RI") as http:
        answer = await http.get(
            "/stats", params={"from": "yesterday", "province": "99", "lang": "en"}
        )
    assert answer.status_code == 400
    assert "From: not a date" in answer.text and "Province: unknown province" in answer.text
    assert kpi(answer.text, "open") == 3


async def test_signed_out_goes_to_sign_in(world: StaffWorld) -> None:
    async with world.client() as http:
        answer = await http.get("/stats")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
