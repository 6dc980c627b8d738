"""Assign, reassign, unassign and who is eligible, through the staff API on the fakes: the
same use case (service_layer/assignment.py) the workspace forms call."""

from __future__ import annotations

from typing import Any

import pytest

from tests.service.cases.staff_support import StaffWorld, fake_staff_world, token
from tests.unit.cases.packaged_rules import packaged_policy

BAWASLU = token("bawaslu", "18.12", name="Siti Bawaslu")


@pytest.fixture
def world() -> StaffWorld:
    return fake_staff_world(packaged_policy())


async def call(
    world: StaffWorld, method: str, path: str, headers: dict[str, str], **body: Any
) -> tuple[int, Any]:
    async with world.client() as http:
        response = await http.request(method, path, json=body or None, headers=headers)
    return response.status_code, response.json()


async def test_the_picker_lists_officers_of_the_assigners_side_who_see_the_case(
    world: StaffWorld,
) -> None:
    case_id, _ = await world.seed(region="18.12")
    http, officers = await call(world, "GET", f"/v1/cases/{case_id}/assignees", BAWASLU)
    # Not Siti of 18.01 (her queue would not show a 18.12 case), not BKN's officer.
    assert http == 200 and [o["id"] for o in officers] == ["staf.tubaba.01", "staf.tubaba.02"]
    admin = token("admin", None)
    _, for_admin = await call(world, "GET", f"/v1/cases/{case_id}/assignees", admin)
    assert [o["id"] for o in for_admin] == ["staf.tubaba.01", "staf.tubaba.02"]
    province = token("bawaslu", "18")
    _, for_province = await call(world, "GET", f"/v1/cases/{case_id}/assignees", province)
    assert [o["id"] for o in for_province] == ["staf.tubaba.01", "staf.tubaba.02"]


async def test_assign_reassign_unassign_on_the_timeline_the_events_and_the_queue(
    world: StaffWorld,
) -> None:
    case_id, _ = await world.seed()
    path = f"/v1/cases/{case_id}/assign"
    first, _ = await call(world, "POST", path, BAWASLU, assignee="staf.tubaba.01")
    second, _ = await call(world, "POST", path, BAWASLU, assignee="staf.tubaba.02", reason="cuti")
    third, read = await call(world, "POST", path, BAWASLU, assignee=None, expected_version=3)
    assert (first, second, third) == (200, 200, 200) and read["assignee"] is None
    assert [t["action"] for t in read["timeline"]][-3:] == ["assign", "assign", "unassign"]
    assert read["timeline"][-2]["details"] == {
        "assignee": "staf.tubaba.02",
        "previous": "staf.tubaba.01",
    }
    outbox = (await world.document(case_id))["outbox"]
    assert [
        (e["envelope"]["data"]["assignee"], e["envelope"]["data"]["previous_assignee"])
        for e in outbox
    ] == [
        ("staf.tubaba.01", None),
        ("staf.tubaba.02", "staf.tubaba.01"),
        (None, "staf.tubaba.02"),
    ]
    _, nobody = await call(world, "GET", "/v1/cases?assignee=none", BAWASLU)
    assert case_id in [c["case_id"] for c in nobody["items"]]
    await call(world, "POST", path, BAWASLU, assignee="staf.tubaba.01")
    _, theirs = await call(world, "GET", "/v1/cases?assignee=staf.tubaba.01", BAWASLU)
    _, unassigned = await call(world, "GET", "/v1/cases?assignee=none", BAWASLU)
    assert [c["case_id"] for c in theirs["items"]] == [case_id]
    assert case_id not in [c["case_id"] for c in unassigned["items"]]


@pytest.mark.parametrize("assignee", ["staf.lamsel.01", "bkn.lampung.01", "nobody.known", "Andi"])
async def test_an_officer_outside_the_picker_is_refused_and_nothing_changes(
    world: StaffWorld, assignee: str
) -> None:
    case_id, _ = await world.seed(region="18.12")
    http, body = await call(
        world, "POST", f"/v1/cases/{case_id}/assign", BAWASLU, assignee=assignee
    )
    assert http == 422 and body["field"] == "assignee" and body["title"] == "Invalid assignee"
    document = await world.document(case_id)
    assert document["version"] == 1 and document.get("assignee") is None


async def test_roles_that_may_not_assign_and_finished_cases_are_refused(world: StaffWorld) -> None:
    case_id, _ = await world.seed(region="18.12")
    path = f"/v1/cases/{case_id}/assign"
    ops = token("ops", "RI")
    assert (await call(world, "POST", path, ops, assignee="staf.tubaba.01"))[0] == 403
    assert (await call(world, "GET", f"/v1/cases/{case_id}/assignees", ops))[0] == 403
    elsewhere = token("bawaslu", "35.08")  # does not see the case: as if it did not exist
    assert (await call(world, "POST", path, elsewhere, assignee="staf.tubaba.01"))[0] == 404
    await world.transition(case_id, 1, headers=BAWASLU, command="withdraw", reason="dicabut")
    http, _ = await call(world, "POST", path, BAWASLU, assignee="staf.tubaba.01")
    assert http == 403
    _, read = await call(world, "GET", f"/v1/cases/{case_id}", BAWASLU)
    assert read["can_assign"] is False


async def test_a_forgotten_assignee_field_is_a_422_never_an_unassignment(
    world: StaffWorld,
) -> None:
    case_id, _ = await world.seed()
    await call(world, "POST", f"/v1/cases/{case_id}/assign", BAWASLU, assignee="staf.tubaba.01")
    http, _ = await call(world, "POST", f"/v1/cases/{case_id}/assign", BAWASLU, reason="lupa")
    assert http == 422
    assert (await world.document(case_id))["assignee"] == "staf.tubaba.01"
