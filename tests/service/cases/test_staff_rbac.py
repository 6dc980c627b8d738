"""RBAC as a table: role x region x endpoint -> status, through HTTP on the in-memory store."""

from __future__ import annotations

from datetime import timedelta

import pytest

from schemas.triage import Category
from tests.service.cases.staff_support import StaffWorld, fake_staff_world, token
from tests.unit.cases.packaged_rules import packaged_policy

# The case under test: a money-politics report in Tulang Bawang Barat (18.12), routed to
# Bawaslu and Gakkumdu there, not yet forwarded to BKN or a PPK.
ROUTES = ["BAWASLU:18.12", "GAKKUMDU:18.12"]

VIEW = [
    (("bawaslu", "18.12"), 200),
    (("bawaslu", "18"), 200),  # the province office sees its kabupaten
    (("bawaslu", "RI"), 200),
    (("bawaslu", "35"), 404),  # another province: never reveal the case exists
    (("bawaslu", None), 404),  # misconfigured account fails closed
    (("gakkumdu", "18.12"), 200),
    (("gakkumdu", "35.08"), 404),
    (("bkn", "18"), 404),  # not forwarded to BKN yet
    (("kemendagri", "RI"), 404),  # not routed to Kemendagri
    (("ppk", "18.12"), 404),
    (("ops", "RI"), 200),
    (("admin", "RI"), 200),
]
ACT = [  # start_review: Bawaslu's step
    (("bawaslu", "18.12"), 200),
    (("bawaslu", "18"), 200),
    (("bawaslu", "35"), 404),
    (("gakkumdu", "18.12"), 403),  # sees it, may not do it
    (("ops", "RI"), 403),
    (("admin", "RI"), 200),
    (("bkn", "18"), 404),
]
REPORTER = [
    (("bawaslu", "18.12"), 200),
    (("gakkumdu", "18.12"), 200),
    (("admin", "RI"), 200),
    (("ops", "RI"), 403),
    (("bawaslu", "35"), 404),
    (("bkn", "18"), 404),
]
NOTES = [(("bawaslu", "18.12"), 201), (("ops", "RI"), 403), (("bawaslu", "35"), 404)]


@pytest.fixture
def world() -> StaffWorld:
    return fake_staff_world(packaged_policy())


async def _case(world: StaffWorld) -> str:
    case_id, _ = await world.seed(routes=ROUTES, category=Category.MONEY_POLITICS)
    return case_id


@pytest.mark.parametrize(("who", "expected"), VIEW)
async def test_viewing_a_case(
    world: StaffWorld, who: tuple[str, str | None], expected: int
) -> None:
    case_id = await _case(world)
    async with world.client() as http:
        response = await http.get(f"/v1/cases/{case_id}", headers=token(*who))
        listed = await http.get("/v1/cases", headers=token(*who), params={"q": case_id})
        missing = await http.get("/v1/cases/CASE-0000000000000000", headers=token(*who))
    assert response.status_code == expected, response.text
    assert response.headers["content-type"].startswith(
        "application/json" if expected == 200 else "application/problem+json"
    )
    assert (len(listed.json()["items"]) == 1) == (expected == 200)
    if expected == 404:  # exactly what a case that does not exist answers
        hidden, absent = response.json(), missing.json()
        assert hidden.pop("instance").endswith(case_id)
        absent.pop("instance")
        assert hidden == absent


@pytest.mark.parametrize(("who", "expected"), ACT)
async def test_making_a_transition(
    world: StaffWorld, who: tuple[str, str | None], expected: int
) -> None:
    case_id = await _case(world)
    body = {"command": "start_review", "expected_version": 1}
    async with world.client() as http:
        response = await http.post(
            f"/v1/cases/{case_id}/transitions", json=body, headers=token(*who)
        )
    assert response.status_code == expected, response.text


@pytest.mark.parametrize(("who", "expected"), REPORTER)
async def test_reading_the_reporter(
    world: StaffWorld, who: tuple[str, str | None], expected: int
) -> None:
    case_id = await _case(world)
    async with world.client() as http:
        response = await http.get(
            f"/v1/cases/{case_id}/reporter?reason=klarifikasi", headers=token(*who)
        )
    assert response.status_code == expected, response.text
    logged = len(await world.access_log.entries_for(case_id))
    assert logged == (1 if expected == 200 else 0)


@pytest.mark.parametrize(("who", "expected"), NOTES)
async def test_adding_a_note(world: StaffWorld, who: tuple[str, str | None], expected: int) -> None:
    case_id = await _case(world)
    async with world.client() as http:
        response = await http.post(
            f"/v1/cases/{case_id}/notes", json={"text": "Saksi dihubungi"}, headers=token(*who)
        )
    assert response.status_code == expected, response.text


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer not-a-jwt"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        token("bawaslu", "18.12", key="another-key-another-key-another-key"),
        token("bawaslu", "18.12", ttl=timedelta(seconds=-120)),
    ],
    ids=["none", "garbage", "basic", "wrong-key", "expired"],
)
@pytest.mark.parametrize("path", ["/v1/cases", "/v1/stats", "/v1/cases/CASE-X"])
async def test_missing_or_bad_tokens_get_401(
    world: StaffWorld, headers: dict[str, str], path: str
) -> None:
    async with world.client() as http:
        response = await http.get(path, headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


async def test_public_status_needs_no_token_and_shows_no_reporter(world: StaffWorld) -> None:
    case_id = await _case(world)
    found = await world.document(case_id)
    code = found["report_meta"][0]["tracking_code"]
    async with world.client() as http:
        response = await http.get(f"/v1/status/{code}")
    body = response.json()
    assert response.status_code == 200 and body["case_id"] == case_id
    assert set(body) == {
        "tracking_code",
        "status",
        "received_at",
        "case_id",
        "category",
        "routes",
        "linked_reports",
        "timeline",
    }
    assert "Budi" not in response.text
    assert {tuple(item) for item in body["timeline"]} == {("at", "action", "status", "trace_id")}
    assert [item["action"] for item in body["timeline"]] == ["case.opened"]  # public name kept
