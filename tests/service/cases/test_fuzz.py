"""Schemathesis over the cases staff API and the public status lookup, on the in-memory fakes.

The app is the one bootstrap wires (routes, problem handlers, the guarded edge), over the
fakes. Every operation is fuzzed twice: with a real staff token (roles in turn) and half
of the requests aimed at seeded cases and their reports, so transitions, links, splits
and reporter reads run on real documents; and with no token or a forged one. No answer
may be a server error.

Here rather than under tests/faults/: it needs no Kafka or store.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.service.cases.staff_support import StaffWorld, fake_staff_world, token
from tests.unit.cases.packaged_rules import packaged_policy

EXAMPLES_PER_OPERATION = 240
# With intake's 1,150, notify's 150 and triage's 30: at least 5,000 requests over all services.
MIN_REQUESTS = 3_700
SEEDED_CASES = 4
ROLES = [
    token("bawaslu", "18.12", name="Siti Bawaslu"),
    token("admin", name="Admin Pusat"),
    token("ops", name="Operator"),
    token("gakkumdu", "18.12", name="Gakkumdu Lampung"),
    token("bkn", name="Petugas BKN", agency="BKN"),
]
FORGED = [
    {},
    {"Authorization": "Bearer not.a.jwt"},
    token("bawaslu", "18.12", key="another-key-0123456789abcdef0123456789"),
]

answered: Counter[tuple[str, int]] = Counter()


def seeded_world() -> tuple[StaffWorld, list[tuple[str, str]]]:
    world = fake_staff_world(packaged_policy())

    async def seed() -> list[tuple[str, str]]:
        return [await world.seed(region="18.12") for _ in range(SEEDED_CASES)]

    return world, asyncio.run(seed())


WORLD, SEEDED = seeded_world()
schema = schemathesis.openapi.from_asgi("/openapi.json", WORLD.app)
turns = itertools.count()

FUZZ_SETTINGS = settings(
    deadline=None,
    derandomize=True,  # the same requests every run: a failure reproduces
    database=None,
    suppress_health_check=list(HealthCheck),
)


def aim_at_a_seeded_case(case: schemathesis.Case[Any], turn: int) -> None:
    """Every other request names a case (and a report) that exists."""
    if turn % 2 or "case_id" not in (case.path_parameters or {}):
        return
    case_id, report_id = SEEDED[turn // 2 % len(SEEDED)]
    case.path_parameters = {**(case.path_parameters or {}), "case_id": case_id}
    if "report_id" in case.path_parameters:
        case.path_parameters["report_id"] = report_id


def check(case: schemathesis.Case[Any], headers: dict[str, str]) -> None:
    response = case.call(headers=headers)
    answered[(case.operation.path, response.status_code)] += 1
    operation = (case.operation.method.upper(), case.operation.path)
    assert response.status_code < 500, (operation, response.status_code, response.text[:500])


@schema.parametrize()
@settings(FUZZ_SETTINGS, max_examples=EXAMPLES_PER_OPERATION)
def test_no_server_error_for_signed_in_staff(case: schemathesis.Case[Any]) -> None:
    turn = next(turns)
    aim_at_a_seeded_case(case, turn)
    check(case, ROLES[turn % len(ROLES)])


@schema.parametrize()
@settings(FUZZ_SETTINGS, max_examples=EXAMPLES_PER_OPERATION // 4)
def test_no_server_error_without_a_valid_token(case: schemathesis.Case[Any]) -> None:
    turn = next(turns)
    aim_at_a_seeded_case(case, turn)
    check(case, FORGED[turn % len(FORGED)])


def test_every_route_that_takes_a_body_declares_it() -> None:
    paths = WORLD.app.openapi()["paths"]
    posts = [
        (path, op) for path, ops in paths.items() for method, op in ops.items() if method == "post"
    ]
    assert posts and all("requestBody" in op for _, op in posts), [p for p, _ in posts]


def test_the_fuzzer_sent_enough_requests() -> None:
    """Runs after the fuzz tests above (file order); skipped when they were deselected."""
    if not answered:
        pytest.skip("the fuzz tests did not run in this session")
    total = sum(answered.values())
    print(f"\nschemathesis (cases): {total} requests; by (path, status): {dict(answered)}")
    assert total >= MIN_REQUESTS
    assert not any(status >= 500 for _, status in answered)
    assert {status for _, status in answered} >= {200, 401, 404, 422}  # reached the routes
